// Collects every usage record the generator writes and merges them into TruthCalls exactly as
// DESIGN.md §3 prescribes (global dedupe on message.id, per-field max, earliest timestamp,
// non-sidechain copy wins). Not thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "demo/generator.h"

namespace receipts::demo {

// One usage record as written on one line.
struct WrittenRecord {
  std::string_view message_id;
  int64_t ts_ms = 0;
  std::string_view session_id;
  std::string_view cwd;
  std::string_view model;
  bool sidechain = false;
  std::string_view agent_type;
  int64_t input = 0;
  int64_t output = 0;
  int64_t cache_creation = 0;  // cache_creation_input_tokens (total)
  int64_t cache_1h = 0;        // cache_creation.ephemeral_1h_input_tokens (0 when absent)
  int64_t cache_read = 0;
  int64_t web_search = 0;
  std::string_view speed;
  std::optional<double> cost_usd;
};

class TruthBuilder {
 public:
  void Add(const WrittenRecord& record);
  // Sorts the calls, prices them and fills truth.calls.
  void Finish(Truth& truth);
  size_t size() const { return calls_.size(); }

 private:
  struct Merged {
    TruthCall call;
    int64_t cache_creation = 0;
    int64_t cache_1h = 0;
    bool has_main_copy = false;
  };
  std::unordered_map<std::string, size_t> index_;
  std::vector<Merged> calls_;
};

}  // namespace receipts::demo
