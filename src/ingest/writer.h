// Writes parsed batches into the store inside the caller's transaction: merges copies of a call
// (per-field max of tokens, earliest timestamp, attribution from the best-ranked copy), prices
// new calls, upserts sessions/models/calls, keeps the rollup current (deltas for new calls, a
// rebuild for sessions whose calls merged with earlier ones), and writes the events (prompts,
// tool calls and results, subagent runs, errors, rate limits) with text redacted.
// Not thread-safe: used by the single writer thread.
#pragma once

#include <map>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "ingest/attribution.h"
#include "ingest/key_index.h"
#include "pricing/pricing.h"
#include "sources/source.h"
#include "store/db.h"

namespace receipts::ingest {

struct ParsedFile {
  int64_t file_id = 0;
  std::string agent;
  int64_t rank_start_ms = 0;   // when the file's session started (ranks copies)
  sources::ParseOutput output;
  // Set by PrepareTexts: the free texts of `output` are redacted, and each prompt's length
  // before redaction and hash after it are here.
  bool texts_ready = false;
  std::vector<int64_t> prompt_chars;
  std::vector<std::string> prompt_hashes;
};

// Redacts a parsed file's free texts in place (DESIGN.md §5: prompts, tool targets, commit
// output heads, subagent descriptions, error messages; other result heads are dropped) and
// hashes its prompts, so the writer only binds them. Thread-safe for distinct files: the parse
// workers call it, off the single writer thread; Write calls it for files not yet prepared.
void PrepareTexts(ParsedFile& file);

struct WriterOptions {
  bool store_text = true;      // false (--no-text): prompts keep a hash only
  std::string person;          // configured person (overrides git/OS)
  sources::Environment env;    // for git config lookups
};

// Milliseconds spent in each phase of the last Write (for RECEIPTS_TRACE).
struct WriteTimings {
  double merge_ms = 0, calls_ms = 0, rollup_ms = 0, events_ms = 0;
  size_t calls = 0, rebuilt_sessions = 0;
};

class BatchWriter {
 public:
  BatchWriter(store::Db& db, const pricing::PriceBook& prices, WriterOptions options);
  // Writes one batch (calls, rollup, events). Returns the number of distinct calls written.
  Result<int64_t> Write(std::vector<ParsedFile>& batch);
  // Re-prices every stored call and rebuilds the whole rollup (after a price change).
  Status RepriceAll();
  // Bulk mode (the call and event indexes are dropped, see store/indexes.h): keys are found
  // through memory; new calls still go into the rollup as deltas, but the sessions of calls
  // that merged with stored ones are rebuilt only by FinishBulk, once the indexes exist again
  // (the whole rollup when `whole_rollup`: after a bulk load that was interrupted, when that
  // list of sessions is lost).
  Status StartBulk(int64_t new_bytes) { return keys_.StartBulk(new_bytes); }
  Status FinishBulk(bool whole_rollup);
  Status RebuildAllRollup();
  const WriteTimings& timings() const { return timings_; }

 private:
  using SessionKey = std::pair<std::string, std::string>;  // (agent, session id)
  Result<int64_t> SessionRef(const std::string& agent, const std::string& session_id,
                             const std::string& cwd, int64_t first_ts, int64_t last_ts);
  Result<int64_t> ModelRef(const std::string& name, const std::string& provider);
  Status WriteEvents(const ParsedFile& file);
  Status PriceMarked();
  Status RebuildRollup(const std::set<int64_t>& sessions);
  int64_t KnownSession(const std::string& agent, const std::string& session_id);
  // A prepared statement for `sql`, compiled once per writer and reset before each use. Keyed
  // by the text's address: pass string literals or other text that lives as long as the writer.
  store::Stmt& Prep(std::string_view sql);

  store::Db& db_;
  const pricing::PriceBook& prices_;
  WriterOptions options_;
  Attributor attributor_;
  std::map<SessionKey, int64_t> session_refs_;
  std::unordered_map<std::string, int64_t> model_refs_;
  std::unordered_map<const char*, store::Stmt> statements_;
  KeyIndex keys_;
  std::set<int64_t> deferred_rebuild_;  // bulk mode: sessions to rebuild at the end
  WriteTimings timings_;
};

}  // namespace receipts::ingest
