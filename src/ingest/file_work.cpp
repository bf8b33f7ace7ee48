// See file_work.h.
#include "ingest/file_work.h"

#include <fcntl.h>
#include <pthread.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstring>
#include <thread>

#include "core/file_change.h"

namespace receipts::ingest {

namespace {

// Reads [from, size) into `buf`, which only grows (to the range plus padding); the caller
// zeroes the padding after `*got`.
Status ReadInto(const std::string& path, int64_t from, int64_t size, std::string& buf, size_t* got) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return Status::Error("cannot open " + path + ": " + std::strerror(errno));
  size_t len = static_cast<size_t>(size - from);
  if (buf.size() < len + sources::kParsePadding) buf.resize(len + sources::kParsePadding);
  *got = 0;
  while (*got < len) {
    ssize_t n = ::pread(fd, buf.data() + *got, len - *got, from + static_cast<off_t>(*got));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    *got += static_cast<size_t>(n);
  }
  ::close(fd);
  return Status::Ok();
}

}  // namespace

Status ReadRange(const std::string& path, int64_t from, int64_t size, std::string& buf,
                 size_t* got_out) {
  buf.clear();
  size_t got = 0;
  if (Status s = ReadInto(path, from, size, buf, &got); !s.ok()) return s;
  if (got_out) {
    buf.resize(got + sources::kParsePadding);
    std::fill(buf.begin() + static_cast<long>(got), buf.end(), '\0');
    *got_out = got;
  } else {
    buf.resize(got);
  }
  return Status::Ok();
}

bool HeadMatches(const std::string& path, const FileRow& row) {
  if (row.head_len == 0) return true;
  std::string head;
  if (!ReadRange(path, 0, row.head_len, head).ok() ||
      static_cast<int64_t>(head.size()) != row.head_len) {
    return false;
  }
  return Fnv1a(head) == row.head_hash;
}

namespace {

void Stamp(FileStat& w, const struct stat& st) {
  w.inode = static_cast<int64_t>(st.st_ino);
  w.size = static_cast<int64_t>(st.st_size);
  w.mtime_ns = TimespecNs(st.st_mtim);
}

// Stats files[i] for i in [begin, end), by full path: on these VMs a syscall costs a few µs,
// and an O_PATH descriptor per directory (open + fstatat + close) cost more than the kernel's
// walk of the whole path (~25 vs ~21 ms for the bench corpus's 14k files on two threads).
void StatRange(std::vector<FileStat>& files, size_t begin, size_t end) {
  for (size_t i = begin; i < end; ++i) {
    FileStat& w = files[i];
    struct stat st{};
    if (::stat(w.path.data(), &st) != 0) continue;
    Stamp(w, st);
    if (w.mode == sources::ReadMode::kPathOnly) {
      // A SQLite database: its -wal counts too.
      struct stat wal{};
      if (::stat((std::string(w.path) + "-wal").c_str(), &wal) == 0) {
        w.size += static_cast<int64_t>(wal.st_size);
        w.mtime_ns = std::max(w.mtime_ns, TimespecNs(wal.st_mtim));
      }
    }
  }
}

}  // namespace

void StatAll(std::vector<FileStat>& files, int threads) {
  constexpr size_t kPerThread = 512;
  size_t n = std::min<size_t>(static_cast<size_t>(std::max(1, threads)), files.size() / kPerThread + 1);
  size_t chunk = (files.size() + n - 1) / std::max<size_t>(n, 1);
  std::vector<std::thread> pool;
  for (size_t t = 1; t < n; ++t) {
    pool.emplace_back([&files, t, chunk] {
      StatRange(files, std::min(files.size(), t * chunk), std::min(files.size(), (t + 1) * chunk));
    });
  }
  StatRange(files, 0, std::min(files.size(), chunk));
  for (auto& t : pool) t.join();
}

namespace {

// The first kHeadBytes of an append-only file up to its new checkpoint, from the bytes just
// read when they cover it (a re-read otherwise), to detect a replaced file next time.
std::pair<int64_t, uint64_t> HeadOf(const Work& w, const std::string& buf, size_t got,
                                    int64_t checkpoint) {
  if (w.mode != sources::ReadMode::kAppend) return {0, Fnv1a("")};
  int64_t len = std::min<int64_t>(checkpoint, kHeadBytes);
  if (w.from == 0 && len <= static_cast<int64_t>(got)) {
    return {len, Fnv1a(std::string_view(buf.data(), static_cast<size_t>(len)))};
  }
  if (!w.reset && w.row.head_len == len) return {len, w.row.head_hash};
  std::string head;
  ReadRange(w.path, 0, len, head);
  return {static_cast<int64_t>(head.size()), Fnv1a(head)};
}

}  // namespace

