// See ingest.h. Flow: discover → compare with stored file state → parse changed files in
// parallel, batch by batch → write each batch (calls, prices, rollup, checkpoints) in one
// transaction.
#include "ingest/ingest.h"

#include <fcntl.h>
#include <malloc.h>
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
#include <optional>
#include <set>
#include <thread>
#include <unordered_map>

#include "core/time.h"
#include "ingest/checkpointer.h"
#include "ingest/file_table.h"
#include "ingest/file_work.h"
#include "ingest/progress.h"
#include "ingest/tree_cache.h"
#include "ingest/writer.h"
#include "store/indexes.h"

namespace receipts::ingest {
namespace fs = std::filesystem;
namespace {

// During a scan, freed memory stays in the process: the writer's per-batch maps and the
// workers' parse outputs are freed and allocated again every batch, and memory handed back
// to the kernel costs a page fault per 4 KiB when it is taken again (dear in a VM: ~3% of a
// cold scan's wall time). The defaults come back after the scan, with a trim. A scan with
// nothing to parse (warm runs, most watcher passes) leaves malloc alone.
class ScanMallocTuning {
 public:
  ScanMallocTuning() {
    mallopt(M_TRIM_THRESHOLD, 512 << 20);
    mallopt(M_MMAP_THRESHOLD, 256 << 20);
    mallopt(M_TOP_PAD, 32 << 20);
  }
  ~ScanMallocTuning() {
    mallopt(M_TOP_PAD, 0);
    mallopt(M_MMAP_THRESHOLD, 128 << 10);
    mallopt(M_TRIM_THRESHOLD, 128 << 10);
    malloc_trim(0);
  }
  ScanMallocTuning(const ScanMallocTuning&) = delete;
  ScanMallocTuning& operator=(const ScanMallocTuning&) = delete;
};

// "VmHWM: … kB" of this process, for RECEIPTS_TRACE.
std::string PeakRss() {
  std::FILE* f = std::fopen("/proc/self/status", "r");
  if (!f) return "";
  char line[256];
  std::string out;
  while (std::fgets(line, sizeof line, f)) {
    if (std::strncmp(line, "VmHWM:", 6) == 0) out.assign(line, std::strlen(line) - 1);
  }
  std::fclose(f);
  return out;
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

Result<IngestStats> Ingest(store::Store& store, const pricing::PriceBook& prices,
                           const IngestOptions& options) {
  const auto scan_start = std::chrono::steady_clock::now();
  IngestLock lock(store.path());
  std::optional<ScanMallocTuning> tuning;  // only for a scan that parses (a warm one: no trim)
  IngestStats stats;
  store::Db& db = store.db();
  auto repriced = RepriceIfChanged(store, prices);
  if (!repriced.ok()) return repriced.status();
  stats.repriced = repriced.value();

  // Stored file state.
  std::vector<std::pair<const char*, double>> phases;  // RECEIPTS_TRACE: ms since scan_start
  auto phase = [&](const char* name) {
    phases.emplace_back(name, std::chrono::duration<double, std::milli>(
                                  std::chrono::steady_clock::now() - scan_start).count());
  };
  phase("repriced");
  // Stored file state: what every scan compares (file_table.h).
  FileTable table = LoadFileTable(store);
  std::vector<StoredFile>& rows = table.rows;
  const std::vector<std::string_view>& paths = table.paths;
  const std::vector<std::pair<uint32_t, uint32_t>>& where = table.where;
  const std::vector<std::string>& names = table.names;

  // Discover and decide what to parse. When no directory under the roots changed since the
  // last full discovery, the known files are the whole truth and only need a stat each.
  std::vector<Work> work;
  int64_t total_bytes = 0;
  std::string tree_key = "watched\n";  // (earlier snapshots covered whole roots)
  std::vector<std::string> watched;
  for (const sources::Source* source : Selected(options)) {
    tree_key += std::string(source->name()) + "=";
    for (const std::string& d : source->WatchedDirs(source->Roots(options.env))) {
      tree_key += d + ";";
      watched.push_back(d);
    }
    tree_key += "\n";
  }
  phase("files loaded");
  bool fast = TreeUnchanged(db, tree_key);
  phase("tree checked");
  std::vector<DirStamp> tree;
  stats.discovered = !fast;
  if (!fast) tree = SnapshotTree(watched);  // before discovery: later changes show next time
  // Every file to look at, then one stat each (on the pool: with nothing new, these stats are
  // most of a scan), then what to parse.
  struct Candidate {
    const sources::Source* source;
    const std::string* root;
    size_t row;  // index in rows, or SIZE_MAX for a file the store has not seen
  };
  std::vector<Candidate> candidates;
  std::vector<FileStat> statted;
  std::vector<sources::DiscoveredFile> discovered;
  if (fast) {
    // Only files under the roots scanned now (a store may also hold files of other roots).
    std::vector<std::pair<const sources::Source*, uint32_t>> selected;  // (source, agent<<16|root)
    for (const sources::Source* source : Selected(options)) {
      for (const std::string& r : source->Roots(options.env)) {
        for (size_t a = 0; a < names.size(); ++a) {
          if (names[a] != source->name()) continue;
          for (size_t b = 0; b < names.size(); ++b) {
            if (names[b] == r) selected.push_back({source, static_cast<uint32_t>(a << 16 | b)});
          }
        }
      }
    }
    candidates.reserve(rows.size());
    statted.reserve(rows.size());
    for (size_t i = 0; i < rows.size(); ++i) {
      if (rows[i].missing) continue;
      uint32_t key = where[i].first << 16 | where[i].second;
      const sources::Source* source = nullptr;
      for (const auto& [src, k] : selected) {
        if (k == key) source = src;
      }
      if (!source) continue;
      candidates.push_back({source, &names[where[i].second], i});
      statted.push_back({paths[i], source->read_mode(paths[i])});
    }
  } else {
    std::unordered_map<std::string_view, size_t> known;  // path → index in rows
    known.reserve(paths.size());
    for (size_t i = 0; i < paths.size(); ++i) known.emplace(paths[i], i);
    std::vector<const sources::Source*> owners;
    for (const sources::Source* source : Selected(options)) {
      for (auto& file : source->Discover(source->Roots(options.env))) {
        discovered.push_back(std::move(file));
        owners.push_back(source);
      }
    }
    for (size_t i = 0; i < discovered.size(); ++i) {
      auto it = known.find(discovered[i].path);
      candidates.push_back({owners[i], &discovered[i].root,
                            it == known.end() ? SIZE_MAX : it->second});
      statted.push_back({discovered[i].path, owners[i]->read_mode(discovered[i].path)});
    }
  }
  const int threads = options.threads > 0 ? options.threads
                                          : std::max(1u, std::thread::hardware_concurrency());
  phase("listed");
  StatAll(statted, threads);
  phase("statted");
  store::Stmt more = db.MustPrepare(
      "SELECT head_len, head_hash, coalesce(first_ts_ms, 0), state FROM files WHERE id = ?1");
  for (size_t c = 0; c < candidates.size(); ++c) {
    const Candidate& cand = candidates[c];
    const FileStat& fs = statted[c];
    stats.files_seen++;
    StoredFile* row = cand.row == SIZE_MAX ? nullptr : &rows[cand.row];
    if (row) row->seen = true;
    if (fs.inode == 0 && fs.size == 0 && fs.mtime_ns == 0) continue;  // vanished
    if (row && row->inode == fs.inode && row->size == fs.size && row->mtime_ns == fs.mtime_ns &&
        !row->missing) {
      continue;  // unchanged
    }
    Work& w = work.emplace_back();
    w.path = std::string(fs.path);
    w.root = *cand.root;
    w.agent = std::string(cand.source->name());
    w.source = cand.source;
    w.mode = fs.mode;
    w.inode = fs.inode;
    w.size = fs.size;
    w.mtime_ns = fs.mtime_ns;
    if (row) {
      w.row.id = row->id;
      w.row.inode = row->inode;
      w.row.size = row->size;
      w.row.mtime_ns = row->mtime_ns;
      w.row.checkpoint = row->checkpoint;
      w.row.missing = row->missing;
      w.row.seen = true;
      more.Bind(1, row->id);
      if (more.Step()) {
        w.row.head_len = more.Int(0);
        w.row.head_hash = static_cast<uint64_t>(more.Int(1));
        w.row.first_ts_ms = more.Int(2);
        w.row.state = more.Text(3);
      }
      more.Reset();
      bool append = w.mode == sources::ReadMode::kAppend && w.row.inode == w.inode &&
                    w.size >= w.row.checkpoint && HeadMatches(w.path, w.row);
      w.from = append ? w.row.checkpoint : 0;
      w.reset = !append;
    }
    if (w.mode == sources::ReadMode::kPathOnly) w.from = 0;
    total_bytes += std::max<int64_t>(0, w.size - w.from);
  }

  // Known files no longer present: keep their history, flag them.
  {
    const std::vector<RootInfo> roots = ListRoots(options);
    std::vector<int64_t> gone;
    for (size_t i = 0; i < rows.size(); ++i) {
      const StoredFile& row = rows[i];
      if (row.seen || row.missing) continue;
      bool under_selected = false;  // only flag files under a root this run scanned
      for (const RootInfo& r : roots) {
        if (paths[i].rfind(r.path, 0) == 0) under_selected = true;
      }
      if (under_selected) gone.push_back(row.id);
    }
    if (!gone.empty()) {
      store::Stmt miss = db.MustPrepare("UPDATE files SET missing = 1 WHERE id = ?1");
      store::Transaction tx(db);
      for (int64_t id : gone) {
        if (Status s = miss.Bind(1, id).Run(); !s.ok()) return Status::Error("store write failed: " + s.message());
        stats.files_missing++;
      }
      if (Status s = tx.Commit(); !s.ok()) return Status::Error("store write failed: " + s.message());
    }
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
  // The first batch parses while the store is prepared (a bulk load's setup fills its key maps,
  // tens of ms of fresh memory): parsing needs nothing from the store.
  std::optional<ParsePool> pool;
  if (!ranges.empty()) {
    tuning.emplace();
    pool.emplace(work, threads, progress);
    pool->Start(ranges[0].first, ranges[0].second);
  }

  // Bulk load (IngestOptions::bulk). A scan killed during one leaves bulk_load = 1, and the
  // next scan finishes it whatever its size.
  const bool resume_bulk = store.GetMeta("bulk_load") == "1";
  int64_t stored_bytes = 0;
  for (const StoredFile& row : rows) stored_bytes += row.checkpoint;
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
    phase("dropped");
    if (Status s = writer.StartBulk(total_bytes); !s.ok()) return s;
    phase("keys ready");
    // Appending rows without indexes touches few pages again: a small page cache keeps the
    // peak memory down (the in-memory key maps take its place).
    db.Exec("PRAGMA cache_size=-8192");
  }

  if (!ranges.empty()) db.Exec("PRAGMA wal_autocheckpoint=0");
  // Pipeline: the pool parses batch k+1 while this thread writes batch k.
  double commit_ms = 0;
  auto write_batch = [&](Batch& b) -> Status {
    store::Transaction tx(db);
    if (!tx.begin_status().ok()) {
      return Status::Error("the store " + store.path() + " is locked: " + tx.begin_status().message());
    }
    int64_t now = now_utc_ms();
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
    std::fprintf(stderr, "prepared in %.0f ms: %zu files to parse (%s discovery, file table from %s), bulk %s;",
                 seconds_since(scan_start) * 1000, work.size(), fast ? "skipped" : "full",
                 table.from_snapshot ? "its snapshot" : "files", stats.bulk ? "yes" : "no");
    for (const auto& [name, ms] : phases) std::fprintf(stderr, " %s %.1f", name, ms);
    std::fprintf(stderr, "\n");
  }
  std::optional<Checkpointer> checkpointer;  // only for scans of several batches
  if (ranges.size() > 2) checkpointer.emplace(store.path());
  Batch written;  // the last batch written: its files are freed by the workers that parsed them
  for (size_t k = 0; k < ranges.size(); ++k) {
    auto t0 = std::chrono::steady_clock::now();
    Batch current = pool->Wait();
    wait_s += seconds_since(t0);
    if (k + 1 < ranges.size()) pool->Start(ranges[k + 1].first, ranges[k + 1].second, std::move(written));
    auto t1 = std::chrono::steady_clock::now();
    if (Status s = write_batch(current); !s.ok()) return s;  // ~ParsePool waits for its batch
    if (checkpointer) checkpointer->Committed();
    written = std::move(current);
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
  checkpointer.reset();
  if (stats.bulk) {
    if (trace) std::fprintf(stderr, "before the bulk finish: %s\n", PeakRss().c_str());
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
    db.Exec("PRAGMA cache_size=-" + std::to_string(store::kPageCacheKiB));
    if (trace) {
      std::fprintf(stderr, "bulk load finished in %.0f ms (indexes %.0f, rollup %.0f, commit %.0f)\n",
                   seconds_since(t0) * 1000, index_s * 1000, rollup_s * 1000,
                   (seconds_since(t0) - index_s - rollup_s) * 1000);
    }
  }
  if (!fast) {
    store::Transaction tx(db, store::Transaction::Kind::kDerived);  // no data changes here
    if (Status s = SaveTree(db, tree_key, tree); !s.ok()) return s;
    if (Status s = tx.Commit(); !s.ok()) return s;
  }
  // The WAL is checkpointed once per scan rather than every few MB (each checkpoint fsyncs
  // and rewrites pages that later batches touch again).
  if (!ranges.empty()) {
    auto t0 = std::chrono::steady_clock::now();
    db.Exec("PRAGMA wal_checkpoint(PASSIVE)");
    if (trace) std::fprintf(stderr, "checkpoint: %.0f ms\n", seconds_since(t0) * 1000);
    db.Exec("PRAGMA wal_autocheckpoint=" + std::to_string(store::kWalAutocheckpointPages));
  }
  if (trace) {
    std::fprintf(stderr,
                 "ingest: %zu batches, waited %.3fs for parsing, wrote for %.3fs; "
                 "writer thread CPU since the first batch %.3fs; %s\n",
                 ranges.size(), wait_s, write_s, thread_cpu_s() - cpu_start, PeakRss().c_str());
  }
  // Nothing written (the generation did not move): the next scan reads this table as one value.
  KeepFileTable(store, table);
  return stats;
}

}  // namespace receipts::ingest
