// See live_book.h.
#include "pricing/live_book.h"

#include <sys/stat.h>

#include <algorithm>
#include <utility>

#include "core/time.h"

namespace receipts::pricing {
namespace {

// File times come from a coarse clock: an edit in the same tick as our read leaves the same
// times (and maybe the same size). A file changed this recently is read again next time.
constexpr int64_t kSettleNs = 2'000'000'000;

int64_t Ns(const struct timespec& t) { return int64_t(t.tv_sec) * 1'000'000'000 + t.tv_nsec; }

}  // namespace

LivePriceBook::LivePriceBook(PriceBook initial, std::string path)
    : book_(std::move(initial)), path_(std::move(path)) {}

LivePriceBook::FileId LivePriceBook::Identify(const std::string& path) {
  FileId id;
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return id;
  id.exists = true;
  id.inode = st.st_ino;
  id.size = st.st_size;
  id.mtime_ns = Ns(st.st_mtim);
  id.ctime_ns = Ns(st.st_ctim);
  return id;
}

Result<bool> LivePriceBook::Refresh() {
  if (path_.empty()) return false;
  FileId id = Identify(path_);
  if (read_ && id == id_ && !unsettled_) {
    if (!error_.empty()) return Status::Error(error_);
    return false;
  }
  int64_t now_ns = now_utc_ms() * 1'000'000;
  read_ = true;
  id_ = id;
  unsettled_ = id.exists && std::max(id.mtime_ns, id.ctime_ns) > now_ns - kSettleNs;
  PriceBook fresh = PriceBook::Bundled();
  if (Status s = fresh.ApplyOverridesFile(path_); !s.ok()) {
    error_ = s.message();
    return s;
  }
  error_.clear();
  if (fresh.Fingerprint() == book_.Fingerprint()) return false;
  book_ = std::move(fresh);
  ++version_;
  return true;
}

}  // namespace receipts::pricing
