// Ingest: finds new or changed log files of every registered source, parses their new bytes in
// parallel, applies the global dedupe/merge (DESIGN.md §3), prices merged calls and keeps the
// rollup current, one transaction per batch together with the files' checkpoints, so a kill at
// any point followed by a re-run yields identical totals. One ingest at a time per store
// (an advisory lock file serialises concurrent runs).
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "core/status.h"
#include "pricing/pricing.h"
#include "sources/source.h"
#include "store/store.h"

namespace receipts::ingest {

struct IngestOptions {
  sources::Environment env;
  std::vector<std::string> agents;   // empty = every registered source
  int threads = 0;                   // 0 = hardware concurrency
  int64_t batch_bytes = 32 << 20;    // bytes parsed per write transaction (bounds peak memory)
  bool progress = false;             // draw a progress bar on stderr after one second
  bool store_text = true;            // false (--no-text): prompts are stored as hashes only
  std::string person;                // the configured person ("" = git user.email, OS user)
  // Bulk load: drop the call/event indexes, find keys in memory, build the indexes and the
  // rollup once at the end. kAuto uses it when the new bytes are at least kBulkMinBytes and at
  // least half of what the store already holds (a first scan, a big import).
  enum class Bulk { kAuto, kAlways, kNever };
  Bulk bulk = Bulk::kAuto;
};
inline constexpr int64_t kBulkMinBytes = 64 << 20;

struct IngestStats {
  int64_t files_seen = 0;
  int64_t files_parsed = 0;
  int64_t files_missing = 0;         // known files no longer on disk (history kept)
  int64_t bytes_parsed = 0;
  int64_t lines = 0;
  int64_t usage_records = 0;
  int64_t malformed = 0;
  int64_t calls_touched = 0;
  bool repriced = false;
  bool bulk = false;                 // this scan ran (or finished) a bulk load
  bool discovered = false;           // listed the directories (some watched one changed)
};

struct RootInfo {
  std::string agent;
  std::string path;
  bool exists = false;
};

// Every root each selected source would scan, for messages and `doctor`.
std::vector<RootInfo> ListRoots(const IngestOptions& options);

Result<IngestStats> Ingest(store::Store& store, const pricing::PriceBook& prices,
                           const IngestOptions& options);

// Recomputes stored costs when the price book changed since they were computed.
Result<bool> RepriceIfChanged(store::Store& store, const pricing::PriceBook& prices);

}  // namespace receipts::ingest
