// The response cache of the report endpoints: a report's JSON is a pure function of its query
// and of the store's contents, so a repeated dashboard request is served from memory until the
// store's data changes. Entries are keyed by (path + canonical query) and tagged with the store's
// data generation (meta `data_gen`, read on a connection of the cache's own), which moves with
// every commit of data by any connection (the watcher's ingests, a `receipts scan` elsewhere)
// and not with commits that change no report (stored results, the scan's directory snapshot).
// After the store changed, the first request for a key recomputes it; requests arriving while
// that runs get the previous result at once ("stale") instead of queueing behind it, and a key
// never seen waits for the one computation in flight. Only successful responses are kept; the
// bodies stay under a byte budget, older versions going first. Thread-safe.
//
// Under `serve`'s watcher the work of a change moves off the request threads: the watcher holds
// stale answers (HoldStale) from the start of a pass until it has recomputed every recently
// requested key itself (Refresh, on its own low-priority thread, then it tells the pages). So a
// burst of requests after an ingest is answered from memory, not by queries competing with each
// other for the CPU, and a page that refetches on the update gets the fresh results from memory.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "store/store.h"

namespace receipts::http {

struct CachedResponse {
  int status = 200;
  std::string body;
};

class ResponseCache {
 public:
  // `db_path`: the store whose version tags the entries; `max_bytes`: the budget of the bodies.
  ResponseCache(std::string db_path, size_t max_bytes);

  // The store's current data version (its data_gen, moved past every earlier version when the
  // store at the path is a new one); nullopt when it cannot be read (then do not cache).
  std::optional<int64_t> Version();

  // How a response was served.
  enum class Served { kMiss, kHit, kStale };

  // The response for `key` at `version` or newer, computing it with `compute` when there is
  // none and no computation for it is running (a non-200 result is returned but not kept).
  std::shared_ptr<const CachedResponse> Get(const std::string& key, int64_t version,
                                            const std::function<CachedResponse()>& compute,
                                            Served* served = nullptr);

  // While on, a request for a key that has an older result gets it at once (kStale) instead of
  // recomputing; keys never computed are still computed. Off again after the Refresh.
  void HoldStale(bool on);

  // Recomputes, on the calling thread, every entry older than `version` that a request asked for
  // within `keep_ms`, with the computation it was asked with; drops the others. Returns the
  // number recomputed.
  int Refresh(int64_t version, int64_t keep_ms = 10 * 60 * 1000);

  struct Stats {
    int64_t hits = 0, stale = 0, misses = 0, entries = 0, bytes = 0, refreshed = 0;
  };
  Stats stats();

 private:
  struct Flight {  // one computation in progress
    int64_t version = 0;
    std::mutex mu;
    std::condition_variable cv;
    bool done = false;
    std::shared_ptr<const CachedResponse> value;
  };
  struct Entry {  // under mu_
    std::shared_ptr<const CachedResponse> good;  // the last 200 response, and its version
    int64_t good_version = -1;
    std::shared_ptr<Flight> flight;
    std::function<CachedResponse()> compute;  // as first asked (one per key), for Refresh
    int64_t used_ms = 0;                      // steady clock of the last request
  };
  std::shared_ptr<const CachedResponse> Lookup(const std::string& key, int64_t version,
                                               const std::function<CachedResponse()>& compute,
                                               bool may_be_stale, Served* served);
  void Finish(const std::string& key, const std::shared_ptr<Flight>& flight);

  std::string db_path_;
  size_t max_bytes_;
  std::mutex version_mu_;
  std::unique_ptr<store::Store> version_store_;  // opened on first use, under version_mu_
  uint64_t version_inode_ = 0;                   // the file version_store_ has open
  std::string store_id_;                         // of the store last read, under version_mu_
  int64_t base_ = 0, last_version_ = 0;          // versions only grow, across stores too

  std::mutex mu_;
  std::map<std::string, Entry> entries_;
  size_t bytes_ = 0;
  bool hold_stale_ = false;
  int64_t hits_ = 0, stale_ = 0, misses_ = 0, refreshed_ = 0;
};

}  // namespace receipts::http
