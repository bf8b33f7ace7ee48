// See tree_cache.h.
#include "ingest/tree_cache.h"

#include <sys/stat.h>

#include <atomic>
#include <filesystem>

#include "core/file_change.h"
#include "core/parallel.h"
#include "core/time.h"

namespace receipts::ingest {
namespace fs = std::filesystem;
namespace {

int64_t DirMtime(const std::string& path) {
  struct stat st{};
  if (::stat(path.c_str(), &st) != 0 || !S_ISDIR(st.st_mode)) return -1;
  return TimespecNs(st.st_mtim);
}

// A directory changed this recently before the snapshot could change again without its mtime
// moving: timestamps come from a coarse clock (a few ms; a second or two on some filesystems),
// so a file created after discovery listed the directory could land in the same tick as the
// change before. Such a directory is stamped kUnsettled, which never matches: the next scan
// lists the directories again.
constexpr int64_t kSettleNs = 2'000'000'000;
constexpr int64_t kUnsettled = -3;

DirStamp Stamp(const std::string& path, int64_t snapshot_ns) {
  int64_t mtime = DirMtime(path);
  if (mtime >= 0 && mtime > snapshot_ns - kSettleNs) mtime = kUnsettled;
  return {path, mtime};
}

// `dir` and every directory under it (links not followed), appended to `out`; false when a
// directory could not be read.
bool StampUnder(const std::string& dir, int64_t snapshot_ns, std::vector<DirStamp>& out) {
  out.push_back(Stamp(dir, snapshot_ns));
  std::error_code ec;
  fs::recursive_directory_iterator it(dir, fs::directory_options::skip_permission_denied, ec);
  for (; !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    std::error_code ec2;
    if (it->is_directory(ec2) && !it->is_symlink(ec2)) {
      out.push_back(Stamp(it->path().string(), snapshot_ns));
    }
  }
  return !ec;
}

}  // namespace

std::vector<DirStamp> SnapshotTree(const std::vector<std::string>& roots) {
  const int64_t snapshot_ns = now_utc_ms() * 1'000'000;
  std::vector<DirStamp> dirs;
  for (const std::string& root : roots) {
    dirs.push_back(Stamp(root, snapshot_ns));
    if (dirs.back().mtime_ns == -1) continue;  // absent (-3, unsettled, is still walked)
    // The root's subdirectories (a project each, under Claude Code's projects/), walked on two
    // threads: thousands of directory stats.
    std::vector<std::string> subdirs;
    std::error_code ec;
    fs::directory_iterator it(root, fs::directory_options::skip_permission_denied, ec);
    for (; !ec && it != fs::directory_iterator(); it.increment(ec)) {
      std::error_code ec2;
      if (it->is_directory(ec2) && !it->is_symlink(ec2)) subdirs.push_back(it->path().string());
    }
    bool readable = !ec;
    std::atomic<bool> all_read{readable};
    std::vector<DirStamp> other;
    ForEachOnTwoThreads(subdirs.size(), [&](size_t i, int worker) {
      if (!StampUnder(subdirs[i], snapshot_ns, worker == 0 ? dirs : other)) all_read = false;
    });
    dirs.insert(dirs.end(), std::make_move_iterator(other.begin()), std::make_move_iterator(other.end()));
    if (!all_read) dirs.push_back({root + "/\x01unreadable", -2});  // never matches: always rescan
  }
  return dirs;
}

bool TreeUnchanged(store::Db& db, const std::string& key) {
  store::Stmt k = db.MustPrepare("SELECT value FROM meta WHERE key = 'tree_key'");
  if (!k.Step() || k.Text(0) != key) return false;
  std::vector<DirStamp> stored;
  store::Stmt st = db.MustPrepare("SELECT path, mtime_ns FROM tree_dirs");
  while (st.Step()) stored.push_back({st.Text(0), st.Int(1)});
  if (stored.empty() || !st.status().ok()) return false;
  // Thousands of stats: two threads (a warm scan is mostly stats, each a few µs on a VM).
  std::atomic<bool> changed{false};
  ForEachOnTwoThreads(stored.size(), [&](size_t i, int) {
    if (!changed.load(std::memory_order_relaxed) && DirMtime(stored[i].path) != stored[i].mtime_ns) {
      changed = true;
    }
  }, 256);
  return !changed;
}

Status SaveTree(store::Db& db, const std::string& key, const std::vector<DirStamp>& dirs) {
  if (Status s = db.Exec("DELETE FROM tree_dirs"); !s.ok()) return s;
  store::Stmt ins = db.MustPrepare("INSERT OR REPLACE INTO tree_dirs(path, mtime_ns) VALUES(?1, ?2)");
  for (const DirStamp& d : dirs) {
    if (Status s = ins.Bind(1, d.path).Bind(2, d.mtime_ns).Run(); !s.ok()) return s;
  }
  store::Stmt meta = db.MustPrepare(
      "INSERT INTO meta(key, value) VALUES('tree_key', ?1) "
      "ON CONFLICT(key) DO UPDATE SET value = excluded.value");
  return meta.Bind(1, key).Run();
}

}  // namespace receipts::ingest
