// OpenAI Codex CLI (FORMATS.md §2): roots from CODEX_HOME else ~/.codex; rollout files under
// <root>/sessions/**/rollout-*.jsonl (dated tree or the older flat layout) and
// <root>/archived_sessions/**/*.jsonl (skipped when sessions/ holds the same file). Usage comes
// from cumulative `token_count` snapshots, so the parse carries running totals, model, cwd,
// turn and fork-replay phase in ParseOutput::state (see codex_state.h).
// Stateless; thread-safe.
#pragma once

#include <string>

#include "sources/source.h"

namespace receipts::sources::codex {

// The agent's spelling (DESIGN.md §1). core/usage.h defines only kAgentClaude so far.
inline constexpr const char* kAgentName = "codex";

class CodexSource final : public Source {
 public:
  std::string_view name() const override { return kAgentName; }
  std::vector<std::string> Roots(const Environment& env) const override;
  std::vector<DiscoveredFile> Discover(const std::vector<std::string>& roots) const override;
  std::vector<std::string> WatchedDirs(const std::vector<std::string>& roots) const override;
  ParseOutput Parse(const std::string& path, std::string_view data, uint64_t base_offset,
                    std::string_view state) const override;
};

// The thread id implied by a rollout file name (the uuid ending
// "rollout-YYYY-MM-DDTHH-MM-SS-<uuid>.jsonl"), else the file's stem. Used until (or when no)
// session_meta names the thread.
std::string ThreadIdFromPath(const std::string& path);

}  // namespace receipts::sources::codex
