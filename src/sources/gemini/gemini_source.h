// Gemini CLI (FORMATS.md §3): roots from GEMINI_DATA_DIR (comma list) else ~/.gemini/tmp;
// sessions under <root>/<projectId>/chats/: legacy `session-*.json` documents (rewritten whole,
// kWhole), append-only `session-*.jsonl` (kAppend) and subagent sessions
// `<parentSessionId>/<sessionId>.jsonl` (kAppend). Stateless; thread-safe.
//
// Counting decisions (DESIGN.md §3 "the last record per message id wins"):
// - A message id is appended again whenever the message changes (tokens arrive after content,
//   tool calls are merged). Within one Parse the last version of each id wins, except that a
//   later version without `tokens` never erases tokens an earlier one carried. Every parse emits
//   one UsageRecord per id with dedupe_key "gemini:<ownSessionId>:<messageId>"; copies from
//   earlier parses of the same file (kAppend resume), from a legacy `.json` and from its
//   migrated `.jsonl` collapse in the ingest's per-field-max merge. Max == last here because
//   gemini-cli writes `tokens` once per message (recordMessageTokens only fills a message
//   whose tokens are still null; later re-appends copy them unchanged), so no real update
//   shrinks tokens. A build that rewrote tokens smaller would be over-counted by the difference;
//   none is known.
// - `$rewindTo` is ignored: rewound calls were billed and still count.
// - `$set` is read only for `sessionId` and `directories`; a `$set.messages` array is ignored
//   (it drops rewound messages and copies tokens from the per-id records it was built from;
//   entries that only exist there are synthetic turns without tokens).
// - Tokens (DESIGN.md §3): input = input − cached + tool, cache_read = cached,
//   output = output + thoughts, reasoning = thoughts. `cached` is only subtracted when the
//   record follows the real convention (cached ⊂ input): when `total` equals
//   input + output + thoughts + tool + cached with cached > 0 (the synthetic token-audit
//   sample), `input` is taken as already uncached.
// - Subagent files (chats/<parent>/<id>.jsonl): session_id = parent, sidechain = true,
//   subagent_id = own session id, one SubagentRunRecord per parse. A parent tool call carrying
//   `agentId` also yields a SubagentRunRecord (tool_use_id = the call id, type = the tool name).
// - Project (cwd): the `.project_root` file of the project tmp dir, else the header's
//   `directories[0]`, else the project dir name (slug or hash).
//
// Resume state (kAppend, ParseOutput::state): a JSON object
//   {"v":1,"session":"<sessionId>","turn":"<last user message id>","dir":"<directories[0]>"}
// ("" for kWhole files). Everything else is re-derived from the path.
#pragma once

#include "sources/source.h"

namespace receipts::sources::gemini {

inline constexpr const char* kAgentGemini = "gemini";

class GeminiSource final : public Source {
 public:
  std::string_view name() const override { return kAgentGemini; }
  std::vector<std::string> Roots(const Environment& env) const override;
  std::vector<DiscoveredFile> Discover(const std::vector<std::string>& roots) const override;
  ReadMode read_mode(std::string_view path) const override;
  ParseOutput Parse(const std::string& path, std::string_view data, uint64_t base_offset,
                    std::string_view state) const override;
};

// What a session file's path implies.
struct PathIdentity {
  std::string session_id;         // own session id from the file name ("" for main sessions,
                                  // whose names carry only 8 characters of it)
  std::string parent_session_id;  // set for chats/<parent>/<id>.jsonl subagent sessions
  std::string project_dir;        // <root>/<projectId>
};
PathIdentity IdentityFromPath(const std::string& path);

// The project root recorded in <project_dir>/.project_root ("" when absent or unreadable).
std::string ReadProjectRoot(const std::string& project_dir);

}  // namespace receipts::sources::gemini
