// The opencode SQLite reader: opens the database read-only with a busy timeout, reads what the
// schema has (message is required; session and part are optional), inside one read transaction
// so the three tables are one snapshot. Any SQLite failure (locked, corrupt, not a database)
// yields one MalformedLine and no records. Thread-safe (one connection per call).
#include <sqlite3.h>

#include <map>
#include <set>
#include <unordered_map>

#include "sources/opencode/opencode_records.h"

namespace receipts::sources::opencode {

namespace {

constexpr int kBusyTimeoutMs = 1500;

struct Connection {
  sqlite3* db = nullptr;
  ~Connection() {
    if (db) sqlite3_close_v2(db);
  }
};

struct Statement {
  sqlite3_stmt* st = nullptr;
  ~Statement() { sqlite3_finalize(st); }
};

std::string_view ColumnText(sqlite3_stmt* st, int col) {
  const unsigned char* p = sqlite3_column_text(st, col);
  if (!p) return {};
  return {reinterpret_cast<const char*>(p), static_cast<size_t>(sqlite3_column_bytes(st, col))};
}

std::string Describe(sqlite3* db, int rc) {
  int primary = rc & 0xff;
  if (primary == SQLITE_BUSY || primary == SQLITE_LOCKED) {
    return "opencode database is locked by another process; it will be read on the next scan";
  }
  if (primary == SQLITE_NOTADB || primary == SQLITE_CORRUPT) {
    return std::string("opencode database is not a readable SQLite file (") + sqlite3_errstr(rc) +
           ")";
  }
  return std::string("cannot read opencode database: ") +
         (db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
}

class Reader {
 public:
  explicit Reader(sqlite3* db) : db_(db) {}
  int rc() const { return rc_; }

  // Column names of `table` (empty when the table does not exist).
  std::set<std::string> Columns(const std::string& table) {
    std::set<std::string> cols;
    Statement s;
    std::string sql = "PRAGMA table_info(\"" + table + "\")";
    if (!Prepare(sql, s)) return cols;
    int rc;
    while ((rc = sqlite3_step(s.st)) == SQLITE_ROW) cols.emplace(ColumnText(s.st, 1));
    if (rc != SQLITE_DONE) rc_ = rc;
    return cols;
  }

  bool Prepare(const std::string& sql, Statement& s) {
    int rc = sqlite3_prepare_v2(db_, sql.c_str(), -1, &s.st, nullptr);
    if (rc != SQLITE_OK) {
      rc_ = rc;
      return false;
    }
    return true;
  }

  // Steps `s`; false at the end or on an error (then rc() is set).
  bool Step(Statement& s) {
    int rc = sqlite3_step(s.st);
    if (rc == SQLITE_ROW) return true;
    if (rc != SQLITE_DONE) rc_ = rc;
    return false;
  }

 private:
  sqlite3* db_;
  int rc_ = SQLITE_OK;
};

std::string ColumnOrNull(const std::set<std::string>& cols, const char* name) {
  return cols.count(name) ? std::string("\"") + name + "\"" : std::string("NULL");
}

struct ChildRun {
  std::string root;
  std::string type;
  int64_t first_ms = 0;
};

struct TaskCall {
  std::string call_id, subagent_type, description;
};

}  // namespace

ParseOutput ParseDatabase(const std::string& path) {
  ParseOutput out;
  Connection conn;
  auto failed = [&](int rc) {
    ParseOutput f;
    f.malformed.push_back({0, Describe(conn.db, rc)});
    return f;
  };
  int rc = sqlite3_open_v2(path.c_str(), &conn.db, SQLITE_OPEN_READONLY, nullptr);
  if (rc != SQLITE_OK) return failed(rc);
  sqlite3_busy_timeout(conn.db, kBusyTimeoutMs);
  sqlite3_exec(conn.db, "BEGIN", nullptr, nullptr, nullptr);  // one snapshot for all tables

  Reader r(conn.db);
  std::set<std::string> message_cols = r.Columns("message");
  if (r.rc() != SQLITE_OK) return failed(r.rc());
  if (!message_cols.count("id") || !message_cols.count("data")) {
    ParseOutput f;
    f.malformed.push_back(
        {0, "no message table with id and data columns (not an opencode database?)"});
    return f;
  }

  // Sessions: parent links and directories.
  SessionMap sessions;
  std::set<std::string> session_cols = r.Columns("session");
  if (r.rc() != SQLITE_OK) return failed(r.rc());
  if (session_cols.count("id")) {
    Statement s;
    std::string sql = "SELECT id, " + ColumnOrNull(session_cols, "parent_id") + ", " +
                      ColumnOrNull(session_cols, "directory") + ", " +
                      ColumnOrNull(session_cols, "title") + " FROM session";
    if (!r.Prepare(sql, s)) return failed(r.rc());
    while (r.Step(s)) {
      SessionInfo info{std::string(ColumnText(s.st, 1)), std::string(ColumnText(s.st, 2)),
                       std::string(ColumnText(s.st, 3))};
      sessions.emplace(std::string(ColumnText(s.st, 0)), std::move(info));
    }
    if (r.rc() != SQLITE_OK) return failed(r.rc());
  }

  // Messages.
  std::vector<MessageInfo> messages;
  std::vector<uint64_t> offsets;
  std::unordered_map<std::string, size_t> index;
  {
    Statement s;
    std::string sql = "SELECT id, " + ColumnOrNull(message_cols, "session_id") +
                      ", data FROM message ORDER BY " +
                      (message_cols.count("time_created") ? "time_created, id" : "id");
    if (!r.Prepare(sql, s)) return failed(r.rc());
    uint64_t row = 0;
    while (r.Step(s)) {
      ++row;
      out.lines++;
      MessageInfo m;
      std::string_view id = ColumnText(s.st, 0);
      if (!ParseMessage(ColumnText(s.st, 2), id, ColumnText(s.st, 1), m) || m.id.empty()) {
        out.malformed.push_back({row, "message row " + std::string(id) + ": invalid JSON data"});
        continue;
      }
      index.emplace(m.id, messages.size());
      messages.push_back(std::move(m));
      offsets.push_back(row);
    }
    if (r.rc() != SQLITE_OK) return failed(r.rc());
  }

  // Parts: prompt text for user messages, tool calls for assistant ones.
  std::vector<std::string> prompt_text(messages.size());
  std::map<std::string, TaskCall> task_for_child;
  std::set<std::string> part_cols = r.Columns("part");
  if (r.rc() != SQLITE_OK) return failed(r.rc());
  if (part_cols.count("message_id") && part_cols.count("data")) {
    Statement s;
    std::string sql = std::string("SELECT message_id, data FROM part ORDER BY message_id") +
                      (part_cols.count("id") ? ", id" : "");
    if (!r.Prepare(sql, s)) return failed(r.rc());
    while (r.Step(s)) {
      auto it = index.find(std::string(ColumnText(s.st, 0)));
      if (it == index.end()) continue;  // a part of a message we could not read
      const MessageInfo& m = messages[it->second];
      PartInfo part;
      if (!ParsePart(ColumnText(s.st, 1), part)) continue;
      if (part.type == "text" && m.role == "user" && !part.text.empty()) {
        std::string& text = prompt_text[it->second];
        if (!text.empty()) text += "\n";
        text += part.text;
      } else if (part.type == "tool" && m.role == "assistant") {
        EmitToolPart(part, m, Attribute(m.session_id, sessions), offsets[it->second], out);
        if (!part.child_session.empty()) {
          task_for_child[part.child_session] = {part.call_id, part.subagent_type, part.description};
        }
      }
    }
    if (r.rc() != SQLITE_OK) return failed(r.rc());
  }
  sqlite3_exec(conn.db, "COMMIT", nullptr, nullptr, nullptr);

  std::map<std::string, ChildRun> children;
  for (size_t i = 0; i < messages.size(); ++i) {
    const MessageInfo& m = messages[i];
    Attribution who = Attribute(m.session_id, sessions);
    EmitMessage(m, who, prompt_text[i], offsets[i], out);
    if (!who.sidechain) continue;
    ChildRun& run = children[who.subagent_id];
    run.root = who.session_id;
    if (run.type.empty() && m.role == "assistant") run.type = !m.agent.empty() ? m.agent : m.mode;
    if (m.created_ms > 0 && (run.first_ms == 0 || m.created_ms < run.first_ms)) {
      run.first_ms = m.created_ms;
    }
  }
  for (const auto& [child, info] : children) {
    SubagentRunRecord run;
    run.agent_id = child;
    run.session_id = info.root;
    run.type = info.type;
    run.ts_ms = info.first_ms;
    if (auto t = task_for_child.find(child); t != task_for_child.end()) {
      run.tool_use_id = t->second.call_id;
      if (run.type.empty()) run.type = t->second.subagent_type;
      run.description = t->second.description;
    }
    if (run.description.empty()) run.description = sessions[child].title;
    out.subagent_runs.push_back(std::move(run));
  }
  return out;
}

}  // namespace receipts::sources::opencode