namespace {
constexpr int kParseNice = 10;  // relative to the thread that starts the pool
}  // namespace

ParsePool::ParsePool(std::vector<Work>& work, int threads, Progress& progress)
    : work_(work), progress_(progress) {
  for (int t = 0; t < std::clamp(threads, 1, 255); ++t) {
    threads_.emplace_back([this, t] {
      pthread_setname_np(pthread_self(), "receipts-parse");  // for profilers
      // The single writer thread is the scan's critical path: at a lower priority, the
      // workers (one batch ahead of it) take the CPU it leaves rather than a share of its
      // core (about 10% of a cold scan's wall time on 2 cores).
      errno = 0;
      int nice = getpriority(PRIO_PROCESS, 0);
      if (errno == 0) setpriority(PRIO_PROCESS, static_cast<id_t>(gettid()), std::min(nice + kParseNice, 19));
      Run(static_cast<uint8_t>(t));
    });
  }
}

ParsePool::~ParsePool() {
  {
    std::unique_lock lock(mu_);
    finished_.wait(lock, [this] { return running_ == 0; });
    stop_ = true;
  }
  wake_.notify_all();
  for (auto& t : threads_) t.join();
}

void ParsePool::Start(size_t begin, size_t end, Batch done) {
  {
    std::lock_guard lock(mu_);
    batch_ = Batch{};
    batch_.begin = begin;
    batch_.end = end;
    batch_.parsed.resize(end - begin);
    batch_.errors.resize(end - begin);
    batch_.heads.resize(end - begin);
    batch_.parsed_by.resize(end - begin);
    done_ = std::move(done);
    cursor_ = begin;
    end_ = end;
    running_ = static_cast<int>(threads_.size());
    ++job_;
  }
  wake_.notify_all();
}

Batch ParsePool::Wait() {
  std::unique_lock lock(mu_);
  finished_.wait(lock, [this] { return running_ == 0; });
  return std::move(batch_);
}

void ParsePool::Run(uint8_t me) {
  // The read buffer only grows: its size is the largest range read so far plus padding, and
  // only the padding after each read is zeroed.
  std::string buf;
  uint64_t seen = 0;
  for (;;) {
    size_t end;
    {
      std::unique_lock lock(mu_);
      wake_.wait(lock, [&] { return stop_ || job_ != seen; });
      if (stop_) return;
      seen = job_;
      end = end_;
    }
    // Each worker frees what it allocated: a free into another thread's malloc arena takes
    // that arena's lock, which its owner, parsing, holds all the time.
    for (size_t k = 0; k < done_.parsed_by.size(); ++k) {
      if (done_.parsed_by[k] == me) done_.parsed[k] = ParsedFile{};
    }
    for (size_t i = cursor_++; i < end; i = cursor_++) {
      Work& w = work_[i];
      const size_t k = i - batch_.begin;
      ParsedFile& p = batch_.parsed[k];
      batch_.parsed_by[k] = me;
      p.agent = w.agent;
      size_t got = 0;
      if (w.mode != sources::ReadMode::kPathOnly) {
        if (Status s = ReadInto(w.path, w.from, w.size, buf, &got); !s.ok()) {
          batch_.errors[k] = s;
          continue;
        }
      } else if (buf.size() < sources::kParsePadding) {
        buf.resize(sources::kParsePadding);
      }
      std::fill_n(buf.begin() + static_cast<long>(got), sources::kParsePadding, '\0');
      p.output = w.source->Parse(w.path, std::string_view(buf.data(), got),
                                 static_cast<uint64_t>(w.from), w.reset ? "" : w.row.state);
      batch_.heads[k] = HeadOf(w, buf, got, static_cast<int64_t>(p.output.consumed_to));
      PrepareTexts(p);  // here rather than on the single writer thread
      progress_.Advance(w.size - w.from);
    }
    {
      std::lock_guard lock(mu_);
      if (--running_ == 0) finished_.notify_all();
    }
  }
}

}  // namespace receipts::ingest
