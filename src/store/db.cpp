// See db.h.
#include "store/db.h"

#include <cstdio>
#include <cstdlib>

namespace receipts::store {

Stmt& Stmt::operator=(Stmt&& o) noexcept {
  if (this != &o) {
    sqlite3_finalize(stmt_);
    db_ = o.db_;
    stmt_ = o.stmt_;
    o.stmt_ = nullptr;
  }
  return *this;
}

bool Stmt::Step() {
  int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc != SQLITE_DONE) status_ = Status::Error(sqlite3_errmsg(db_));
  return false;
}

Status Stmt::Run() {
  while (Step()) {
  }
  Status s = status_;
  sqlite3_reset(stmt_);
  status_ = Status::Ok();
  return s;
}

Db& Db::operator=(Db&& o) noexcept {
  if (this != &o) {
    sqlite3_close_v2(db_);
    db_ = o.db_;
    o.db_ = nullptr;
  }
  return *this;
}

Result<Db> Db::Open(const std::string& path, Mode mode) {
  // Connections are never shared between threads, so SQLite's own mutexes and memory
  // statistics are pure overhead on the ingest hot path.
  static const bool configured = [] {
    sqlite3_config(SQLITE_CONFIG_MULTITHREAD);
    sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
    return sqlite3_initialize() == SQLITE_OK;
  }();
  (void)configured;
  sqlite3* raw = nullptr;
  int flags = mode == Mode::kReadOnly ? SQLITE_OPEN_READONLY
                                      : (SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  int rc = sqlite3_open_v2(path.c_str(), &raw, flags | SQLITE_OPEN_NOMUTEX, nullptr);
  if (rc != SQLITE_OK) {
    std::string msg = raw ? sqlite3_errmsg(raw) : sqlite3_errstr(rc);
    sqlite3_close_v2(raw);
    return Status::Error("cannot open store " + path + ": " + msg);
  }
  sqlite3_busy_timeout(raw, kBusyTimeoutMs);
  sqlite3_extended_result_codes(raw, 1);
  return Db(raw);
}

Status Db::Exec(std::string_view sql) {
  char* err = nullptr;
  std::string text(sql);
  if (sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &err) != SQLITE_OK) {
    std::string msg = err ? err : sqlite3_errmsg(db_);
    sqlite3_free(err);
    return Status::Error(msg);
  }
  return Status::Ok();
}

Result<Stmt> Db::Prepare(std::string_view sql) {
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT,
                         &stmt, nullptr) != SQLITE_OK) {
    return Status::Error(sqlite3_errmsg(db_));
  }
  return Stmt(db_, stmt);
}

Stmt Db::MustPrepare(std::string_view sql) {
  auto r = Prepare(sql);
  if (!r.ok()) {
    std::fprintf(stderr, "receipts: internal SQL error: %s\n  in: %.*s\n",
                 r.status().message().c_str(), static_cast<int>(sql.size()), sql.data());
    std::abort();
  }
  return std::move(r).value();
}

Transaction::Transaction(Db& db, Kind kind) : db_(db), kind_(kind) {
  begin_ = db_.Exec("BEGIN IMMEDIATE");
}

Transaction::~Transaction() {
  if (!done_ && begin_.ok()) db_.Exec("ROLLBACK");
}

Status Transaction::Commit() {
  if (kind_ == Kind::kData) {
    // The row exists from schema v7 on (a store being created gets it from that migration,
    // inside this same transaction).
    Status bump = db_.Exec("UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'data_gen'");
    if (!bump.ok()) return Status::Error("cannot advance the data generation: " + bump.message());
  }
  Status s = db_.Exec("COMMIT");
  if (s.ok()) done_ = true;
  return s;
}

QueryDeadline::QueryDeadline(Db& db, std::chrono::milliseconds limit)
    : db_(db), deadline_(std::chrono::steady_clock::now() + limit) {
  sqlite3_progress_handler(db_.raw(), 4096, &QueryDeadline::Check, this);
}

QueryDeadline::~QueryDeadline() { sqlite3_progress_handler(db_.raw(), 0, nullptr, nullptr); }

int QueryDeadline::Check(void* self) {
  auto* d = static_cast<QueryDeadline*>(self);
  if (std::chrono::steady_clock::now() < d->deadline_) return 0;
  d->expired_ = true;
  return 1;  // interrupts the statement
}

}  // namespace receipts::store
