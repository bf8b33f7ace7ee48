// Writes one parsed batch into the store inside the caller's transaction: merges copies of a
// call (per-field max of tokens, earliest timestamp, attribution from the best-ranked copy),
// upserts sessions/models/calls, prices calls that changed and rebuilds their sessions' rollup.
// Not thread-safe: used by the single writer thread.
#pragma once

#include <map>
#include <string>
#include <unordered_map>
#include <vector>

#include "pricing/pricing.h"
#include "sources/source.h"
#include "store/db.h"

namespace receipts::ingest {

struct ParsedFile {
  int64_t file_id = 0;
  std::string agent;
  int64_t rank_start_ms = 0;   // when the file's session started (ranks copies)
  sources::ParseOutput output;
};

class BatchWriter {
 public:
  BatchWriter(store::Db& db, const pricing::PriceBook& prices);
  // Merges and upserts every record of the batch. Returns the number of distinct calls.
  Result<int64_t> WriteCalls(const std::vector<ParsedFile>& batch);
  // Prices every call marked needs_price and rebuilds the rollup of the sessions involved.
  Result<int64_t> PriceAndRollup();

 private:
  Result<int64_t> SessionRef(const std::string& agent, const std::string& session_id,
                             const std::string& project, int64_t first_ts, int64_t last_ts);
  Result<int64_t> ModelRef(const std::string& name);

  store::Db& db_;
  const pricing::PriceBook& prices_;
  std::map<std::pair<std::string, std::string>, int64_t> session_refs_;
  std::unordered_map<std::string, int64_t> model_refs_;
};

}  // namespace receipts::ingest
