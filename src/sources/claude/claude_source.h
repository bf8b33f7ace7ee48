// Claude Code: roots from CLAUDE_CONFIG_DIR (comma list) else ~/.claude and ~/.config/claude;
// every *.jsonl under <root>/projects (main sessions, inline sidechains, flat agent-*.jsonl and
// <session>/subagents/** files; workflow journal.jsonl skipped). Stateless; thread-safe.
#pragma once

#include "sources/source.h"

namespace receipts::sources::claude {

class ClaudeSource final : public Source {
 public:
  std::string_view name() const override { return kAgentClaude; }
  std::vector<std::string> Roots(const Environment& env) const override;
  std::vector<DiscoveredFile> Discover(const std::vector<std::string>& roots) const override;
  std::vector<std::string> WatchedDirs(const std::vector<std::string>& roots) const override;
  ReadMode read_mode(std::string_view path) const override;
  ParseOutput Parse(const std::string& path, std::string_view data, uint64_t base_offset,
                    std::string_view state) const override;

 private:
  // `subagents/agent-<id>.meta.json` sidecars: {agentType, description, toolUseId}.
  ParseOutput ParseMetaJson(const std::string& path, std::string_view data) const;
};

// Session id and project directory implied by a file's path, used when lines lack them.
struct PathIdentity {
  std::string session_id;
  std::string project_dir;
};
PathIdentity IdentityFromPath(const std::string& path);

}  // namespace receipts::sources::claude
