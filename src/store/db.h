// Thin RAII layer over SQLite: a connection, prepared statements with typed binds, and a
// transaction guard. One Db per thread; a Db is not thread-safe.
#pragma once

#include <sqlite3.h>

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/status.h"

namespace receipts::store {

class Stmt {
 public:
  Stmt() = default;
  Stmt(sqlite3* db, sqlite3_stmt* stmt) : db_(db), stmt_(stmt) {}
  Stmt(const Stmt&) = delete;
  Stmt& operator=(const Stmt&) = delete;
  Stmt(Stmt&& o) noexcept : db_(o.db_), stmt_(o.stmt_) { o.stmt_ = nullptr; }
  Stmt& operator=(Stmt&& o) noexcept;
  ~Stmt() { sqlite3_finalize(stmt_); }

  Stmt& Bind(int idx, int64_t v) { sqlite3_bind_int64(stmt_, idx, v); return *this; }
  Stmt& Bind(int idx, int v) { sqlite3_bind_int64(stmt_, idx, v); return *this; }
  Stmt& Bind(int idx, double v) { sqlite3_bind_double(stmt_, idx, v); return *this; }
  Stmt& Bind(int idx, std::string_view v) {
    sqlite3_bind_text(stmt_, idx, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
    return *this;
  }
  // Without SQLite's copy: `v` must stay valid until the statement has run (the next Step or
  // Run); for values that outlive it, such as the fields of a batch being written.
  Stmt& BindView(int idx, std::string_view v) {
    sqlite3_bind_text(stmt_, idx, v.data(), static_cast<int>(v.size()), SQLITE_STATIC);
    return *this;
  }
  Stmt& Bind(int idx, const char* v) { return Bind(idx, std::string_view(v)); }
  Stmt& Bind(int idx, const std::string& v) { return Bind(idx, std::string_view(v)); }
  Stmt& BindNull(int idx) { sqlite3_bind_null(stmt_, idx); return *this; }
  template <typename T>
  Stmt& Bind(int idx, const std::optional<T>& v) { return v ? Bind(idx, *v) : BindNull(idx); }

  // Steps once: true when a row is available; false when done. Errors land in status().
  bool Step();
  // Runs to completion, for statements that return no rows.
  Status Run();
  void Reset() { sqlite3_reset(stmt_); sqlite3_clear_bindings(stmt_); }

  int64_t Int(int col) const { return sqlite3_column_int64(stmt_, col); }
  double Double(int col) const { return sqlite3_column_double(stmt_, col); }
  bool IsNull(int col) const { return sqlite3_column_type(stmt_, col) == SQLITE_NULL; }
  std::optional<int64_t> OptInt(int col) const {
    return IsNull(col) ? std::nullopt : std::optional<int64_t>(Int(col));
  }
  std::string Text(int col) const {
    const unsigned char* t = sqlite3_column_text(stmt_, col);
    return t ? std::string(reinterpret_cast<const char*>(t), sqlite3_column_bytes(stmt_, col))
             : std::string();
  }
  // Without a copy: valid until the next Step or Reset.
  std::string_view TextView(int col) const {
    const unsigned char* t = sqlite3_column_text(stmt_, col);
    return t ? std::string_view(reinterpret_cast<const char*>(t),
                                static_cast<size_t>(sqlite3_column_bytes(stmt_, col)))
             : std::string_view();
  }
  std::string_view BlobView(int col) const {
    const void* b = sqlite3_column_blob(stmt_, col);
    return b ? std::string_view(static_cast<const char*>(b),
                                static_cast<size_t>(sqlite3_column_bytes(stmt_, col)))
             : std::string_view();
  }
  int ColumnCount() const { return sqlite3_column_count(stmt_); }
  int ColumnType(int col) const { return sqlite3_column_type(stmt_, col); }
  std::string ColumnName(int col) const { return sqlite3_column_name(stmt_, col); }
  const Status& status() const { return status_; }
  sqlite3_stmt* raw() const { return stmt_; }

 private:
  sqlite3* db_ = nullptr;
  sqlite3_stmt* stmt_ = nullptr;
  Status status_;
};

// How long a statement waits for another connection's lock before failing with SQLITE_BUSY.
inline constexpr int kBusyTimeoutMs = 5000;

class Db {
 public:
  enum class Mode { kReadWrite, kReadOnly };
  static Result<Db> Open(const std::string& path, Mode mode = Mode::kReadWrite);
  Db() = default;
  Db(const Db&) = delete;
  Db& operator=(const Db&) = delete;
  Db(Db&& o) noexcept : db_(o.db_) { o.db_ = nullptr; }
  Db& operator=(Db&& o) noexcept;
  ~Db() { sqlite3_close_v2(db_); }

  Status Exec(std::string_view sql);
  Result<Stmt> Prepare(std::string_view sql);
  // Prepares or aborts with the SQL and the error: for the program's own, tested statements.
  Stmt MustPrepare(std::string_view sql);
  int64_t LastInsertId() const { return sqlite3_last_insert_rowid(db_); }
  int Changes() const { return sqlite3_changes(db_); }
  std::string Error() const { return sqlite3_errmsg(db_); }
  sqlite3* raw() const { return db_; }

 private:
  explicit Db(sqlite3* db) : db_(db) {}
  sqlite3* db_ = nullptr;
};

// BEGIN IMMEDIATE on construction; ROLLBACK unless Commit() succeeded.
//
// A kData transaction (every write of the ingest, the migrations) also advances the store's
// data generation (meta `data_gen`) in the same commit, so whatever is derived from the data
// and kept (the stored report results, reports/result_cache.h) knows it is out of date, even
// after a kill. Only writes that change no reported data use kDerived, which leaves it alone:
// those derived results, and the scan's directory snapshot (ingest/tree_cache.h).
class Transaction {
 public:
  enum class Kind { kData, kDerived };
  explicit Transaction(Db& db, Kind kind = Kind::kData);
  ~Transaction();
  Status Commit();
  const Status& begin_status() const { return begin_; }

 private:
  Db& db_;
  Kind kind_;
  Status begin_;
  bool done_ = false;
};

// A time limit for the statements run on `db` while it lives: past `limit` SQLite interrupts
// the running statement (it fails with SQLITE_INTERRUPT, "interrupted"), checked every few
// thousand VM steps. For a server's request threads, so that one slow query cannot hold a
// worker (and a read snapshot that stalls WAL checkpoints) for minutes.
class QueryDeadline {
 public:
  QueryDeadline(Db& db, std::chrono::milliseconds limit);
  ~QueryDeadline();
  QueryDeadline(const QueryDeadline&) = delete;
  QueryDeadline& operator=(const QueryDeadline&) = delete;
  // Whether a statement was interrupted for running past the limit.
  bool expired() const { return expired_; }

 private:
  static int Check(void* self);
  Db& db_;
  std::chrono::steady_clock::time_point deadline_;
  bool expired_ = false;
};

}  // namespace receipts::store
