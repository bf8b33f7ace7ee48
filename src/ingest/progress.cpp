// See progress.h.
#include "ingest/progress.h"

#include <unistd.h>

#include <cstdio>
#include <string>

namespace receipts::ingest {

Progress::Progress(bool enabled, int64_t total_bytes, int64_t total_files)
    : Progress(enabled && ::isatty(STDERR_FILENO) ? stderr : nullptr, total_bytes, total_files,
               std::chrono::seconds(1), std::chrono::milliseconds(100)) {}

Progress::Progress(std::FILE* out, int64_t total_bytes, int64_t total_files,
                   std::chrono::milliseconds delay, std::chrono::milliseconds every)
    : out_(out),
      delay_(delay),
      every_(every),
      total_bytes_(total_bytes),
      total_files_(total_files),
      start_(std::chrono::steady_clock::now()),
      last_draw_(start_) {}

void Progress::Advance(int64_t bytes) {
  done_bytes_ += bytes;
  done_files_ += 1;
  if (!out_) return;
  auto now = std::chrono::steady_clock::now();
  if (now - start_ < delay_) return;
  std::lock_guard<std::mutex> lock(mu_);
  if (drawn_ && now - last_draw_ < every_) return;
  last_draw_ = now;
  Draw(false);
}

void Progress::Draw(bool final) {
  constexpr int kWidth = 30;
  double frac = total_bytes_ > 0 ? double(done_bytes_) / double(total_bytes_) : 1.0;
  if (frac > 1) frac = 1;
  int fill = static_cast<int>(frac * kWidth);
  std::string bar(fill, '#');
  bar.append(kWidth - fill, '-');
  std::fprintf(out_, "\rscanning [%s] %3d%%  %lld/%lld files  %.1f/%.1f MB%s", bar.c_str(),
               static_cast<int>(frac * 100), static_cast<long long>(done_files_.load()),
               static_cast<long long>(total_files_), done_bytes_ / 1e6, total_bytes_ / 1e6,
               final ? "\n" : "");
  std::fflush(out_);
  drawn_ = true;
}

void Progress::Finish() {
  std::lock_guard<std::mutex> lock(mu_);
  if (drawn_) Draw(true);
}

}  // namespace receipts::ingest
