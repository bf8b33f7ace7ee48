// See watcher.h.
#include "http/watcher.h"

#include <sys/resource.h>
#include <unistd.h>

#include <chrono>

#include "core/time.h"

namespace receipts::http {

Watcher::Watcher(std::string db_path, ingest::LiveConfig config, int64_t interval_ms,
                 OnUpdate on_update, OnPass on_pass)
    : db_path_(std::move(db_path)),
      config_(std::move(config)),
      interval_ms_(interval_ms > 0 ? interval_ms : 3000),
      on_update_(std::move(on_update)),
      on_pass_(std::move(on_pass)) {
  state_.interval_ms = interval_ms_;
  published_ = std::make_shared<const pricing::PriceBook>(config_.prices());
}

Watcher::~Watcher() { Stop(); }

Status Watcher::Start() {
  auto store = store::Store::Open(db_path_, store::Db::Mode::kReadWrite);
  if (!store.ok()) return store.status();
  {
    std::lock_guard<std::mutex> lock(mu_);
    stop_ = false;
    state_.state = "idle";
  }
  thread_ = std::thread(&Watcher::Loop, this, std::move(store).value());
  return Status::Ok();
}

void Watcher::Stop() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stop_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
  std::lock_guard<std::mutex> lock(mu_);
  if (state_.state != "off") state_.state = "stopped";
}

void Watcher::Poke() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    poke_ = true;
  }
  cv_.notify_all();
}

WatcherState Watcher::state() const {
  std::lock_guard<std::mutex> lock(mu_);
  return state_;
}

std::shared_ptr<const pricing::PriceBook> Watcher::prices() const {
  std::lock_guard<std::mutex> lock(mu_);
  return published_;
}

void Watcher::Loop(store::Store store) {
  // Per thread on Linux; best effort (an unprivileged process may always lower its priority).
  ::setpriority(PRIO_PROCESS, static_cast<id_t>(::gettid()), kWatcherNice);
  for (;;) {
    {
      std::unique_lock<std::mutex> lock(mu_);
      cv_.wait_for(lock, std::chrono::milliseconds(interval_ms_), [&] { return stop_ || poke_; });
      if (stop_) return;
      poke_ = false;
      state_.state = "scanning";
    }
    if (on_pass_) on_pass_(true);
    auto t0 = std::chrono::steady_clock::now();
    // A broken edit keeps the last good prices and settings (the CLI refuses to run with it, so
    // the store's costs are still that book's) and is shown in the status until it is fixed.
    auto reloaded = config_.Refresh();
    // Only this thread writes `published_`, so it reads it without the lock.
    if (reloaded.ok() && reloaded.value() &&
        config_.prices().Fingerprint() != published_->Fingerprint()) {
      auto book = std::make_shared<const pricing::PriceBook>(config_.prices());
      std::lock_guard<std::mutex> lock(mu_);
      published_ = std::move(book);
    }
    ingest::IngestOptions options = config_.options();
    options.progress = false;
    auto stats = ingest::Ingest(store, config_.prices(), options);
    int64_t took = std::chrono::duration_cast<std::chrono::milliseconds>(
                       std::chrono::steady_clock::now() - t0)
                       .count();
    bool updated = stats.ok() && (stats.value().bytes_parsed > 0 ||
                                  stats.value().calls_touched > 0 || stats.value().repriced);
    {
      std::lock_guard<std::mutex> lock(mu_);
      state_.scans++;
      state_.last_scan_ms = now_utc_ms();
      state_.last_duration_ms = took;
      state_.config_error = reloaded.ok() ? "" : reloaded.status().message();
      if (stats.ok()) {
        state_.state = "idle";
        state_.last_error.clear();
        if (updated) state_.updates++;
      } else {
        // Kept until a pass succeeds; the next tick retries (a locked store is usually a
        // concurrent `receipts scan` that finishes soon).
        state_.state = "error";
        state_.last_error = stats.status().message();
      }
    }
    if (updated && on_update_) on_update_(store, stats.value());
    if (on_pass_) on_pass_(false);
  }
}

}  // namespace receipts::http
