// Internal to the Codex source: what its three parts share. codex_line.cpp reads one rollout
// line into a Line (views into the parser's buffers: valid until the next ReadLine on this
// thread); codex_events.cpp turns lines into prompts, tool calls/results, errors and subagent
// runs; codex_parser.cpp does the token accounting and dispatches lines. FileParser is one
// file's parse; thread-compatible (one per Parse call).
#pragma once

#include <simdjson.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "sources/codex/codex_source.h"
#include "sources/codex/codex_state.h"

#include "sources/json_lenient.h"

namespace receipts::sources::codex {
namespace od = simdjson::ondemand;

// Shared lenient readers (sources/json_lenient.h).
using json::ForFields;
using json::StringOr;

struct Usage {
  bool present = false;
  bool has_total = false;
  Totals t;
};

struct RateWindow {
  bool present = false;
  double used_percent = 0;
  int64_t window_minutes = 0;
  std::optional<double> resets_at;          // epoch seconds
  std::optional<double> resets_in_seconds;  // older builds
};

// Everything any handled line type may carry (views into the parser's buffers).
struct Line {
  std::string_view timestamp, type;
  bool has_payload = false;
  // payload
  std::string_view ptype, id, cwd, model_provider, forked_from_id, agent_nickname, agent_role,
      model, model_name, metadata_model, turn_id, message, kind, error_info, name, call_id,
      arguments, input;
  bool thread_spawn = false;
  std::string_view parent_thread_id, spawn_nickname, spawn_role;
  bool info_present = false;
  Usage total, last;
  std::string_view info_model;
  bool rate_limits_present = false;
  std::string_view limit_id, plan_type;
  RateWindow primary, secondary;
  std::vector<std::string_view> command;  // local_shell_call action.command
  bool has_output = false;
  std::string_view output;     // text (string output, or object content)
  bool output_failed = false;  // object output with success:false
  // `codex exec --json`
  std::string_view thread_id;
  Usage headless;
};

// Returns false when the text is not a parseable JSON object (trailing content included).
bool ReadLine(od::parser& parser, std::string_view json, const char* buffer_end, Line& line);

// Lines that never matter (the bulk of a rollout by bytes): skipped before any JSON parse.
bool IsSkippablePayload(std::string_view json);

inline int64_t SecondOf(int64_t ts_ms) { return ts_ms >= 0 ? ts_ms / 1000 : (ts_ms - 999) / 1000; }

// One file's parse: the running state plus the output being filled.
class FileParser {
 public:
  FileParser(const std::string& path, std::string_view state, ParseOutput& out)
      : path_(path), st_(DecodeState(state)), out_(out) {
    if (st_.thread_id.empty()) st_.thread_id = ThreadIdFromPath(path);
    if (st_.session_id.empty()) st_.session_id = st_.thread_id;
  }

  const ParseState& state() const { return st_; }

  // The line dispatcher (codex_parser.cpp).
  void Handle(const Line& line, uint64_t offset);

 private:
  // A line copied from the parent at the fork: inside the replay, written in the same second
  // as the replayed parent session_meta.
  bool IsReplayLine(std::optional<int64_t> ts) const {
    if (st_.replay != ReplayPhase::kAwaitFirst && st_.replay != ReplayPhase::kInBurst) {
      return false;
    }
    return st_.foreign_meta_second >= 0 && ts && SecondOf(*ts) == st_.foreign_meta_second;
  }

  void SetTurn(std::string_view turn_id) {
    if (turn_id == st_.turn_id) return;
    st_.turn_id = std::string(turn_id);
    st_.turn_has_prompt = false;
  }

  // Event extraction (codex_events.cpp).
  void OnSessionMeta(const Line& line, std::optional<int64_t> ts);
  void OnTurnContext(const Line& line, std::optional<int64_t> ts);
  void OnUserMessage(const Line& line, std::optional<int64_t> ts, uint64_t offset);
  void OnError(const Line& line, std::optional<int64_t> ts, uint64_t offset);
  void OnToolCall(const Line& line, std::optional<int64_t> ts, uint64_t offset);
  void OnToolResult(const Line& line, std::optional<int64_t> ts, uint64_t offset);

  // Token accounting (codex_parser.cpp).
  void OnTokenCount(const Line& line, std::optional<int64_t> ts, uint64_t offset);
  void EmitRateLimits(const Line& line, int64_t ts);
  // The counting rule (DESIGN.md §3); see codex_parser.cpp.
  void Count(const Totals& cur, const Totals* last, int64_t ts, uint64_t offset,
             std::string_view event_model);

  const std::string& path_;
  ParseState st_;
  ParseOutput& out_;
};

}  // namespace receipts::sources::codex
