// Gemini fold and emit (FORMATS.md §3; the counting rules are in gemini_source.h): the last
// version of each message id wins (a tokenless re-append keeps earlier tokens and tool calls),
// then one file's prompts, errors, usage, tool calls/results and subagent runs are emitted.
// Pure functions of their inputs plus the file system (.project_root); thread-safe.
#include <filesystem>
#include <string>
#include <utility>

#include "core/time.h"
#include "sources/gemini/gemini_internal.h"

namespace receipts::sources::gemini {
namespace fs = std::filesystem;

void Fold::Add(Record&& r, uint64_t offset) {
  if (r.is_rewind) return;  // rewound calls were billed: keep counting them
  if (r.is_set || !r.has_id) {
    if (!r.session_id.empty() && (session_id.empty() || !r.is_set)) session_id = r.session_id;
    if (!r.first_dir.empty()) first_dir = r.first_dir;
    if (!r.start_time.empty() && start_time.empty()) start_time = r.start_time;
    if (!r.kind.empty()) kind = r.kind;
    return;
  }
  if (r.id.empty()) return;
  if (r.type == "user") turn_id = r.id;
  auto [it, inserted] = index.emplace(r.id, messages.size());
  if (inserted) {
    messages.push_back({std::move(r), turn_id, offset});
    return;
  }
  Message& m = messages[it->second];
  if (!r.tokens.present && m.rec.tokens.present) {
    r.tokens = m.rec.tokens;  // a tokenless re-append never erases tokens
  } else {
    m.offset = offset;
  }
  if (!r.has_tool_calls && m.rec.has_tool_calls) {
    r.has_tool_calls = true;
    r.calls = std::move(m.rec.calls);
  }
  m.rec = std::move(r);
}

namespace {

TokenCounts MapTokens(const RawTokens& t) {
  TokenCounts c;
  // Real records: cached ⊂ input and total = input + output + thoughts + tool. A total that also
  // adds `cached` means `input` already excludes it (the synthetic token-audit sample).
  bool input_excludes_cached =
      t.cached > 0 && t.total > 0 && t.total == t.input + t.output + t.thoughts + t.tool + t.cached;
  c.input = (input_excludes_cached ? t.input : std::max<int64_t>(0, t.input - t.cached)) + t.tool;
  c.cache_read = t.cached;
  c.output = t.output + t.thoughts;
  c.reasoning = t.thoughts;
  return c;
}

bool MentionsRateLimit(std::string_view text) {
  std::string lower(text.substr(0, 4096));
  for (char& ch : lower) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  for (std::string_view needle : {"quota", "429", "rate limit", "rate-limit", "ratelimit",
                                  "resource_exhausted", "resource exhausted"}) {
    if (lower.find(needle) != std::string::npos) return true;
  }
  return false;
}

}  // namespace

void Emit(const std::string& path, const Fold& fold, ParseOutput& out) {
  PathIdentity identity = IdentityFromPath(path);
  std::string own = !fold.session_id.empty()       ? fold.session_id
                    : !identity.session_id.empty() ? identity.session_id
                                                   : fs::path(path).stem().string();
  const bool subagent = !identity.parent_session_id.empty();
  const std::string session = subagent ? identity.parent_session_id : own;
  const std::string subagent_id = subagent ? own : std::string();
  std::string project = ReadProjectRoot(identity.project_dir);
  if (project.empty()) project = fold.first_dir;
  if (project.empty()) project = fs::path(identity.project_dir).filename().string();

  int64_t first_message_ms = 0;
  for (const Message& m : fold.messages) {
    const Record& r = m.rec;
    std::optional<int64_t> ts = parse_iso8601_ms(r.timestamp);
    if (ts && first_message_ms == 0) first_message_ms = *ts;
    int64_t ts_ms = ts.value_or(0);
    if (r.type == "user") {
      PromptRecord p;
      p.turn_id = r.id;
      p.session_id = session;
      p.project = project;
      p.ts_ms = ts_ms;
      p.text = r.has_display && !r.display_text.empty() ? r.display_text : r.text;
      p.sidechain = subagent;
      p.subagent_id = subagent_id;
      p.offset = m.offset;
      out.prompts.push_back(std::move(p));
    } else if (r.type == "error") {
      ErrorRecord e;
      e.session_id = session;
      e.turn_id = m.turn_id;
      e.ts_ms = ts_ms;
      e.kind = MentionsRateLimit(r.text) ? "rate_limit" : "api_error";
      e.message = r.text;
      TruncateUtf8(e.message, kHeadBytes);
      e.offset = m.offset;
      out.errors.push_back(std::move(e));
    } else if (r.type == "gemini") {
      std::string key = "gemini:" + own + ":" + r.id;
      if (r.tokens.present) {
        TokenCounts tokens = MapTokens(r.tokens);
        if (tokens.total() > 0) {
          if (!ts) {
            out.malformed.push_back({m.offset, "usage record without a valid timestamp"});
          } else {
            UsageRecord u;
            u.dedupe_key = key;
            u.ts_ms = *ts;
            u.session_id = session;
            u.project = project;
            u.model = r.model;
            u.provider = "google";
            u.sidechain = subagent;
            u.subagent_id = subagent_id;
            u.turn_id = m.turn_id;
            u.tokens = tokens;
            u.offset = m.offset;
            if (out.first_ts_ms == 0 || u.ts_ms < out.first_ts_ms) out.first_ts_ms = u.ts_ms;
            out.records.push_back(std::move(u));
            out.usage_lines++;
          }
        }
      }
      for (const ToolCall& c : r.calls) {
        int64_t call_ms = parse_iso8601_ms(c.timestamp).value_or(ts_ms);
        ToolCallRecord tc;
        tc.tool_use_id = c.id;
        tc.session_id = session;
        tc.turn_id = m.turn_id;
        tc.call_key = key;
        tc.ts_ms = call_ms;
        tc.name = c.name;
        tc.target = c.target;
        tc.input_bytes = c.input_bytes;
        tc.sidechain = subagent;
        tc.subagent_id = subagent_id;
        tc.offset = m.offset;
        out.tool_calls.push_back(std::move(tc));
        const bool done =
            c.has_result || c.status == "success" || c.status == "error" || c.status == "cancelled";
        if (done) {
          ToolResultRecord tr;
          tr.tool_use_id = c.id;
          tr.session_id = session;
          tr.ts_ms = call_ms;
          tr.result_bytes = c.result_bytes;
          tr.is_error = c.status == "error";
          tr.head = c.head;
          tr.offset = m.offset;
          out.tool_results.push_back(std::move(tr));
        }
        if (c.status == "error") {
          ErrorRecord e;
          e.session_id = session;
          e.turn_id = m.turn_id;
          e.ts_ms = call_ms;
          e.kind = "tool_error";
          e.message = c.head.empty() ? c.display : c.head;
          TruncateUtf8(e.message, kHeadBytes);
          e.tool_use_id = c.id;
          e.offset = m.offset;
          out.errors.push_back(std::move(e));
        }
        if (!c.agent_id.empty()) {
          SubagentRunRecord run;
          run.agent_id = c.agent_id;
          run.session_id = session;
          run.tool_use_id = c.id;
          run.type = c.name;
          run.ts_ms = call_ms;
          out.subagent_runs.push_back(std::move(run));
        }
      }
    }
  }
  if (subagent) {
    SubagentRunRecord run;
    run.agent_id = own;
    run.session_id = session;
    run.ts_ms = parse_iso8601_ms(fold.start_time).value_or(first_message_ms);
    out.subagent_runs.push_back(std::move(run));
  }
}

}  // namespace receipts::sources::gemini
