// The durable store: opens (creating directories and applying numbered migrations), registers
// the SQL functions the reports use, and documents the schema (docs/SCHEMA.md).
// A Store owns one connection and is not thread-safe; open one per thread.
#pragma once

#include <string>

#include "core/status.h"
#include "store/db.h"

namespace receipts::store {

inline constexpr int kSchemaVersion = 1;
// The page cache of a store connection, in KiB (PRAGMA cache_size=-N).
inline constexpr int kPageCacheKiB = 65536;
// PRAGMA wal_autocheckpoint, in pages (64 MB of the 16 KiB pages a new store uses).
inline constexpr int kWalAutocheckpointPages = 4096;

class Store {
 public:
  // Read-write: creates the file and its directory, migrates. Read-only: the file must exist
  // (a missing store reads as empty through a private in-memory database).
  static Result<Store> Open(const std::string& path, Db::Mode mode = Db::Mode::kReadWrite);

  Db& db() { return db_; }
  const std::string& path() const { return path_; }
  int schema_version() const { return version_; }

  std::optional<std::string> GetMeta(const std::string& key);
  // Reads pages through a memory map from now on (no copy per page; the pages count toward
  // RSS, so ingest does not use it). Read-only stores start mapped.
  void MapForReads();
  Status SetMeta(const std::string& key, const std::string& value);

 private:
  Store(Db db, std::string path) : db_(std::move(db)), path_(std::move(path)) {}
  Db db_;
  std::string path_;
  int version_ = 0;
};

// $XDG_DATA_HOME/receipts/receipts.db, else <home>/.local/share/receipts/receipts.db.
std::string DefaultStorePath(const std::string& home, const std::string& xdg_data_home);

// SQL functions for zone-aware bucketing (date/tz):
//   rc_day(utc_ms, zone)            -> 'YYYY-MM-DD' in the zone
//   rc_week(utc_ms, zone, weekday)  -> first day of the week, 'YYYY-MM-DD' (weekday 0=Sunday)
//   rc_month(utc_ms, zone)          -> 'YYYY-MM'
//   rc_iso(utc_ms)                  -> ISO-8601 UTC text
Status RegisterFunctions(Db& db);

}  // namespace receipts::store
