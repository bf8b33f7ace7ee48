// Claude Code parser (FORMATS.md §1): usage only from top-level `assistant` records (or records
// without a type) carrying `message.usage`; `<synthetic>` lines become API errors, not calls;
// usage nested in progress/toolUseResult is never read. Also: prompts and turns, tool calls and
// results, subagent links (Task tool_use ⇄ agentId via toolUseResult, result text, progress
// lines, meta.json sidecars, and inline sidechains), errors.
// State between incremental parses: the current turn and the Task calls still awaiting results.
#include <cmath>
#include <cstring>
#include <sstream>

#include "core/time.h"
#include "sources/claude/claude_line.h"
#include "sources/claude/claude_source.h"
#include "sources/line_reader.h"

namespace receipts::sources::claude {
namespace {

struct State {
  std::string turn_id;
  std::vector<std::string> pending_tasks;  // Task tool_use ids without a result yet

  static State Load(std::string_view text) {
    State s;
    std::istringstream in{std::string(text)};
    std::string line;
    while (std::getline(in, line)) {
      if (line.rfind("t=", 0) == 0) s.turn_id = line.substr(2);
      if (line.rfind("p=", 0) == 0 && line.size() > 2) s.pending_tasks.push_back(line.substr(2));
    }
    return s;
  }
  std::string Save() const {
    std::string out = "t=" + turn_id + "\n";
    for (const auto& p : pending_tasks) out += "p=" + p + "\n";
    return out;
  }
};

bool IsTaskTool(std::string_view name) { return name == "Task" || name == "Agent"; }

std::string SubagentTypeFromId(std::string_view agent_id) {
  if (agent_id.rfind("acompact", 0) == 0) return "compaction";
  if (agent_id.rfind("aside_question", 0) == 0) return "side-question";
  return "";
}

std::string ErrorKind(std::string_view text) {
  auto has = [&](const char* needle) { return text.find(needle) != std::string_view::npos; };
  return has("usage limit") || has("rate limit") || has("Rate limit") || has("429") ||
                 has("rate_limit")
             ? "rate_limit"
             : "api_error";
}

bool IsHumanPrompt(const ClaudeLine& l) {
  if (l.sidechain || l.is_meta || l.is_compact_summary || !l.tool_results.empty()) return false;
  if (l.text.empty()) return false;
  return l.text.rfind("<local-command-stdout>", 0) != 0 &&
         l.text.rfind("<local-command-stderr>", 0) != 0;
}

}  // namespace

ParseOutput ClaudeSource::Parse(const std::string& path, std::string_view data,
                                uint64_t base_offset, std::string_view state_text) const {
  ParseOutput out;
  if (path.size() > 10 && path.compare(path.size() - 10, 10, ".meta.json") == 0) {
    return ParseMetaJson(path, data);
  }
  PathIdentity identity = IdentityFromPath(path);
  State state = State::Load(state_text);

  ClaudeLine line;
  std::string session, cwd, subagent, turn;  // of the line being read; assign keeps the capacity
  auto parse_piece = [&](std::string_view json, const char* buffer_end, uint64_t offset,
                         bool recovering) -> PieceResult {
    if (json.front() != '{' || json.back() != '}') return PieceResult::kInvalid;
    // Every line is read with the on-demand parser: about 96% of the bytes are user, assistant
    // and progress lines, which matter, so a text pre-filter cost more than it saved.
    line.Clear();  // one ClaudeLine per file: its buffers keep their capacity
    if (!ReadClaudeLine(json, buffer_end, line)) return PieceResult::kInvalid;
    auto ts = parse_iso8601_ms(line.timestamp);
    session.assign(line.session_id.empty() ? std::string_view(identity.session_id) : line.session_id);
    cwd.assign(line.cwd.empty() ? std::string_view(identity.project_dir) : line.cwd);
    subagent.assign(line.agent_id);
    if (line.sidechain && subagent.empty() && !state.pending_tasks.empty()) {
      subagent = state.pending_tasks.back();  // layout A: inline under the open Task call
      out.subagent_runs.push_back({subagent, session, subagent, "", "", ts.value_or(0)});
    }
    if (!line.agent_id.empty()) {
      std::string type = SubagentTypeFromId(line.agent_id);
      if (!type.empty()) out.subagent_runs.push_back({subagent, session, "", type, "", ts.value_or(0)});
    }
    turn.assign(line.sidechain ? std::string_view() : std::string_view(state.turn_id));

    if (line.type == "progress") {
      if (line.progress_type == "agent_progress" && !line.progress_agent_id.empty() &&
          !line.parent_tool_use_id.empty()) {
        out.subagent_runs.push_back({std::string(line.progress_agent_id), session,
                                     std::string(line.parent_tool_use_id), "", "", ts.value_or(0)});
      }
      return PieceResult::kUsed;
    }
    if (line.type == "user") {
      if (!ts) return PieceResult::kUsed;
      if (IsHumanPrompt(line)) {
        state.turn_id = line.uuid.empty() ? path + ":" + std::to_string(offset) : std::string(line.uuid);
        out.prompts.push_back({state.turn_id, session, cwd, *ts, line.text, false, "", offset});
      } else if (line.sidechain && line.tool_results.empty() && !line.text.empty() &&
                 !line.uuid.empty()) {
        out.prompts.push_back({std::string(line.uuid), session, cwd, *ts, line.text, true, subagent, offset});
      }
      for (const ToolResult& tr : line.tool_results) {
        std::string id(tr.tool_use_id);
        out.tool_results.push_back({id, session, *ts, tr.bytes, tr.is_error, tr.head, offset});
        if (tr.is_error) out.errors.push_back({session, turn, *ts, "tool_error", tr.head, id, offset});
        std::string agent_id = !line.tool_use_result_agent_id.empty()
                                   ? std::string(line.tool_use_result_agent_id)
                                   : tr.agent_id;
        if (!agent_id.empty()) out.subagent_runs.push_back({agent_id, session, id, "", "", *ts});
        auto& pending = state.pending_tasks;
        pending.erase(std::remove(pending.begin(), pending.end(), id), pending.end());
      }
      return PieceResult::kUsed;
    }
    if (line.has_type && line.type != "assistant") return PieceResult::kUsed;
    if (!line.message_is_object || !line.usage.present) return PieceResult::kUsed;
    if (!ts) {
      out.malformed.push_back({offset, "usage record without a valid timestamp"});
      return PieceResult::kUsed;
    }
    if (line.model == "<synthetic>" || line.is_api_error) {
      if (line.is_api_error || !line.text.empty()) {
        out.errors.push_back({session, turn, *ts, ErrorKind(line.text),
                              line.text.substr(0, 300), "", offset});
      }
      return PieceResult::kUsed;
    }
    UsageRecord r;
    if (!line.message_id.empty()) r.dedupe_key = "m:" + std::string(line.message_id);
    else if (!line.request_id.empty()) r.dedupe_key = "r:" + std::string(line.request_id);
    r.ts_ms = *ts;
    r.session_id = session;
    r.project = cwd;
    r.model = std::string(line.model);
    r.provider = "anthropic";
    r.sidechain = line.sidechain;
    r.subagent_id = subagent;
    r.turn_id = turn;
    const ClaudeUsage& u = line.usage;
    r.tokens.input = u.input;
    r.tokens.output = u.output;
    r.tokens.cache_read = u.cache_read;
    if (u.has_split) {
      r.tokens.cache_write_1h = u.e1h;
      r.tokens.cache_write_5m = std::max(u.cache_creation, u.e5m + u.e1h) - u.e1h;
    } else {
      r.tokens.cache_write_5m = u.cache_creation;
    }
    r.web_search_requests = u.web_search;
    r.speed = std::string(u.speed);
    if (line.cost_usd) r.recorded_cost_nanos = std::llround(*line.cost_usd * 1e9);
    r.offset = offset;
    for (const ToolUse& tu : line.tool_uses) {
      ToolCallRecord tc;
      tc.tool_use_id = std::string(tu.id);
      tc.session_id = session;
      tc.turn_id = turn;
      tc.call_key = r.dedupe_key;
      tc.ts_ms = *ts;
      tc.name = std::string(tu.name);
      tc.target = tu.target;
      tc.input_bytes = tu.input_bytes;
      tc.sidechain = line.sidechain;
      tc.subagent_id = subagent;
      tc.offset = offset;
      out.tool_calls.push_back(std::move(tc));
      if (IsTaskTool(tu.name)) {
        out.subagent_runs.push_back({"", session, std::string(tu.id), tu.subagent_type,
                                     tu.description, *ts});
        if (!line.sidechain) state.pending_tasks.push_back(std::string(tu.id));
      }
    }
    if (out.first_ts_ms == 0 || r.ts_ms < out.first_ts_ms) out.first_ts_ms = r.ts_ms;
    out.records.push_back(std::move(r));
    out.usage_lines++;
    return PieceResult::kUsed;
  };

  const char* buffer_end = data.data() + data.size() + kParsePadding;
  LineScan scan = ScanLines(data, buffer_end, base_offset, parse_piece,
                            [&](uint64_t offset, const char* reason) {
                              out.malformed.push_back({offset, reason});
                            });
  out.consumed_to = scan.consumed_to;
  out.lines = scan.lines;
  // Keep the pending list bounded: a Task whose result never came should not pin forever.
  if (state.pending_tasks.size() > 64) {
    state.pending_tasks.erase(state.pending_tasks.begin(), state.pending_tasks.end() - 64);
  }
  out.state = state.Save();
  return out;
}

}  // namespace receipts::sources::claude
