// See checkpointer.h.
#include "ingest/checkpointer.h"

#include <pthread.h>

#include "store/db.h"

namespace receipts::ingest {

Checkpointer::Checkpointer(const std::string& store_path) {
  if (store_path.empty() || store_path == ":memory:") return;
  thread_ = std::thread([this, store_path] { Run(store_path); });
}

Checkpointer::~Checkpointer() {
  if (!thread_.joinable()) return;
  {
    std::lock_guard<std::mutex> lock(mu_);
    stop_ = true;
  }
  cv_.notify_one();
  thread_.join();
}

void Checkpointer::Committed() {
  if (!thread_.joinable()) return;
  {
    std::lock_guard<std::mutex> lock(mu_);
    pending_ = true;
  }
  cv_.notify_one();
}

void Checkpointer::Run(std::string path) {
  pthread_setname_np(pthread_self(), "receipts-ckpt");  // for profilers
  auto db = store::Db::Open(path);
  if (!db.ok()) return;
  for (;;) {
    {
      std::unique_lock<std::mutex> lock(mu_);
      cv_.wait(lock, [this] { return pending_ || stop_; });
      if (stop_) return;
      pending_ = false;
    }
    db.value().Exec("PRAGMA wal_checkpoint(PASSIVE)");
  }
}

}  // namespace receipts::ingest
