// See ingest.h. Flow: discover → compare with stored file state → parse changed files in
// parallel, batch by batch → write each batch (calls, prices, rollup, checkpoints) in one
// transaction.
#include "ingest/ingest.h"

#include <fcntl.h>
#include <pthread.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstring>
#include <ctime>
#include <chrono>
#include <filesystem>
#include <cstdio>
#include <future>
#include <set>
#include <thread>
#include <unordered_map>

#include "ingest/progress.h"
#include "ingest/tree_cache.h"
#include "ingest/writer.h"
#include "store/indexes.h"

namespace receipts::ingest {
namespace fs = std::filesystem;
namespace {

constexpr size_t kHeadBytes = 1024;

uint64_t Fnv1a(std::string_view data) {
  uint64_t h = 1469598103934665603ULL;
  for (unsigned char c : data) {
    h ^= c;
    h *= 1099511628211ULL;
  }
  return h;
}

int64_t NowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

struct FileRow {
  int64_t id = 0;
  int64_t inode = 0, size = 0, mtime_ns = 0, head_len = 0, checkpoint = 0;
  uint64_t head_hash = 0;
  int64_t first_ts_ms = 0;
  bool missing = false;
  bool seen = false;        // found on disk by this scan
  std::string state;        // the source's resume state at the checkpoint
  std::string agent, root;
};

struct Work {
  std::string path, root, agent;
  const sources::Source* source = nullptr;
  sources::ReadMode mode = sources::ReadMode::kAppend;
  FileRow row;              // stored state (id 0 = new file)
  int64_t inode = 0, size = 0, mtime_ns = 0;
  int64_t from = 0;         // where parsing starts
  bool reset = false;       // re-read from the start (replaced or shrunk)
};

// Reads [from, size) of a file into `buf`, followed by kParsePadding zero bytes; `*got_out`
// receives the number of bytes read.
Status ReadRange(const std::string& path, int64_t from, int64_t size, std::string& buf,
                 size_t* got_out = nullptr) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return Status::Error("cannot open " + path + ": " + std::strerror(errno));
  size_t len = static_cast<size_t>(size - from);
  buf.assign(len + sources::kParsePadding, '\0');
  size_t got = 0;
  while (got < len) {
    ssize_t n = ::pread(fd, buf.data() + got, len - got, from + static_cast<off_t>(got));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    got += static_cast<size_t>(n);
  }
  ::close(fd);
  std::fill(buf.begin() + static_cast<long>(got), buf.end(), '\0');
  if (got_out) {
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

class IngestLock {
 public:
  explicit IngestLock(const std::string& store_path) {
    if (store_path == ":memory:") return;
    fd_ = ::open((store_path + ".lock").c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (fd_ >= 0) ::flock(fd_, LOCK_EX);
  }
  ~IngestLock() {
    if (fd_ >= 0) ::close(fd_);
  }

 private:
  int fd_ = -1;
};

std::vector<const sources::Source*> Selected(const IngestOptions& options) {
  std::vector<const sources::Source*> out;
  for (const sources::Source* s : sources::Registry()) {
    if (options.agents.empty() ||
        std::find(options.agents.begin(), options.agents.end(), s->name()) !=
            options.agents.end()) {
      out.push_back(s);
    }
  }
  return out;
}

}  // namespace

std::vector<RootInfo> ListRoots(const IngestOptions& options) {
  std::vector<RootInfo> roots;
  for (const sources::Source* s : Selected(options)) {
    for (const std::string& r : s->Roots(options.env)) {
      std::error_code ec;
      roots.push_back({std::string(s->name()), r, fs::is_directory(r, ec)});
    }
  }
  return roots;
}

Result<bool> RepriceIfChanged(store::Store& store, const pricing::PriceBook& prices) {
  std::string fp = prices.Fingerprint();
  if (store.GetMeta("pricing_fingerprint") == fp) return false;
  store::Transaction tx(store.db());
  if (!tx.begin_status().ok()) return Status::Error("store is locked: " + tx.begin_status().message());
  BatchWriter writer(store.db(), prices, WriterOptions{});
  if (Status s = writer.RepriceAll(); !s.ok()) return s;
  if (Status s = store.SetMeta("pricing_fingerprint", fp); !s.ok()) return s;
  if (Status s = tx.Commit(); !s.ok()) return s;
  return true;
}

namespace {

// Size and mtime of what a file's parse depends on (a SQLite database includes its -wal).
void StatWork(Work& w) {
  struct stat st{};
  if (::stat(w.path.c_str(), &st) != 0) return;
  w.inode = static_cast<int64_t>(st.st_ino);
  w.size = static_cast<int64_t>(st.st_size);
  w.mtime_ns = static_cast<int64_t>(st.st_mtim.tv_sec) * 1000000000LL + st.st_mtim.tv_nsec;
  if (w.mode == sources::ReadMode::kPathOnly) {
    struct stat wal{};
    if (::stat((w.path + "-wal").c_str(), &wal) == 0) {
      w.size += static_cast<int64_t>(wal.st_size);
      w.mtime_ns = std::max<int64_t>(
          w.mtime_ns, static_cast<int64_t>(wal.st_mtim.tv_sec) * 1000000000LL + wal.st_mtim.tv_nsec);
    }
  }
}

// StatWork for every file, split over `threads` threads when there are many.
void StatAll(std::vector<Work>& files, int threads) {
  constexpr size_t kPerThread = 512;
  size_t n = std::min<size_t>(static_cast<size_t>(std::max(1, threads)), files.size() / kPerThread + 1);
  if (n <= 1) {
    for (Work& w : files) StatWork(w);
    return;
  }
  std::vector<std::thread> pool;
  for (size_t t = 1; t < n; ++t) {
    pool.emplace_back([&files, t, n] {
      for (size_t i = t; i < files.size(); i += n) StatWork(files[i]);
    });
  }
  for (size_t i = 0; i < files.size(); i += n) StatWork(files[i]);
  for (auto& t : pool) t.join();
}

// One batch of parsed files, handed from the parsing pool to the writer.
struct Batch {
  size_t begin = 0, end = 0;
  std::vector<ParsedFile> parsed;
  std::vector<Status> errors;
  std::vector<std::pair<int64_t, uint64_t>> heads;  // (length, hash) of each file's first bytes
};

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

// Parses [begin, end) of `work` on `threads` threads.
Batch ParseBatch(std::vector<Work>& work, size_t begin, size_t end, int threads, Progress& progress) {
  Batch b;
  b.begin = begin;
  b.end = end;
  b.parsed.resize(end - begin);
  b.errors.resize(end - begin);
  b.heads.resize(end - begin);
  std::atomic<size_t> cursor{begin};
  auto worker = [&] {
    std::string buf;
    for (size_t i = cursor++; i < end; i = cursor++) {
      Work& w = work[i];
      ParsedFile& p = b.parsed[i - begin];
      p.agent = w.agent;
      size_t got = 0;
      if (w.mode != sources::ReadMode::kPathOnly) {
        if (Status s = ReadRange(w.path, w.from, w.size, buf, &got); !s.ok()) {
          b.errors[i - begin] = s;
          continue;
        }
      } else {
        buf.assign(sources::kParsePadding, '\0');
      }
      p.output = w.source->Parse(w.path, std::string_view(buf.data(), got),
                                 static_cast<uint64_t>(w.from), w.reset ? "" : w.row.state);
      b.heads[i - begin] = HeadOf(w, buf, got, static_cast<int64_t>(p.output.consumed_to));
      progress.Advance(w.size - w.from);
    }
  };
  std::vector<std::thread> pool;
  for (int t = 1; t < threads && t < static_cast<int>(end - begin); ++t) {
    pool.emplace_back([&worker] {
      pthread_setname_np(pthread_self(), "receipts-parse");  // for profilers
      worker();
    });
  }
  worker();
  for (auto& t : pool) t.join();
  return b;
}

}  // namespace

Result<IngestStats> Ingest(store::Store& store, const pricing::PriceBook& prices,
                           const IngestOptions& options) {
  const auto scan_start = std::chrono::steady_clock::now();
  IngestLock lock(store.path());
  IngestStats stats;
  store::Db& db = store.db();
  auto repriced = RepriceIfChanged(store, prices);
  if (!repriced.ok()) return repriced.status();
  stats.repriced = repriced.value();

  // Stored file state.
  std::unordered_map<std::string, FileRow> known;
  {
    store::Stmt st = db.MustPrepare(
        "SELECT path, id, inode, size, mtime_ns, head_len, head_hash, checkpoint, "
        "coalesce(first_ts_ms, 0), missing, state, agent, root FROM files");
    while (st.Step()) {
      FileRow r{st.Int(1), st.Int(2), st.Int(3), st.Int(4), st.Int(5), st.Int(7),
                static_cast<uint64_t>(st.Int(6)), st.Int(8), st.Int(9) != 0, false, st.Text(10),
                st.Text(11), st.Text(12)};
      known.emplace(st.Text(0), std::move(r));
    }
  }

  // Discover and decide what to parse. When no directory under the roots changed since the
  // last full discovery, the known files are the whole truth and only need a stat each.
  std::vector<Work> work;
  int64_t total_bytes = 0;
  std::string tree_key;
  std::vector<std::string> all_roots;
  for (const sources::Source* source : Selected(options)) {
    tree_key += std::string(source->name()) + "=";
    for (const std::string& r : source->Roots(options.env)) {
      tree_key += r + ";";
      all_roots.push_back(r);
    }
    tree_key += "\n";
  }
  bool fast = TreeUnchanged(db, tree_key);
  std::vector<DirStamp> tree;
  if (!fast) tree = SnapshotTree(all_roots);  // before discovery: later changes show next time
  // Every file to look at, then one stat each (on the pool: with nothing new, these stats are
  // most of a scan), then what to parse.
  std::vector<Work> candidates;
  auto candidate = [&](const sources::Source* source, const std::string& path,
                       const std::string& root) {
    Work& w = candidates.emplace_back();
    w.path = path;
    w.root = root;
    w.agent = std::string(source->name());
    w.source = source;
    w.mode = source->read_mode(path);
  };
  if (fast) {
    // Only files under the roots scanned now (a store may also hold files of other roots).
    std::set<std::pair<std::string, std::string>> roots_now;  // (agent, root)
    for (const sources::Source* source : Selected(options)) {
      for (const std::string& r : source->Roots(options.env)) roots_now.emplace(source->name(), r);
    }
    for (const auto& [path, row] : known) {
      if (row.missing || !roots_now.count({row.agent, row.root})) continue;
      candidate(sources::FindSource(row.agent), path, row.root);
    }
  } else {
    for (const sources::Source* source : Selected(options)) {
      for (const auto& file : source->Discover(source->Roots(options.env))) {
        candidate(source, file.path, file.root);
      }
    }
  }
  const int threads = options.threads > 0 ? options.threads
                                          : std::max(1u, std::thread::hardware_concurrency());
  StatAll(candidates, threads);
  for (Work& w : candidates) {
    stats.files_seen++;
    auto it = known.find(w.path);
    if (it != known.end()) it->second.seen = true;
    if (w.inode == 0 && w.size == 0 && w.mtime_ns == 0) continue;  // vanished
    if (it != known.end()) {
      w.row = it->second;
      if (w.row.inode == w.inode && w.row.size == w.size && w.row.mtime_ns == w.mtime_ns &&
          !w.row.missing) {
        continue;  // unchanged
      }
      bool append = w.mode == sources::ReadMode::kAppend && w.row.inode == w.inode &&
                    w.size >= w.row.checkpoint && HeadMatches(w.path, w.row);
      w.from = append ? w.row.checkpoint : 0;
      w.reset = !append;
    }
    if (w.mode == sources::ReadMode::kPathOnly) w.from = 0;
    total_bytes += std::max<int64_t>(0, w.size - w.from);
    work.push_back(std::move(w));
  }
  candidates.clear();

  // Known files no longer present: keep their history, flag them.
  {
    const std::vector<RootInfo> roots = ListRoots(options);
    std::vector<int64_t> gone;
    for (auto& [path, row] : known) {
      if (row.seen || row.missing) continue;
      bool under_selected = false;  // only flag files under a root this run scanned
      for (const RootInfo& r : roots) {
        if (path.rfind(r.path, 0) == 0) under_selected = true;
      }
      if (under_selected) gone.push_back(row.id);
    }
    store::Stmt miss = db.MustPrepare("UPDATE files SET missing = 1 WHERE id = ?1");
    store::Transaction tx(db);
    for (int64_t id : gone) {
      if (Status s = miss.Bind(1, id).Run(); !s.ok()) return Status::Error("store write failed: " + s.message());
      stats.files_missing++;
    }
    if (Status s = tx.Commit(); !s.ok()) return Status::Error("store write failed: " + s.message());
  }

  Progress progress(options.progress, total_bytes, static_cast<int64_t>(work.size()));
  WriterOptions wopts;
  wopts.store_text = options.store_text;
  wopts.person = options.person;
  wopts.env = options.env;
  BatchWriter writer(db, prices, std::move(wopts));
  store::Stmt new_file = db.MustPrepare(
      "INSERT INTO files(path, agent, root) VALUES(?1, ?2, ?3) RETURNING id");
  store::Stmt save_file = db.MustPrepare(R"sql(
UPDATE files SET inode = ?2, size = ?3, mtime_ns = ?4, head_len = ?5, head_hash = ?6,
  checkpoint = ?7, lines = CASE WHEN ?12 THEN ?8 ELSE lines + ?8 END,
  usage_lines = CASE WHEN ?12 THEN ?9 ELSE usage_lines + ?9 END,
  malformed = CASE WHEN ?12 THEN ?10 ELSE malformed + ?10 END,
  first_ts_ms = CASE WHEN ?11 = 0 THEN first_ts_ms
                     WHEN first_ts_ms IS NULL OR ?12 THEN ?11 ELSE min(first_ts_ms, ?11) END,
  last_scan_ms = ?13, missing = 0, state = ?14
WHERE id = ?1)sql");
  store::Stmt clear_malformed = db.MustPrepare("DELETE FROM malformed_lines WHERE file_id = ?1");
  store::Stmt add_malformed = db.MustPrepare(
      "INSERT OR IGNORE INTO malformed_lines(file_id, offset, reason) VALUES(?1, ?2, ?3)");

  // Cut batches by bytes.
  std::vector<std::pair<size_t, size_t>> ranges;
  for (size_t next = 0; next < work.size();) {
    size_t end = next;
    int64_t bytes = 0;
    while (end < work.size() && (end == next || bytes < options.batch_bytes)) {
      bytes += work[end].size - work[end].from;
      ++end;
    }
    ranges.emplace_back(next, end);
    next = end;
  }

  // Bulk load (IngestOptions::bulk). A scan killed during one leaves bulk_load = 1, and the
  // next scan finishes it whatever its size.
  const bool resume_bulk = store.GetMeta("bulk_load") == "1";
  int64_t stored_bytes = 0;
  for (const auto& [path, row] : known) stored_bytes += row.checkpoint;
  using Bulk = IngestOptions::Bulk;
  stats.bulk = resume_bulk ||
               (!work.empty() && (options.bulk == Bulk::kAlways ||
                                  (options.bulk == Bulk::kAuto && total_bytes >= kBulkMinBytes &&
                                   total_bytes * 2 >= stored_bytes)));
  if (stats.bulk) {
    if (!resume_bulk) {
      store::Transaction tx(db);
      if (!tx.begin_status().ok()) {
        return Status::Error("the store " + store.path() + " is locked: " + tx.begin_status().message());
      }
      if (Status s = store.SetMeta("bulk_load", "1"); !s.ok()) return s;
      if (Status s = store::DropBulkIndexes(db); !s.ok()) return s;
      if (Status s = tx.Commit(); !s.ok()) return Status::Error("store write failed: " + s.message());
    }
    if (Status s = writer.StartBulk(); !s.ok()) return s;
  }

  if (!ranges.empty()) db.Exec("PRAGMA wal_autocheckpoint=0");
  // Pipeline: the pool parses batch k+1 while this thread writes batch k.
  double commit_ms = 0;
  auto write_batch = [&](Batch& b) -> Status {
    store::Transaction tx(db);
    if (!tx.begin_status().ok()) {
      return Status::Error("the store " + store.path() + " is locked: " + tx.begin_status().message());
    }
    int64_t now = NowMs();
    for (size_t i = b.begin; i < b.end; ++i) {
      Work& w = work[i];
      ParsedFile& p = b.parsed[i - b.begin];
      if (!b.errors[i - b.begin].ok()) continue;  // unreadable now: retried next scan
      if (w.row.id == 0) {
        new_file.Bind(1, w.path).Bind(2, w.agent).Bind(3, w.root);
        if (!new_file.Step()) return Status::Error("store write failed: " + new_file.status().message());
        w.row.id = new_file.Int(0);
        new_file.Reset();
      }
      p.file_id = w.row.id;
      int64_t first = (w.reset || w.row.first_ts_ms == 0) ? p.output.first_ts_ms : w.row.first_ts_ms;
      if (p.output.first_ts_ms != 0 && first != 0) first = std::min(first, p.output.first_ts_ms);
      p.rank_start_ms = first;
    }
    auto written = writer.Write(b.parsed);
    if (!written.ok()) return written.status();
    stats.calls_touched += written.value();
    for (size_t i = b.begin; i < b.end; ++i) {
      Work& w = work[i];
      const auto& out = b.parsed[i - b.begin].output;
      if (!b.errors[i - b.begin].ok()) continue;
      bool whole = w.mode != sources::ReadMode::kAppend;
      int64_t checkpoint = whole ? w.size : static_cast<int64_t>(out.consumed_to);
      auto [head_len, head_hash] = b.heads[i - b.begin];
      if (w.reset) clear_malformed.Bind(1, w.row.id).Run();
      for (const auto& m : out.malformed) {
        add_malformed.Bind(1, w.row.id).Bind(2, static_cast<int64_t>(m.offset)).Bind(3, m.reason).Run();
      }
      // The stored size is what was consumed, so a partial last line is re-read once complete.
      save_file.Bind(1, w.row.id).Bind(2, w.inode).Bind(3, whole ? w.size : checkpoint)
          .Bind(4, w.mtime_ns).Bind(5, head_len)
          .Bind(6, static_cast<int64_t>(head_hash)).Bind(7, checkpoint).Bind(8, out.lines)
          .Bind(9, out.usage_lines).Bind(10, static_cast<int64_t>(out.malformed.size()))
          .Bind(11, out.first_ts_ms).Bind(12, int64_t(w.reset)).Bind(13, now).Bind(14, out.state);
      if (Status s = save_file.Run(); !s.ok()) return Status::Error("store write failed: " + s.message());
      stats.files_parsed++;
      stats.bytes_parsed += w.size - w.from;
      stats.lines += out.lines;
      stats.usage_records += static_cast<int64_t>(out.records.size());
      stats.malformed += static_cast<int64_t>(out.malformed.size());
    }
    auto tc = std::chrono::steady_clock::now();
    if (Status s = tx.Commit(); !s.ok()) return Status::Error("store commit failed: " + s.message());
    commit_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - tc).count();
    return Status::Ok();
  };

  // RECEIPTS_TRACE=1: where a scan spends its time (waiting for parses vs writing).
  const bool trace = options.env.get("RECEIPTS_TRACE").has_value();
  double wait_s = 0, write_s = 0;
  auto thread_cpu_s = [] {
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) / 1e9;
  };
  const double cpu_start = thread_cpu_s();
  auto seconds_since = [](std::chrono::steady_clock::time_point t) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
  };
  if (trace) {
    std::fprintf(stderr, "prepared in %.0f ms: %zu files to parse (%s discovery), bulk %s\n",
                 seconds_since(scan_start) * 1000, work.size(), fast ? "skipped" : "full",
                 stats.bulk ? "yes" : "no");
  }
  std::future<Batch> pending;
  for (size_t k = 0; k < ranges.size(); ++k) {
    auto t0 = std::chrono::steady_clock::now();
    Batch current = k == 0 ? ParseBatch(work, ranges[0].first, ranges[0].second, threads, progress)
                           : pending.get();
    wait_s += seconds_since(t0);
    if (k + 1 < ranges.size()) {
      auto [b, e] = ranges[k + 1];
      pending = std::async(std::launch::async, [&work, b = b, e = e, threads, &progress] {
        pthread_setname_np(pthread_self(), "receipts-parse");
        return ParseBatch(work, b, e, threads, progress);
      });
    }
    auto t1 = std::chrono::steady_clock::now();
    if (Status s = write_batch(current); !s.ok()) {
      if (pending.valid()) pending.wait();
      return s;
    }
    double batch_s = seconds_since(t1);
    write_s += batch_s;
    if (trace) {
      const WriteTimings& t = writer.timings();
      std::fprintf(stderr,
                   "batch %zu: %zu calls, wrote %.0f ms (merge %.0f, calls %.0f, price+rollup %.0f "
                   "[%zu sessions rebuilt], events %.0f, commit %.0f)\n",
                   k, t.calls, batch_s * 1000, t.merge_ms, t.calls_ms, t.rollup_ms,
                   t.rebuilt_sessions, t.events_ms, commit_ms);
    }
  }
  progress.Finish();
  if (stats.bulk) {
    auto t0 = std::chrono::steady_clock::now();
    store::Transaction tx(db);
    if (!tx.begin_status().ok()) {
      return Status::Error("the store " + store.path() + " is locked: " + tx.begin_status().message());
    }
    db.Exec("PRAGMA threads=" + std::to_string(std::max(1, threads)));  // parallel index sorts
    if (Status s = store::CreateBulkIndexes(db); !s.ok()) return s;
    double index_s = seconds_since(t0);
    if (Status s = writer.FinishBulk(resume_bulk); !s.ok()) return s;
    double rollup_s = seconds_since(t0) - index_s;
    if (Status s = store.SetMeta("bulk_load", "0"); !s.ok()) return s;
    if (Status s = tx.Commit(); !s.ok()) return Status::Error("store commit failed: " + s.message());
    if (trace) {
      std::fprintf(stderr, "bulk load finished in %.0f ms (indexes %.0f, rollup %.0f, commit %.0f)\n",
                   seconds_since(t0) * 1000, index_s * 1000, rollup_s * 1000,
                   (seconds_since(t0) - index_s - rollup_s) * 1000);
    }
  }
  if (!fast) {
    store::Transaction tx(db);
    if (Status s = SaveTree(db, tree_key, tree); !s.ok()) return s;
    if (Status s = tx.Commit(); !s.ok()) return s;
  }
  // The WAL is checkpointed once per scan rather than every few MB (each checkpoint fsyncs
  // and rewrites pages that later batches touch again).
  if (!ranges.empty()) {
    auto t0 = std::chrono::steady_clock::now();
    db.Exec("PRAGMA wal_checkpoint(PASSIVE)");
    if (trace) std::fprintf(stderr, "checkpoint: %.0f ms\n", seconds_since(t0) * 1000);
    db.Exec("PRAGMA wal_autocheckpoint=16384");
  }
  if (trace) {
    std::fprintf(stderr,
                 "ingest: %zu batches, waited %.3fs for parsing, wrote for %.3fs; "
                 "writer thread CPU since the first batch %.3fs\n",
                 ranges.size(), wait_s, write_s, thread_cpu_s() - cpu_start);
  }
  return stats;
}

}  // namespace receipts::ingest
