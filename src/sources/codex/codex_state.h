// The resume state of one Codex rollout file: everything the meaning of later lines depends on
// (running token totals, model, cwd, turn, identity, fork-replay phase). Parsing bytes [0,N)
// then [N,M) with the state returned by the first parse gives exactly the records of one parse
// of [0,M). Plain data; thread-compatible.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace receipts::sources::codex {

// One cumulative TokenUsage snapshot (codex `total_token_usage`).
struct Totals {
  int64_t input = 0;
  int64_t cached = 0;
  int64_t output = 0;
  int64_t reasoning = 0;
  int64_t total = 0;
  int64_t cache_write = 0;
  bool operator==(const Totals&) const = default;
};

// Where a forked/spawned thread is in its leading replay of the parent's history.
enum class ReplayPhase : int {
  kNone = 0,        // not a fork: nothing is replayed
  kAwaitFirst = 1,  // a fork, no token_count with info seen yet
  kInBurst = 2,     // inside the burst sharing the first token_count's second
  kDone = 3,        // past the replay: counting normally
};

struct ParseState {
  bool meta_seen = false;   // the file's own (first) session_meta was read
  std::string thread_id;    // this file's thread (keys are built from it)
  std::string session_id;   // reported session: the parent thread for spawned workers
  std::string subagent_id;  // this thread's id when it is a spawned worker, else ""
  std::string provider;     // session_meta.model_provider ("" = openai)
  std::string cwd;
  std::string model;             // latest turn_context (or event) model; "" = none yet
  std::string turn_id;           // the current turn ("" = none)
  bool turn_has_prompt = false;  // the current turn already has its user prompt
  bool has_prev = false;
  Totals prev;         // previous total_token_usage in this file
  int64_t resets = 0;  // regressions seen (part of later dedupe keys)
  ReplayPhase replay = ReplayPhase::kNone;
  int64_t replay_second = 0;         // epoch second of the replayed burst's first token_count
  int64_t fork_second = -1;          // second of the fork's own session_meta (-1 = unknown)
  int64_t foreign_meta_second = -1;  // second of a replayed parent session_meta (-1 = none)
};

// "cx1" followed by `;key=<len>:<bytes>` fields (length-prefixed, so any bytes survive).
// Unknown keys are ignored; a missing or foreign-version state decodes to a fresh state.
std::string EncodeState(const ParseState& state);
ParseState DecodeState(std::string_view text);

}  // namespace receipts::sources::codex
