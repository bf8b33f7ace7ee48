// Synthetic Claude Code history with exact ground truth: used by `receipts demo`, the tests
// and bench/. Deterministic for a seed. Not thread-safe per call (each call owns its RNG).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/status.h"
#include "core/usage.h"

namespace receipts::demo {

struct GeneratorOptions {
  std::string root;              // a CLAUDE_CONFIG_DIR: files go under <root>/projects/<slug>/
  uint64_t seed = 42;
  int64_t target_bytes = 2'000'000;   // stop once about this much JSONL was written
  int64_t end_ms = 0;            // the newest activity (UTC ms); 0 = now
  int days = 30;                 // history spans this many days before end_ms
};

// One unique model call as the engine must report it after dedupe and merge.
struct TruthCall {
  std::string message_id;        // dedupe key (message.id)
  int64_t ts_ms = 0;             // earliest timestamp among its copies
  std::string session_id;        // session it belongs to (the original, never a fork copy)
  std::string project;           // the cwd written on its lines
  std::string model;             // as logged
  bool sidechain = false;        // belongs to a subagent run
  TokenCounts tokens;            // merged: per-field max over copies
  int64_t web_search_requests = 0;
  std::string speed;             // "" | "standard" | "fast"
  int64_t cost_nanos = 0;        // expected calculated cost, computed independently of pricing/
  // Added: the subagent type of the Task/Agent tool_use that spawned the run ("" = main).
  std::string agent_type;
  // Added: the old-style `costUSD` the agent recorded (only when it was a number; calls that
  // carry it are written as a single copy). nullopt for `costUSD:null` and for no costUSD.
  std::optional<double> recorded_cost_usd;
  // Added: the coding agent that wrote the call ("claude", "codex", "gemini", "openclaw", "pi",
  // "opencode").
  std::string agent = "claude";
};

// Counting rules (what a correct parser must find), see also the notes below:
// * A physical line is the bytes between two '\n'. Strip leading NUL bytes, a trailing '\r'
//   and surrounding spaces; an empty line is nothing (never malformed).
// * A line is MALFORMED when no JSON *object* can be recovered from it, by (in this order):
//   parsing the whole line; taking the rightmost `{"` suffix that parses; splitting on `}{`.
//   So a NUL-prefixed record, a `}{` join of two records and a splice (truncated record + full
//   record) are NOT malformed (their complete records count); garbage text, a truncated record
//   alone, and non-object JSON (`42`, `"x"`, `[1,2]`, `true`) ARE malformed. A valid JSON object
//   is never malformed, even when it is no usable record (`"message":"error"`).
//   Deliberately unrecoverable lines never end in `}`, so no inner `{"` suffix of them parses.
// * A USAGE RECORD is a recovered top-level object whose `type` is "assistant" or absent and
//   whose `message` is an object holding a `usage` object, with `message.model` other than
//   "<synthetic>". `progress` lines (embedded usage) and `user` lines (`toolUseResult.usage`)
//   are never usage records.
struct Truth {
  std::vector<TruthCall> calls;  // sorted by (ts_ms, message_id)
  int64_t files = 0;             // files written (.jsonl, .meta.json); for append: files touched
  int64_t bytes = 0;             // bytes written (for append: bytes appended)
  int64_t malformed_lines = 0;   // lines a correct parser must count as malformed (rule above)
  int64_t usage_records = 0;     // assistant usage lines written, copies included
  // Added: the subset of malformed_lines that contain the bytes `"usage":{` (truncated
  // assistant records), for parsers that only look at lines passing that pre-filter. Every
  // other malformed line contains no `"usage"` at all.
  int64_t malformed_usage_lines = 0;
  int64_t synthetic_records = 0; // Added: `<synthetic>` isApiErrorMessage lines (not calls)
  // Added: how often each deliberate trait was written (name → count), for tests and the CLI.
  std::map<std::string, int64_t> traits;
};

// Attribution (matches DESIGN.md §3): one TruthCall per distinct message.id across ALL files.
// tokens: per-field max over every copy, where cache_write_1h = max(ephemeral_1h_input_tokens)
// (0 when no copy has the split) and cache_write_5m = max(cache_creation_input_tokens) −
// cache_write_1h; ts_ms = earliest copy; web_search_requests = max; speed = the non-empty value.
// session_id/project/sidechain/agent_type come from the non-sidechain copy when one exists,
// else from the first-written copy. In this corpus every copy of a call carries the same
// `sessionId` and `cwd` (fork files copy lines verbatim; /btw replays and subagent files carry
// the parent's sessionId), so the session is the `sessionId` FIELD of the line, never the file
// stem. cost_nanos: Σ tokens × price (micro-$/MTok, × 6 for opus-4-6 fast; Sonnet 4/4.5 whole
// call at the long-context tier when input + cache writes + cache read > 200,000), divided by
// 1000 once with round half up, plus 10,000,000 nanos per web search request.

// Writes a fresh corpus under options.root (created if missing).
Result<Truth> GenerateClaudeCorpus(const GeneratorOptions& options);

// Appends about `bytes` of new activity (new calls, complete lines) to existing session files
// of a corpus made by GenerateClaudeCorpus; returns the truth of the appended calls only.
// New message ids derive from (seed, start_ms): use a new seed or start_ms for each append.
Result<Truth> AppendToClaudeCorpus(const std::string& root, int64_t bytes, uint64_t seed,
                                   int64_t start_ms);

// Added: the truth as JSON ({"files","bytes","malformed_lines",…,"calls":[…]}).
std::string TruthToJson(const Truth& truth);

// Added: the calculated cost (nanos) of one call with this module's own price table;
// nullopt for a model the generator never emits.
std::optional<int64_t> ExpectedCostNanos(const std::string& model, const TokenCounts& tokens,
                                         int64_t web_search_requests, const std::string& speed);

}  // namespace receipts::demo
