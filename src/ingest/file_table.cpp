// See file_table.h.
#include "ingest/file_table.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <filesystem>

#include "core/bytes.h"
#include "store/derived.h"

namespace receipts::ingest {
namespace {

constexpr int64_t kFormat = 2;
constexpr size_t kRecordInts = 10;  // id inode size mtime checkpoint missing agent root offset length

FileTable ReadFiles(store::Store& store) {
  FileTable t;
  store::Db& db = store.db();
  auto intern = [&t](std::string_view v) {
    for (size_t i = t.names.size(); i-- > 0;) {
      if (t.names[i] == v) return static_cast<uint32_t>(i);
    }
    t.names.emplace_back(v);
    return static_cast<uint32_t>(t.names.size() - 1);
  };
  store::Stmt count = db.MustPrepare("SELECT max(id) FROM files");  // a bound, without a scan
  if (count.Step()) {
    size_t n = static_cast<size_t>(std::max<int64_t>(0, count.Int(0)));
    t.rows.reserve(n);
    t.where.reserve(n);
  }
  auto arena = std::make_shared<std::vector<char>>();
  std::vector<std::pair<size_t, size_t>> spans;  // (offset, length) in the arena
  store::Stmt st = db.MustPrepare(
      "SELECT path, id, inode, size, mtime_ns, checkpoint, missing, agent, root FROM files");
  while (st.Step()) {
    StoredFile& r = t.rows.emplace_back();
    r.id = st.Int(1);
    r.inode = st.Int(2);
    r.size = st.Int(3);
    r.mtime_ns = st.Int(4);
    r.checkpoint = st.Int(5);
    r.missing = st.Int(6) != 0;
    std::string_view path = st.TextView(0);
    spans.emplace_back(arena->size(), path.size());
    arena->insert(arena->end(), path.begin(), path.end());
    arena->push_back('\0');
    t.where.emplace_back(intern(st.TextView(7)), intern(st.TextView(8)));
  }
  // In path order: the scan stats directory by directory in path order, and sorting 14k long
  // paths costs it milliseconds on every run; here it is paid once per data generation.
  std::vector<size_t> order(spans.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  auto path_of = [&](size_t i) { return std::string_view(arena->data() + spans[i].first, spans[i].second); };
  std::sort(order.begin(), order.end(), [&](size_t a, size_t b) { return path_of(a) < path_of(b); });
  FileTable sorted;
  sorted.names = std::move(t.names);
  sorted.rows.reserve(order.size());
  sorted.where.reserve(order.size());
  sorted.paths.reserve(order.size());
  for (size_t i : order) {
    sorted.rows.push_back(t.rows[i]);
    sorted.where.push_back(t.where[i]);
    sorted.paths.push_back(path_of(i));
  }
  sorted.bytes = std::move(arena);
  return sorted;
}

// The snapshot lives next to the store rather than in it: mapped with MAP_POPULATE it costs
// ~1 ms, where SQLite took ~15 ms to copy the same bytes out of a blob's overflow pages. It
// starts with the generation it was taken at and the store's id, both checked on every load,
// so a snapshot that is old or from another store (one deleted and created again) is never
// used; it is written to a temporary file renamed over the old one, so never seen half-written.
std::string SnapshotPath(store::Store& store) {
  const std::string& p = store.path();
  if (p.empty() || p == ":memory:") return "";
  return p + "-filetable";
}

struct Mapping {
  void* addr = MAP_FAILED;
  size_t len = 0;
  ~Mapping() {
    if (addr != MAP_FAILED) ::munmap(addr, len);
  }
};

std::shared_ptr<Mapping> MapWhole(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return nullptr;
  auto m = std::make_shared<Mapping>();
  struct stat st{};
  if (::fstat(fd, &st) == 0 && st.st_size > 0) {
    m->len = static_cast<size_t>(st.st_size);
    m->addr = ::mmap(nullptr, m->len, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, 0);
  }
  ::close(fd);
  return m->addr == MAP_FAILED ? nullptr : m;
}

// Removes `<path>.tmp<pid>` files of processes that no longer exist: a scan killed between
// writing its snapshot and renaming it leaves one (each is a few hundred KB to a few MB).
// A live (or unknowable: EPERM) process's file is left alone.
void RemoveStaleTemps(const std::string& path) {
  std::filesystem::path p(path);
  const std::string prefix = p.filename().string() + ".tmp";
  std::error_code ec;
  std::filesystem::directory_iterator it(p.has_parent_path() ? p.parent_path() : ".", ec), end;
  for (; !ec && it != end; it.increment(ec)) {
    std::string name = it->path().filename().string();
    if (name.size() <= prefix.size() || name.compare(0, prefix.size(), prefix) != 0) continue;
    std::string digits = name.substr(prefix.size());
    if (digits.size() > 9 || !std::all_of(digits.begin(), digits.end(), ::isdigit)) continue;
    pid_t pid = static_cast<pid_t>(std::stol(digits));
    if (pid <= 0 || pid == ::getpid()) continue;
    if (::kill(pid, 0) != 0 && errno == ESRCH) ::unlink(it->path().c_str());
  }
}

}  // namespace

std::string EncodeFileTable(const FileTable& t) {
  ByteWriter w;
  w.Int(kFormat);
  w.Int(static_cast<int64_t>(t.names.size()));
  for (const auto& n : t.names) w.Str(n);
  w.Int(static_cast<int64_t>(t.rows.size()));
  int64_t offset = 0;  // of each path in the path bytes that follow the records
  for (size_t i = 0; i < t.rows.size(); ++i) {
    const StoredFile& r = t.rows[i];
    for (int64_t v : {r.id, r.inode, r.size, r.mtime_ns, r.checkpoint, int64_t{r.missing},
                      int64_t{t.where[i].first}, int64_t{t.where[i].second}, offset,
                      static_cast<int64_t>(t.paths[i].size())}) {
      w.Int(v);
    }
    offset += static_cast<int64_t>(t.paths[i].size()) + 1;
  }
  std::string out = w.Take();
  out.reserve(out.size() + static_cast<size_t>(offset));
  for (std::string_view p : t.paths) {
    out.append(p);
    out.push_back('\0');
  }
  return out;
}

std::optional<FileTable> DecodeFileTable(std::string_view bytes, std::shared_ptr<const void> owner) {
  ByteReader in(bytes);
  if (in.Int() != kFormat) return std::nullopt;
  FileTable t;
  t.names.resize(in.Count(8));
  for (auto& n : t.names) n = in.Str();
  size_t rows = in.Count(kRecordInts * 8);
  if (!in.ok()) return std::nullopt;
  t.rows.resize(rows);
  t.where.resize(rows);
  std::vector<std::pair<uint64_t, uint64_t>> spans(rows);  // (offset, length) in the path bytes
  for (size_t i = 0; i < rows; ++i) {
    StoredFile& r = t.rows[i];
    r.id = in.Int();
    r.inode = in.Int();
    r.size = in.Int();
    r.mtime_ns = in.Int();
    r.checkpoint = in.Int();
    r.missing = in.Int() != 0;
    int64_t agent = in.Int(), root = in.Int(), offset = in.Int(), length = in.Int();
    if (agent < 0 || root < 0 || static_cast<size_t>(agent) >= t.names.size() ||
        static_cast<size_t>(root) >= t.names.size() || offset < 0 || length < 0) {
      return std::nullopt;
    }
    t.where[i] = {static_cast<uint32_t>(agent), static_cast<uint32_t>(root)};
    spans[i] = {static_cast<uint64_t>(offset), static_cast<uint64_t>(length)};
  }
  if (!in.ok()) return std::nullopt;
  std::string_view tail = bytes.substr(bytes.size() - in.Remaining());
  t.paths.reserve(rows);
  for (const auto& [off, len] : spans) {
    // Each path and its NUL inside the bytes (overflow-safe: off <= size, then len < size - off).
    if (off > tail.size() || len >= tail.size() - off || tail[off + len] != '\0') return std::nullopt;
    t.paths.push_back(tail.substr(off, len));
  }
  t.bytes = std::move(owner);
  return t;
}

FileTable LoadFileTable(store::Store& store) {
  int64_t gen = store::DataGen(store);
  std::string path = SnapshotPath(store);
  if (auto m = path.empty() || gen <= 0 ? nullptr : MapWhole(path)) {
    std::string_view bytes(static_cast<const char*>(m->addr), m->len);
    ByteReader head(bytes);
    // This store's (a store deleted and created again starts its generations over) and this
    // generation's.
    if (head.Int() == gen && head.StrView() == store.GetMeta("store_id").value_or("") && head.ok()) {
      if (auto t = DecodeFileTable(bytes.substr(bytes.size() - head.Remaining()), m)) {
        t->gen = gen;
        t->from_snapshot = true;
        return std::move(*t);
      }
    }
  }
  FileTable t = ReadFiles(store);
  t.gen = gen;
  return t;
}

bool KeepFileTable(store::Store& store, const FileTable& table) {
  std::string path = SnapshotPath(store);
  if (path.empty() || table.from_snapshot || table.gen <= 0 || store::DataGen(store) != table.gen) {
    return false;
  }
  auto id = store.GetMeta("store_id");
  if (!id || id->empty()) return false;
  ByteWriter head;
  head.Int(table.gen);
  head.Str(*id);
  std::string bytes = head.Take() + EncodeFileTable(table);
  RemoveStaleTemps(path);
  // A new file renamed over the old: a reader sees the old snapshot or the new, never a mix.
  std::string tmp = path + ".tmp" + std::to_string(::getpid());
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) return false;
  size_t put = 0;
  while (put < bytes.size()) {
    ssize_t n = ::write(fd, bytes.data() + put, bytes.size() - put);
    if (n <= 0) break;
    put += static_cast<size_t>(n);
  }
  bool ok = ::close(fd) == 0 && put == bytes.size() && ::rename(tmp.c_str(), path.c_str()) == 0;
  if (!ok) ::unlink(tmp.c_str());
  return ok;
}

}  // namespace receipts::ingest
