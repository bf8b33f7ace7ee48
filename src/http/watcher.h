// The background watcher: a thread that owns the one read-write Store connection of `serve` and
// runs ingest::Ingest every interval (polling, not inotify), with the config file (prices and
// settings) read again first whenever it changed (ingest::LiveConfig). `on_pass(true)` runs
// before each pass; when the pass ingested new data `on_update` runs with that store (the caller
// refreshes its caches and publishes a fresh status); `on_pass(false)` runs last. All on the
// watcher thread, which runs at a lower CPU priority (nice kWatcherNice) than the request
// threads: its work is background work, and requests answered from memory should not wait
// behind it.
// State queries are thread-safe; Start/Stop are called by the owner only.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "core/status.h"
#include "ingest/ingest.h"
#include "ingest/live_config.h"
#include "store/store.h"

namespace receipts::http {

struct WatcherState {
  std::string state = "off";   // off | idle | scanning | error | stopped
  int64_t interval_ms = 0;
  int64_t scans = 0;           // completed passes
  int64_t updates = 0;         // passes that ingested new data
  int64_t last_scan_ms = 0;    // UTC ms when the last pass finished
  int64_t last_duration_ms = 0;
  std::string last_error;      // "" = the last pass succeeded
  std::string config_error;    // "" = the config file read cleanly (else the prices and
                               // settings in use are those of its last clean read)
};

class Watcher {
 public:
  using OnUpdate = std::function<void(store::Store& store, const ingest::IngestStats& stats)>;
  using OnPass = std::function<void(bool starting)>;
  static constexpr int kWatcherNice = 10;

  Watcher(std::string db_path, ingest::LiveConfig config, int64_t interval_ms, OnUpdate on_update,
          OnPass on_pass = {});
  ~Watcher();
  Watcher(const Watcher&) = delete;
  Watcher& operator=(const Watcher&) = delete;

  // Opens the read-write store (errors name the path) and starts the thread.
  Status Start();
  // Wakes the thread, waits for the current pass to finish and joins.
  void Stop();
  // Runs a pass now instead of at the next tick.
  void Poke();
  WatcherState state() const;
  // The price book of the last pass (before the first: the initial one). Thread-safe; a new
  // pointer whenever the book changed.
  std::shared_ptr<const pricing::PriceBook> prices() const;

 private:
  void Loop(store::Store store);

  std::string db_path_;
  ingest::LiveConfig config_;  // the watcher thread's own
  int64_t interval_ms_;
  OnUpdate on_update_;
  OnPass on_pass_;

  mutable std::mutex mu_;
  std::condition_variable cv_;
  bool stop_ = false;
  bool poke_ = false;
  WatcherState state_;
  std::shared_ptr<const pricing::PriceBook> published_;
  std::thread thread_;
};

}  // namespace receipts::http
