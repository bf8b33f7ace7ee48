// Synthetic Claude Code history with exact ground truth: used by `receipts demo`, the tests
// and bench/. Deterministic for a seed. Not thread-safe per call (each call owns its RNG).
#pragma once

#include <cstdint>
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
};

struct Truth {
  std::vector<TruthCall> calls;
  int64_t files = 0;
  int64_t bytes = 0;
  int64_t malformed_lines = 0;   // lines a correct parser must count as malformed
  int64_t usage_records = 0;     // assistant usage lines written, copies included
};

// Writes a fresh corpus under options.root (created if missing).
Result<Truth> GenerateClaudeCorpus(const GeneratorOptions& options);

// Appends about `bytes` of new activity (new calls, complete lines) to existing session files
// of a corpus made by GenerateClaudeCorpus; returns the truth of the appended calls only.
Result<Truth> AppendToClaudeCorpus(const std::string& root, int64_t bytes, uint64_t seed,
                                   int64_t start_ms);

}  // namespace receipts::demo
