// See store.h.
#include "store/store.h"

#include <filesystem>

#include "store/schema.h"

namespace receipts::store {
namespace fs = std::filesystem;

Result<Store> Store::Open(const std::string& path, Db::Mode mode) {
  std::error_code ec;
  bool exists = fs::exists(path, ec);
  if (mode == Db::Mode::kReadWrite) {
    fs::path parent = fs::path(path).parent_path();
    if (!parent.empty()) {
      fs::create_directories(parent, ec);
      if (ec) {
        return Status::Error("cannot create the store directory " + parent.string() + ": " +
                             ec.message() + " (choose another place with --db PATH)");
      }
    }
  }
  std::string open_path = path;
  Db::Mode open_mode = mode;
  if (mode == Db::Mode::kReadOnly && !exists) {
    open_path = ":memory:";
    open_mode = Db::Mode::kReadWrite;
  }
  auto db = Db::Open(open_path, open_mode);
  if (!db.ok()) return db.status();
  Store store(std::move(db).value(), path);
  Db& d = store.db_;
  if (open_mode == Db::Mode::kReadWrite) {
    // page_size only takes effect on a new, empty file (16 KiB: a quarter of the B-tree pages
    // and WAL frames of 4 KiB; the autocheckpoint threshold stays 64 MB).
    if (Status s = d.Exec("PRAGMA page_size=16384; PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
                          "PRAGMA wal_autocheckpoint=" + std::to_string(kWalAutocheckpointPages));
        !s.ok()) {
      return Status::Error("the store " + path + " is not a usable SQLite database: " +
                           s.message() + " (move it aside or pass --db PATH)");
    }
  }
  d.Exec("PRAGMA foreign_keys=OFF; PRAGMA temp_store=MEMORY; PRAGMA cache_size=-" +
         std::to_string(kPageCacheKiB));
  if (Status s = RegisterFunctions(d); !s.ok()) return s;

  auto ver = d.Prepare("PRAGMA user_version");
  if (!ver.ok()) {
    return Status::Error("the store " + path + " is not a usable SQLite database: " +
                         ver.status().message() + " (move it aside or pass --db PATH)");
  }
  int version = ver.value().Step() ? static_cast<int>(ver.value().Int(0)) : 0;
  ver.value() = store::Stmt();  // finalize: an open statement would lock tables being dropped
  const auto& migrations = Migrations();
  if (version > static_cast<int>(migrations.size())) {
    return Status::Error("the store " + path + " was written by a newer receipts (schema v" +
                         std::to_string(version) + "); upgrade receipts or pass --db PATH");
  }
  if (version < static_cast<int>(migrations.size())) {
    if (mode == Db::Mode::kReadOnly && open_path != ":memory:") {
      return Status::Error("the store " + path + " needs a schema upgrade; run `receipts scan`");
    }
    Transaction tx(d);
    if (!tx.begin_status().ok()) {
      return Status::Error("the store " + path + " is locked or unreadable: " +
                           tx.begin_status().message());
    }
    for (size_t i = static_cast<size_t>(version); i < migrations.size(); ++i) {
      if (Status s = d.Exec(migrations[i]); !s.ok()) {
        return Status::Error("migration " + std::to_string(i + 1) + " failed: " + s.message());
      }
    }
    d.Exec("PRAGMA user_version=" + std::to_string(migrations.size()));
    if (Status s = tx.Commit(); !s.ok()) return s;
  }
  store.version_ = static_cast<int>(migrations.size());
  if (mode == Db::Mode::kReadOnly) store.MapForReads();
  return store;
}

void Store::MapForReads() { db_.Exec("PRAGMA mmap_size=1073741824"); }

std::optional<std::string> Store::GetMeta(const std::string& key) {
  Stmt st = db_.MustPrepare("SELECT value FROM meta WHERE key = ?1");
  st.Bind(1, key);
  if (st.Step()) return st.Text(0);
  return std::nullopt;
}

Status Store::SetMeta(const std::string& key, const std::string& value) {
  Stmt st = db_.MustPrepare(
      "INSERT INTO meta(key, value) VALUES(?1, ?2) "
      "ON CONFLICT(key) DO UPDATE SET value = excluded.value");
  st.Bind(1, key).Bind(2, value);
  return st.Run();
}

std::string DefaultStorePath(const std::string& home, const std::string& xdg_data_home) {
  std::string base = !xdg_data_home.empty() ? xdg_data_home : home + "/.local/share";
  return base + "/receipts/receipts.db";
}

}  // namespace receipts::store
