// A progress bar on stderr, shown only on a terminal and only once a scan has run for more than
// a second. Advance() is thread-safe.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <mutex>

namespace receipts::ingest {

class Progress {
 public:
  // On stderr when `enabled` and stderr is a terminal, after one second.
  Progress(bool enabled, int64_t total_bytes, int64_t total_files);
  // On `out` (nullptr = nowhere) once `delay` has passed, redrawn at most once per `every`.
  Progress(std::FILE* out, int64_t total_bytes, int64_t total_files, std::chrono::milliseconds delay,
           std::chrono::milliseconds every);
  void Advance(int64_t bytes);
  void Finish();

 private:
  void Draw(bool final);
  std::FILE* out_;
  std::chrono::milliseconds delay_, every_;
  int64_t total_bytes_, total_files_;
  std::atomic<int64_t> done_bytes_{0}, done_files_{0};
  std::chrono::steady_clock::time_point start_, last_draw_;
  bool drawn_ = false;
  std::mutex mu_;
};

}  // namespace receipts::ingest
