// Noticing that a small file a long-running process reads (the config file) changed: its inode,
// size, modification or change time, or whether it exists. File times come from a coarse clock,
// so an edit in the same tick as the last read could leave them all equal; a file changed less
// than 2 s before the last look is reported as changed again until it has settled.
#pragma once

#include <time.h>

#include <cstdint>
#include <string>
#include <utility>

namespace receipts {

// A file time (struct stat's st_mtim, st_ctim) in nanoseconds since the epoch.
inline int64_t TimespecNs(const struct timespec& t) {
  return int64_t(t.tv_sec) * 1'000'000'000 + t.tv_nsec;
}

// A file's identity as text: "size:mtime_s.mtime_ns:inode" (links followed), or "unknown" when it
// cannot be statted. A rewrite, replacement or reinstall of the file changes it.
std::string FileIdentity(const std::string& path);

class FileChangeWatch {
 public:
  static constexpr int64_t kSettleNs = 2'000'000'000;
  explicit FileChangeWatch(std::string path, int64_t settle_ns = kSettleNs)
      : path_(std::move(path)), settle_ns_(settle_ns) {}

  // True on the first call, then whenever the file changed since the previous call (see above).
  bool Changed();
  const std::string& path() const { return path_; }

 private:
  struct Id {
    bool exists = false;
    uint64_t inode = 0;
    int64_t size = 0, mtime_ns = 0, ctime_ns = 0;
    bool operator==(const Id&) const = default;
  };
  std::string path_;
  int64_t settle_ns_;
  bool looked_ = false;
  bool unsettled_ = false;
  Id id_;
};

}  // namespace receipts
