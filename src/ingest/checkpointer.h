// Copies a store's WAL into its database file on a thread of its own while a long scan keeps
// writing (PRAGMA wal_checkpoint(PASSIVE) on a second connection after each committed batch),
// so the writer does not pay for the whole copy at the end and the WAL can restart instead of
// growing to the size of everything written. Best effort: a checkpoint that cannot run now
// (busy) simply runs after the next batch.
#pragma once

#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>

namespace receipts::ingest {

class Checkpointer {
 public:
  // Does nothing for ":memory:" stores.
  explicit Checkpointer(const std::string& store_path);
  ~Checkpointer();  // stops and joins
  Checkpointer(const Checkpointer&) = delete;
  Checkpointer& operator=(const Checkpointer&) = delete;
  // A batch was committed: checkpoint when the thread is free.
  void Committed();

 private:
  void Run(std::string path);

  std::mutex mu_;
  std::condition_variable cv_;
  bool pending_ = false, stop_ = false;
  std::thread thread_;
};

}  // namespace receipts::ingest
