// Codex rollout parser (FORMATS.md §2, DESIGN.md §3). Usage: each `token_count` carries the
// thread's cumulative `total_token_usage`; a call is counted once as the change of that total
// (unchanged re-emits add nothing; a regression is a reset whose call is `last_token_usage`).
// A forked/spawned thread's file starts by replaying the parent's history: its leading burst of
// token_count events (same second as the first) only sets the baseline. Also prompts, tool
// calls/results, errors, rate limits and `codex exec --json` turn.completed lines.
// simdjson on-demand with one parser per thread; all cross-line meaning lives in ParseState.
// This file: the token accounting and the line dispatcher; the line reader is codex_line.cpp,
// the event extraction codex_events.cpp, what they share codex_internal.h.
#include <simdjson.h>
#include <sys/stat.h>

#include <algorithm>
#include <cmath>
#include <optional>
#include <utility>

#include "core/time.h"
#include "sources/codex/codex_internal.h"
#include "sources/line_reader.h"

namespace receipts::sources::codex {

namespace {

constexpr const char* kFallbackModel = "gpt-5";
constexpr const char* kDefaultProvider = "openai";

bool AllGreaterOrEqual(const Totals& a, const Totals& b) {
  return a.input >= b.input && a.cached >= b.cached && a.output >= b.output &&
         a.reasoning >= b.reasoning && a.total >= b.total && a.cache_write >= b.cache_write;
}

Totals Minus(const Totals& a, const Totals& b) {
  return {a.input - b.input,         a.cached - b.cached, a.output - b.output,
          a.reasoning - b.reasoning, a.total - b.total,   a.cache_write - b.cache_write};
}

int64_t FileMtimeMs(const std::string& path) {
  struct stat st;
  if (::stat(path.c_str(), &st) != 0) return 0;
  return static_cast<int64_t>(st.st_mtim.tv_sec) * 1000 + st.st_mtim.tv_nsec / 1000000;
}

}  // namespace

void FileParser::Handle(const Line& line, uint64_t offset) {
  std::optional<int64_t> ts = parse_iso8601_ms(line.timestamp);
  const std::string_view type = line.type;
  if (type == "session_meta") return OnSessionMeta(line, ts);
  if (type == "turn_context") return OnTurnContext(line, ts);
  if (type == "event_msg") {
    const std::string_view p = line.ptype;
    if (p == "token_count") return OnTokenCount(line, ts, offset);
    if (p == "user_message") return OnUserMessage(line, ts, offset);
    if (p == "task_started") {
      if (!IsReplayLine(ts) && !line.turn_id.empty()) SetTurn(line.turn_id);
      return;
    }
    if (p == "error" || p == "stream_error") return OnError(line, ts, offset);
    return;
  }
  if (type == "response_item") {
    const std::string_view p = line.ptype;
    if (p == "function_call" || p == "custom_tool_call" || p == "local_shell_call") {
      return OnToolCall(line, ts, offset);
    }
    if (p == "function_call_output" || p == "custom_tool_call_output") {
      return OnToolResult(line, ts, offset);
    }
    return;
  }
  if (type == "thread.started") {
    // `codex exec --json`: a new thread starts its own cumulative usage.
    if (!line.thread_id.empty() && line.thread_id != st_.thread_id && !st_.meta_seen) {
      st_.thread_id = st_.session_id = std::string(line.thread_id);
      st_.has_prev = false;
      st_.prev = {};
    }
    return;
  }
  if (type == "turn.completed" && line.headless.present) {
    // Usage here is the thread's running total (no timestamp: the file's mtime dates it).
    int64_t when = ts ? *ts : FileMtimeMs(path_);
    return Count(line.headless.t, nullptr, when, offset, {});
  }
}

void FileParser::OnTokenCount(const Line& line, std::optional<int64_t> ts, uint64_t offset) {
  const bool has_usage = line.info_present && line.total.present;
  if (has_usage && !ts) {
    out_.malformed.push_back({offset, "token_count without a valid timestamp"});
    return;
  }
  bool replayed = IsReplayLine(ts);
  if (has_usage &&
      (st_.replay == ReplayPhase::kAwaitFirst || st_.replay == ReplayPhase::kInBurst)) {
    int64_t second = SecondOf(*ts);
    if (st_.replay == ReplayPhase::kAwaitFirst) {
      // The first snapshot is the parent's history when the fork visibly copied it (the
      // parent's session_meta came first), when it is cumulative beyond one call, or when it
      // was written in the fork's own second. A worker started without history makes its
      // first real call later, with total == last: that one counts.
      bool history = st_.foreign_meta_second >= 0 || second == st_.fork_second ||
                     (line.last.present && !(line.last.t == line.total.t));
      st_.replay = history ? ReplayPhase::kInBurst : ReplayPhase::kDone;
      st_.replay_second = second;
    }
    if (st_.replay == ReplayPhase::kInBurst && second == st_.replay_second) {
      // The parent's history: sets the baseline, adds nothing.
      st_.prev = line.total.t;
      st_.has_prev = true;
      return;
    }
    if (st_.replay == ReplayPhase::kInBurst) st_.replay = ReplayPhase::kDone;
    replayed = false;
  }
  if (line.rate_limits_present && ts && !replayed) EmitRateLimits(line, *ts);
  if (!has_usage) return;  // info:null: rate limits only
  std::string_view model = !line.info_model.empty()   ? line.info_model
                           : !line.model.empty()      ? line.model
                           : !line.model_name.empty() ? line.model_name
                                                      : line.metadata_model;
  Count(line.total.t, line.last.present ? &line.last.t : nullptr, *ts, offset, model);
}

void FileParser::EmitRateLimits(const Line& line, int64_t ts) {
  std::string prefix;
  if (!line.limit_id.empty() && line.limit_id != "codex") prefix = std::string(line.limit_id) + ":";
  const std::pair<const char*, const RateWindow*> windows[] = {{"primary", &line.primary},
                                                               {"secondary", &line.secondary}};
  for (const auto& [name, w] : windows) {
    if (!w->present) continue;
    RateLimitRecord r;
    r.session_id = st_.session_id;
    r.ts_ms = ts;
    r.limit_id = prefix + name;
    r.window_minutes = w->window_minutes;
    r.used_percent = w->used_percent;
    if (w->resets_at)
      r.resets_at_ms = epoch_number_to_ms(*w->resets_at);
    else if (w->resets_in_seconds)
      r.resets_at_ms = ts + std::llround(*w->resets_in_seconds * 1000);
    r.plan = std::string(line.plan_type);
    out_.rate_limits.push_back(std::move(r));
  }
}

// The counting rule (DESIGN.md §3): the change of the cumulative total is the call; an
// unchanged total is a re-emit; a regression (fill_to_context_window, resume) is a reset whose
// call is `last` (or the new total when there is no `last`).
void FileParser::Count(const Totals& cur, const Totals* last, int64_t ts, uint64_t offset,
                       std::string_view event_model) {
  Totals delta;
  if (!st_.has_prev) {
    delta = last ? *last : cur;
  } else if (cur == st_.prev) {
    return;
  } else if (AllGreaterOrEqual(cur, st_.prev)) {
    delta = Minus(cur, st_.prev);
  } else {
    delta = last ? *last : cur;
    st_.resets++;
  }
  st_.prev = cur;
  st_.has_prev = true;
  if (!event_model.empty()) st_.model = std::string(event_model);
  int64_t input = std::max<int64_t>(0, delta.input);
  int64_t cached = std::clamp<int64_t>(delta.cached, 0, input);
  UsageRecord r;
  r.tokens.input = input - cached;
  r.tokens.cache_read = cached;
  r.tokens.output = std::max<int64_t>(0, delta.output);
  r.tokens.reasoning = std::max<int64_t>(0, delta.reasoning);
  r.tokens.cache_write_5m = std::max<int64_t>(0, delta.cache_write);
  if (r.tokens.total() == 0) return;
  r.dedupe_key = "codex:" + st_.thread_id + ":" +
                 (st_.resets ? "r" + std::to_string(st_.resets) + ":" : std::string()) +
                 std::to_string(cur.total);
  r.ts_ms = ts;
  r.session_id = st_.session_id;
  r.project = st_.cwd;
  r.model = st_.model.empty() ? kFallbackModel : st_.model;
  r.provider = st_.provider.empty() ? kDefaultProvider : st_.provider;
  r.sidechain = !st_.subagent_id.empty();
  r.subagent_id = st_.subagent_id;
  r.turn_id = st_.turn_id;
  r.offset = offset;
  if (out_.first_ts_ms == 0 || r.ts_ms < out_.first_ts_ms) out_.first_ts_ms = r.ts_ms;
  out_.records.push_back(std::move(r));
  out_.usage_lines++;
}

ParseOutput CodexSource::Parse(const std::string& path, std::string_view data, uint64_t base_offset,
                               std::string_view state) const {
  thread_local od::parser parser;
  ParseOutput out;
  FileParser file(path, state, out);

  auto parse_piece = [&](std::string_view json, const char* buffer_end, uint64_t offset,
                         bool recovering) -> PieceResult {
    if (json.front() != '{' || json.back() != '}') return PieceResult::kInvalid;
    if (IsSkippablePayload(json)) {
      return !recovering || IsJsonObject(json) ? PieceResult::kUsed : PieceResult::kInvalid;
    }
    Line line;
    if (!ReadLine(parser, json, buffer_end, line)) return PieceResult::kInvalid;
    file.Handle(line, offset);
    return PieceResult::kUsed;
  };

  const char* buffer_end = data.data() + data.size() + kParsePadding;
  LineScan scan = ScanLines(data, buffer_end, base_offset, parse_piece,
                            [&](uint64_t offset, const char* reason) {
                              out.malformed.push_back({offset, reason});
                            });
  out.consumed_to = scan.consumed_to;
  out.lines = scan.lines;
  out.state = EncodeState(file.state());
  return out;
}

}  // namespace receipts::sources::codex
