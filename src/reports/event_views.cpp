// Event views: tools, files, skills, mcp, commits, errors (from the events written at ingest).
// Each takes ViewParams::session_id ("" = every session) to show one session's events.
#include <regex>

#include "reports/common.h"
#include "reports/view.h"

namespace receipts::reports {
namespace {

// Runs `sql` with the filters bound (?7 = limit, ?8 = the session when filtered) and converts
// each row by column types.
Status Fill(store::Store& store, const std::string& sql, const Filters& f,
            const internal::SessionFilter& session, int limit, ViewResult& v) {
  auto st = store.db().Prepare(sql);
  if (!st.ok()) return Status::Error(v.name + " query failed: " + st.status().message());
  internal::BindFilters(st.value(), f);
  st.value().Bind(7, int64_t(limit > 0 ? limit : 1000000));
  session.Bind(st.value());
  while (st.value().Step()) {
    auto& s = st.value();
    ViewRow row;
    for (size_t i = 0; i < v.columns.size(); ++i) {
      int c = static_cast<int>(i);
      if (s.IsNull(c)) row.cells.push_back(Value{});
      else if (v.columns[i].type == ColType::kText) row.cells.push_back(s.Text(c));
      else if (v.columns[i].type == ColType::kPercent) row.cells.push_back(s.Double(c));
      else row.cells.push_back(s.Int(c));
    }
    v.rows.push_back(std::move(row));
  }
  return st.value().status();
}

constexpr const char* kToolJoin =
    " FROM tool_calls tc JOIN sessions s ON s.id = tc.session_ref "
    "LEFT JOIN tool_results tr ON tr.key_hash = tc.key_hash AND tr.agent = tc.agent AND "
    "tr.tool_use_id = tc.tool_use_id ";

// Shell tools of every agent, whose target is the command line.
constexpr const char* kShellTools =
    "('Bash', 'bash', 'shell', 'exec_command', 'local_shell', 'run_shell_command', 'bashExecution')";

}  // namespace

Result<ViewResult> RunTools(store::Store& store, const Filters& f, const ViewParams& p) {
  auto session = internal::SessionFilterOf(store, p.session_id);
  if (!session.ok()) return session.status();
  ViewResult v = internal::NewView("tools", f);
  v.columns = {{"tool", "Tool", ColType::kText, 0},       {"agent", "Agent", ColType::kText, 5},
               {"calls", "Calls", ColType::kInt, 0},      {"errors", "Errors", ColType::kInt, 0},
               {"resultBytes", "Result size", ColType::kBytes, 1},
               {"estimatedResultTokens", "≈ Result tokens", ColType::kInt, 2},
               {"sessions", "Sessions", ColType::kInt, 3}};
  std::string sql = std::string("SELECT tc.name, s.agent, count(*), sum(coalesce(tr.is_error, 0)), "
                                "sum(coalesce(tr.result_bytes, 0)), sum(coalesce(tr.result_bytes, 0)) / 4, "
                                "count(DISTINCT tc.session_ref)") + kToolJoin +
                    "WHERE " + session.value().Clause("tc.session_ref") + internal::WhereClause("tc.ts_ms") +
                    " GROUP BY 1, 2 ORDER BY 3 DESC, 1 LIMIT ?7";
  if (Status s = Fill(store, sql, f, session.value(), p.limit, v); !s.ok()) return s;
  v.notes.push_back("≈ Result tokens: result size / 4, the usual estimate of what a tool result "
                    "adds to the context.");
  return v;
}

Result<ViewResult> RunFiles(store::Store& store, const Filters& f, const ViewParams& p) {
  auto session = internal::SessionFilterOf(store, p.session_id);
  if (!session.ok()) return session.status();
  ViewResult v = internal::NewView("files", f);
  v.columns = {{"file", "File", ColType::kText, 0},          {"reads", "Reads", ColType::kInt, 0},
               {"edits", "Edits", ColType::kInt, 0},
               {"repeatedReads", "Repeated reads", ColType::kInt, 1},
               {"readBytes", "Read size", ColType::kBytes, 2}, {"sessions", "Sessions", ColType::kInt, 3}};
  std::string kind =
      "CASE WHEN lower(tc.name) IN ('read', 'read_file', 'notebookread', 'view', 'cat') THEN 'r' "
      "WHEN lower(tc.name) IN ('edit', 'multiedit', 'write', 'notebookedit', 'write_file', "
      "'replace', 'apply_patch', 'str_replace_based_edit_tool', 'patch') THEN 'e' END";
  std::string sql =
      "WITH touches AS (SELECT tc.target AS file, tc.session_ref AS session, " + kind +
      " AS kind, coalesce(tr.result_bytes, 0) AS bytes" + kToolJoin + "WHERE tc.target <> '' AND " +
      session.value().Clause("tc.session_ref") + internal::WhereClause("tc.ts_ms") + "), per AS (SELECT file, session, "
      "sum(kind = 'r') AS reads, sum(kind = 'e') AS edits, sum(CASE WHEN kind = 'r' THEN bytes END) AS bytes "
      "FROM touches WHERE kind IS NOT NULL GROUP BY file, session) "
      "SELECT file, sum(reads), sum(edits), sum(max(reads - 1, 0)), coalesce(sum(bytes), 0), "
      "count(*) FROM per GROUP BY file ORDER BY 2 + 3 DESC, 1 LIMIT ?7";
  if (Status s = Fill(store, sql, f, session.value(), p.limit > 0 ? p.limit : 50, v); !s.ok()) return s;
  v.notes.push_back("Repeated reads: reads of a file beyond the first in the same session.");
  return v;
}

Result<ViewResult> RunSkills(store::Store& store, const Filters& f, const ViewParams& p) {
  auto session = internal::SessionFilterOf(store, p.session_id);
  if (!session.ok()) return session.status();
  ViewResult v = internal::NewView("skills", f);
  v.columns = {{"skill", "Skill", ColType::kText, 0}, {"agent", "Agent", ColType::kText, 2},
               {"uses", "Uses", ColType::kInt, 0},    {"sessions", "Sessions", ColType::kInt, 1},
               {"lastUsed", "Last used", ColType::kTime, 0}};
  std::string sql = std::string("SELECT CASE WHEN tc.target = '' THEN '(unnamed)' ELSE tc.target END, "
                                "s.agent, count(*), count(DISTINCT tc.session_ref), max(tc.ts_ms)") +
                    kToolJoin + "WHERE tc.name IN ('Skill', 'skill', 'activate_skill') AND " +
                    session.value().Clause("tc.session_ref") + internal::WhereClause("tc.ts_ms") +
                    " GROUP BY 1, 2 ORDER BY 3 DESC, 1 LIMIT ?7";
  if (Status s = Fill(store, sql, f, session.value(), p.limit, v); !s.ok()) return s;
  return v;
}

Result<ViewResult> RunMcp(store::Store& store, const Filters& f, const ViewParams& p) {
  auto session = internal::SessionFilterOf(store, p.session_id);
  if (!session.ok()) return session.status();
  ViewResult v = internal::NewView("mcp", f);
  v.columns = {{"server", "Server", ColType::kText, 0}, {"tool", "Tool", ColType::kText, 0},
               {"calls", "Calls", ColType::kInt, 0},    {"errors", "Errors", ColType::kInt, 0},
               {"resultBytes", "Result size", ColType::kBytes, 1},
               {"sessions", "Sessions", ColType::kInt, 2}};
  // mcp__<server>__<tool>
  std::string rest = "substr(tc.name, 6)";
  std::string sql = "SELECT substr(" + rest + ", 1, instr(" + rest + ", '__') - 1), "
                    "substr(" + rest + ", instr(" + rest + ", '__') + 2), count(*), "
                    "sum(coalesce(tr.is_error, 0)), sum(coalesce(tr.result_bytes, 0)), "
                    "count(DISTINCT tc.session_ref)" + kToolJoin +
                    "WHERE tc.name LIKE 'mcp\\_\\_%\\_\\_%' ESCAPE '\\' AND " +
                    session.value().Clause("tc.session_ref") + internal::WhereClause("tc.ts_ms") +
                    " GROUP BY 1, 2 ORDER BY 3 DESC LIMIT ?7";
  if (Status s = Fill(store, sql, f, session.value(), p.limit, v); !s.ok()) return s;
  return v;
}

Result<ViewResult> RunCommits(store::Store& store, const Filters& f, const ViewParams& p) {
  auto session = internal::SessionFilterOf(store, p.session_id);
  if (!session.ok()) return session.status();
  ViewResult v = internal::NewView("commits", f);
  v.columns = {{"time", "Time", ColType::kTime, 0},     {"agent", "Agent", ColType::kText, 4},
               {"project", "Project", ColType::kText, 2}, {"sessionId", "Session", ColType::kText, 3},
               {"sha", "Commit", ColType::kText, 1},    {"message", "Message", ColType::kText, 0}};
  std::string sql = std::string("SELECT tc.ts_ms, s.agent, s.project, s.session_id, "
                                "coalesce(tr.head, ''), tc.target, coalesce(tr.is_error, 0)") +
                    kToolJoin + "WHERE tc.name IN " + kShellTools +
                    " AND tc.target LIKE '%git%commit%' AND " + session.value().Clause("tc.session_ref") +
                    internal::WhereClause("tc.ts_ms") +
                    " ORDER BY tc.ts_ms DESC LIMIT ?7";
  auto st = store.db().Prepare(sql);
  if (!st.ok()) return Status::Error("commits query failed: " + st.status().message());
  internal::BindFilters(st.value(), f);
  st.value().Bind(7, int64_t(p.limit > 0 ? p.limit : 100));
  session.value().Bind(st.value());
  static const std::regex kSha(R"(\[[^\]\s]+(?: \([^)]*\))? ([0-9a-f]{7,40})\])");
  static const std::regex kMessage(R"re(-m\s+(?:"([^"]*)"|'([^']*)'|(\S+)))re");
  static const std::regex kCommit(R"(\bgit\b(?:\s+-\S+(?:\s+\S+)?)*\s+commit\b)");
  while (st.value().Step()) {
    auto& s = st.value();
    std::string command = s.Text(5);
    if (!std::regex_search(command, kCommit) || s.Int(6) != 0) continue;  // failed commits skipped
    std::smatch m;
    std::string head = s.Text(4), sha, message;
    if (std::regex_search(head, m, kSha)) sha = m[1];
    if (std::regex_search(command, m, kMessage)) {
      message = m[1].matched ? m[1].str() : m[2].matched ? m[2].str() : m[3].str();
    } else if (size_t heredoc = command.find("<<"); heredoc != std::string::npos) {
      size_t nl = command.find('\n', heredoc);
      if (nl != std::string::npos) message = command.substr(nl + 1, command.find('\n', nl + 1) - nl - 1);
    }
    ViewRow row;
    row.cells = {s.Int(0), s.Text(1), s.Text(2), s.Text(3), sha, message};
    row.extra["command"] = command;
    v.rows.push_back(std::move(row));
  }
  if (!st.value().status().ok()) return st.value().status();
  v.notes.push_back("Commits made through the agents' shell tool calls (failed commits left out).");
  return v;
}

Result<ViewResult> RunErrors(store::Store& store, const Filters& f, const ViewParams& p) {
  auto session = internal::SessionFilterOf(store, p.session_id);
  if (!session.ok()) return session.status();
  ViewResult v = internal::NewView("errors", f);
  v.columns = {{"kind", "Kind", ColType::kText, 0},     {"agent", "Agent", ColType::kText, 4},
               {"tool", "Tool", ColType::kText, 2},     {"count", "Count", ColType::kInt, 0},
               {"sessions", "Sessions", ColType::kInt, 3}, {"lastSeen", "Last seen", ColType::kTime, 1},
               {"example", "Example", ColType::kText, 0}};
  std::string sql =
      "SELECT e.kind, s.agent, coalesce(tc.name, ''), count(*), count(DISTINCT e.session_ref), "
      "max(e.ts_ms), (SELECT x.message FROM errors x WHERE " + session.value().Clause("x.session_ref") +
      "x.agent = e.agent AND x.kind = e.kind ORDER BY x.ts_ms DESC LIMIT 1) "
      "FROM errors e JOIN sessions s ON s.id = e.session_ref "
      "LEFT JOIN tool_calls tc ON tc.key_hash = rc_key_hash(e.agent, e.tool_use_id) AND "
      "tc.agent = e.agent AND tc.tool_use_id = e.tool_use_id "
      "AND e.tool_use_id <> '' WHERE " + session.value().Clause("e.session_ref") +
      internal::WhereClause("e.ts_ms") + " GROUP BY 1, 2, 3 ORDER BY 4 DESC LIMIT ?7";
  if (Status s = Fill(store, sql, f, session.value(), p.limit, v); !s.ok()) return s;
  for (ViewRow& row : v.rows) {
    if (auto* ex = std::get_if<std::string>(&row.cells[6]); ex && ex->size() > 100) {
      *ex = ex->substr(0, 100) + "…";
    }
  }
  return v;
}

}  // namespace receipts::reports
