// See file_change.h.
#include "core/file_change.h"

#include <sys/stat.h>
#include <time.h>

#include <algorithm>

namespace receipts {
namespace {

int64_t NowNs() {
  struct timespec t {};
  ::clock_gettime(CLOCK_REALTIME, &t);
  return TimespecNs(t);
}

}  // namespace

std::string FileIdentity(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return "unknown";
  return std::to_string(st.st_size) + ":" + std::to_string(st.st_mtim.tv_sec) + "." +
         std::to_string(st.st_mtim.tv_nsec) + ":" + std::to_string(st.st_ino);
}

bool FileChangeWatch::Changed() {
  Id id;
  struct stat st {};
  if (::stat(path_.c_str(), &st) == 0) {
    id = {true, static_cast<uint64_t>(st.st_ino), static_cast<int64_t>(st.st_size),
          TimespecNs(st.st_mtim), TimespecNs(st.st_ctim)};
  }
  if (looked_ && id == id_ && !unsettled_) return false;
  looked_ = true;
  id_ = id;
  unsettled_ = id.exists && std::max(id.mtime_ns, id.ctime_ns) > NowNs() - settle_ns_;
  return true;
}

}  // namespace receipts
