// opencode (FORMATS.md §5): root ${XDG_DATA_HOME:-~/.local/share}/opencode. Current builds keep
// everything in SQLite (`opencode.db`, `opencode-<channel>.db`: tables session, message, part;
// kPathOnly, opened read-only by the source); older builds wrote one JSON file per message
// (`storage/message/<sessionID>/<messageID>.json`, kWhole each) with sessions and parts beside it
// (`storage/session/<projectID>/<sessionID>.json`, `storage/part/<messageID>/<partID>.json`).
// Stateless; thread-safe.
//
// Decisions:
// - Dedupe key "opencode:<messageID>" for both the DB row and the legacy file of a message, so
//   a message present in both (the DB migration copies the files) counts once; the files are
//   rewritten in place while streaming, and the ingest's per-field max keeps the final counts.
// - Tokens: input = tokens.input (opencode already removes cache reads/writes from it),
//   cache_read = tokens.cache.read, cache_write_5m = tokens.cache.write,
//   output = tokens.output + tokens.reasoning, reasoning = tokens.reasoning. opencode stores
//   reasoning OUTSIDE output (Session.getUsage: output = outputTokens − reasoningTokens since the
//   AI SDK v6 normalisation) and bills it at the output rate on top of output, so adding it back
//   makes our calculated cost agree with the `cost` opencode recorded, for every provider.
// - recorded_cost_nanos = llround(cost × 1e9) when cost > 0, else none (0 means subscription or
//   unknown price, FORMATS §5). ts = time.created (ms). model = modelID, provider = providerID.
// - A session with a parent (session.parent_id / parentID) is a subagent run: usage goes to the
//   root session, sidechain = true, subagent_id = the child session id, plus a
//   SubagentRunRecord (type = the child's agent, else mode, else the spawning task's
//   subagent_type; tool_use_id = the parent's `task` tool call whose metadata names the child).
// - Prompts: every user message (turn_id = its id, text from its non-synthetic text parts when
//   parts exist); assistant messages answer turn `parentID`. Tool parts → tool calls, results
//   and tool_error records; assistant `error` → api_error / rate_limit (aborts are not errors).
// - Schema tolerance: only message(id, data) is required; session_id, time_created, the session
//   table (parent_id, directory, title) and the part table (message_id, data) are used when
//   present. A locked, corrupt or foreign DB yields one MalformedLine naming the problem.
//
// Resume state: none (ParseOutput::state is always ""). The DB is re-read whole whenever it
// changes; message rows are updated in place while streaming, and the dedupe keys make the
// re-read idempotent. consumed_to is 0 for a DB (kPathOnly has no byte checkpoint; note that new
// rows usually land in `<db>-wal` first, so change detection must look at that file too).
#pragma once

#include "sources/source.h"

namespace receipts::sources::opencode {

inline constexpr const char* kAgentOpencode = "opencode";

class OpencodeSource final : public Source {
 public:
  std::string_view name() const override { return kAgentOpencode; }
  std::vector<std::string> Roots(const Environment& env) const override;
  std::vector<DiscoveredFile> Discover(const std::vector<std::string>& roots) const override;
  ReadMode read_mode(std::string_view path) const override;
  ParseOutput Parse(const std::string& path, std::string_view data, uint64_t base_offset,
                    std::string_view state) const override;
};

// True for `opencode.db` and `opencode-<channel>.db` file names.
bool IsDatabaseName(std::string_view file_name);

}  // namespace receipts::sources::opencode
