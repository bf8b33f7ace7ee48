// One session's files, commits, tools, errors and prompts through the API (the `session`
// parameter of the event views, used by the dashboard's session page), on a handwritten Claude
// Code fixture of two sessions whose every number is known: session A reads, edits and re-reads
// a file, commits, fails a test run and writes a test; session B does other things in another
// project, so a filter that leaks shows up. claude-haiku-4-5: $1 input, $5 output per MTok.
#include <nlohmann/json.hpp>

#include "http/http_fixture.h"

namespace receipts::testing {
namespace {

using nlohmann::json;

const std::string kA = "aaaa1111-0000-4000-8000-000000000001";
const std::string kB = "bbbb2222-0000-4000-8000-000000000002";

std::string Line(const json& j) { return j.dump() + "\n"; }

std::string Prompt(const std::string& sid, const std::string& cwd, const std::string& uuid,
                   const std::string& ts, const std::string& text) {
  return Line({{"type", "user"}, {"uuid", uuid}, {"sessionId", sid}, {"cwd", cwd}, {"timestamp", ts},
               {"message", {{"role", "user"}, {"content", text}}}});
}

// An assistant call with one tool_use (tool "" = text only).
std::string Call(const std::string& sid, const std::string& cwd, const std::string& ts,
                 const std::string& id, int64_t in, int64_t out, const std::string& tool = "",
                 const std::string& tool_id = "", const json& input = json::object()) {
  json content = tool.empty() ? json::array({{{"type", "text"}, {"text", "done"}}})
                              : json::array({{{"type", "tool_use"}, {"id", tool_id}, {"name", tool}, {"input", input}}});
  return Line({{"type", "assistant"}, {"uuid", "a-" + id}, {"sessionId", sid}, {"cwd", cwd}, {"timestamp", ts},
               {"message", {{"id", id}, {"model", "claude-haiku-4-5"}, {"role", "assistant"},
                            {"usage", {{"input_tokens", in}, {"output_tokens", out}}}, {"content", content}}}});
}

std::string Result(const std::string& sid, const std::string& cwd, const std::string& ts,
                   const std::string& tool_id, const std::string& text, bool error = false) {
  json block = {{"type", "tool_result"}, {"tool_use_id", tool_id}, {"content", text}};
  if (error) block["is_error"] = true;
  return Line({{"type", "user"}, {"uuid", "r-" + tool_id}, {"sessionId", sid}, {"cwd", cwd}, {"timestamp", ts},
               {"message", {{"role", "user"}, {"content", json::array({block})}}}});
}

class SessionViewsTest : public HttpTest {
 protected:
  void SetUp() override {
    root_ = tmp_.str() + "/claude";
    db_ = tmp_.str() + "/r.db";
    const std::string a = "/w/app", b = "/w/other", d1 = "2026-03-01T10:", d2 = "2026-03-02T09:";
    WriteFile(root_ + "/projects/-w-app/" + kA + ".jsonl",
              Prompt(kA, a, "u1", d1 + "00:00Z", "fix the login bug") +
              Call(kA, a, d1 + "00:05Z", "m1", 100, 10, "Read", "t1", {{"file_path", "/w/app/login.py"}}) +
              Result(kA, a, d1 + "00:06Z", "t1", "def login(user): return check(user)") +
              Call(kA, a, d1 + "00:10Z", "m2", 200, 10, "Edit", "t2",
                   {{"file_path", "/w/app/login.py"}, {"old_string", "check"}, {"new_string", "verify"}}) +
              Result(kA, a, d1 + "00:11Z", "t2", "The file /w/app/login.py has been updated.") +
              Call(kA, a, d1 + "00:15Z", "m3", 300, 10, "Read", "t3", {{"file_path", "/w/app/login.py"}}) +
              Result(kA, a, d1 + "00:16Z", "t3", "def login(user): return verify(user)") +
              Call(kA, a, d1 + "00:20Z", "m4", 400, 10, "Bash", "t4", {{"command", "git commit -m \"fix login\""}}) +
              Result(kA, a, d1 + "00:21Z", "t4", "[main abc1234] fix login\n 1 file changed, 1 insertion(+)") +
              Call(kA, a, d1 + "00:25Z", "m5", 500, 10, "Bash", "t5", {{"command", "npm test"}}) +
              Result(kA, a, d1 + "00:26Z", "t5", "2 tests failed", true) +
              Call(kA, a, d1 + "00:30Z", "m6", 600, 20) +
              Prompt(kA, a, "u2", d1 + "05:00Z", "now add a test") +
              Call(kA, a, d1 + "05:05Z", "m7", 1000, 100, "Write", "t6", {{"file_path", "/w/app/test_login.py"}}) +
              Result(kA, a, d1 + "05:06Z", "t6", "File created successfully at: /w/app/test_login.py"));
    WriteFile(root_ + "/projects/-w-other/" + kB + ".jsonl",
              Prompt(kB, b, "u3", d2 + "00:00Z", "list the files") +
              Call(kB, b, d2 + "00:05Z", "m8", 50, 5, "Bash", "t7", {{"command", "ls"}}) +
              Result(kB, b, d2 + "00:06Z", "t7", "a.py") +
              Call(kB, b, d2 + "00:10Z", "m9", 50, 5, "Read", "t8", {{"file_path", "/w/other/a.py"}}) +
              Result(kB, b, d2 + "00:11Z", "t8", "x = 1") +
              Call(kB, b, d2 + "00:15Z", "m10", 50, 5, "Bash", "t9", {{"command", "git commit -m 'other'"}}) +
              Result(kB, b, d2 + "00:16Z", "t9", "[dev 1234567] other") +
              Call(kB, b, d2 + "00:20Z", "m11", 50, 5, "Bash", "t10", {{"command", "make"}}) +
              Result(kB, b, d2 + "00:21Z", "t10", "make: no rule", true));
    store::Store s = OpenStore(db_);
    IngestOrDie(s, Env());
  }
};

TEST_F(SessionViewsTest, ToolsFilesCommitsErrorsOfOneSession) {
  Start(Options());
  const std::string q = "?tz=UTC&session=" + kA.substr(0, 8);  // a unique prefix
  Reply tools = Get("/api/v1/reports/tools" + q);
  ASSERT_EQ(tools.status, 200) << tools.body.dump();
  auto tool = [](const char* name, int calls, int errors, int bytes) {
    return json{{"tool", name}, {"agent", "claude"}, {"calls", calls}, {"errors", errors},
                {"resultBytes", bytes}, {"estimatedResultTokens", bytes / 4}, {"sessions", 1}};
  };
  EXPECT_EQ(tools.body["tools"], json::array({tool("Bash", 2, 1, 56 + 14), tool("Read", 2, 0, 35 + 36),
                                              tool("Edit", 1, 0, 42), tool("Write", 1, 0, 50)}));

  Reply files = Get("/api/v1/reports/files" + q);
  ASSERT_EQ(files.status, 200);
  EXPECT_EQ(files.body["files"],
            json::parse(R"([{"file":"/w/app/login.py","reads":2,"edits":1,"repeatedReads":1,"readBytes":71,"sessions":1},
                            {"file":"/w/app/test_login.py","reads":0,"edits":1,"repeatedReads":0,"readBytes":0,"sessions":1}])"));

  Reply commits = Get("/api/v1/reports/commits" + q);
  ASSERT_EQ(commits.status, 200);
  EXPECT_EQ(commits.body["commits"],
            json::array({{{"time", "2026-03-01T10:00:20.000Z"}, {"agent", "claude"}, {"project", "/w/app"},
                          {"sessionId", kA}, {"sha", "abc1234"}, {"message", "fix login"},
                          {"command", "git commit -m \"fix login\""}}}));

  Reply errors = Get("/api/v1/reports/errors" + q);
  ASSERT_EQ(errors.status, 200);
  EXPECT_EQ(errors.body["errors"],
            json::array({{{"kind", "tool_error"}, {"agent", "claude"}, {"tool", "Bash"}, {"count", 1},
                          {"sessions", 1}, {"lastSeen", "2026-03-01T10:00:26.000Z"}, {"example", "2 tests failed"}}}));
  for (const char* empty : {"skills", "mcp"}) {
    Reply r = Get(std::string("/api/v1/reports/") + empty + q);
    ASSERT_EQ(r.status, 200);
    EXPECT_EQ(r.body[empty], json::array()) << empty;
  }

  // Session B alone, and both together: the filter neither leaks nor drops.
  Reply b = Get("/api/v1/reports/tools?tz=UTC&session=" + kB);
  EXPECT_EQ(b.body["tools"], json::array({tool("Bash", 3, 1, 4 + 19 + 13), tool("Read", 1, 0, 5)}));
  Reply all = Get("/api/v1/reports/tools?tz=UTC");
  EXPECT_EQ(all.body["tools"][0], json({{"tool", "Bash"}, {"agent", "claude"}, {"calls", 5}, {"errors", 2},
                                        {"resultBytes", 106}, {"estimatedResultTokens", 26}, {"sessions", 2}}));
  Reply both_commits = Get("/api/v1/reports/commits?tz=UTC");
  EXPECT_EQ(both_commits.body["commits"].size(), 2u);
  // The other filters still apply inside a session.
  Reply later = Get("/api/v1/reports/tools?tz=UTC&since=2026-03-02&session=" + kA);
  EXPECT_EQ(later.body["tools"], json::array());
}

TEST_F(SessionViewsTest, PromptsOfOneSessionWithTheirCost) {
  Start(Options());
  Reply r = Get("/api/v1/reports/prompts?tz=UTC&session=" + kA);
  ASSERT_EQ(r.status, 200) << r.body.dump();
  const json& rows = r.body["prompts"];
  ASSERT_EQ(rows.size(), 2u);
  // u1: m1..m6, input 2,100 × 1,000 nanos + output 70 × 5,000 nanos = 2,450,000.
  EXPECT_EQ(rows[0]["turnId"], "u1");
  EXPECT_EQ(rows[0]["prompt"], "fix the login bug");
  EXPECT_EQ(rows[0]["sessionId"], kA);
  EXPECT_EQ(rows[0]["calls"].size(), 6u);
  EXPECT_EQ(rows[0]["toolCalls"].size(), 5u);
  EXPECT_EQ(rows[0]["totalTokens"], 2170);
  EXPECT_EQ(rows[0]["totalCostNanos"], 2'450'000);
  // u2: m7, 1,000 × 1,000 + 100 × 5,000 = 1,500,000.
  EXPECT_EQ(rows[1]["turnId"], "u2");
  EXPECT_EQ(rows[1]["calls"].size(), 1u);
  EXPECT_EQ(rows[1]["toolCalls"].size(), 1u);
  EXPECT_EQ(rows[1]["totalTokens"], 1100);
  EXPECT_EQ(rows[1]["totalCostNanos"], 1'500'000);
  // = the session's own total.
  Reply detail = Get("/api/v1/reports/session?tz=UTC&id=" + kA);
  EXPECT_EQ(detail.body["totals"]["totalCostNanos"], 3'950'000);
  Reply other = Get("/api/v1/reports/prompts?tz=UTC&session=" + kB);
  ASSERT_EQ(other.body["prompts"].size(), 1u);
  EXPECT_EQ(other.body["prompts"][0]["turnId"], "u3");
}

TEST_F(SessionViewsTest, SessionParameterErrors) {
  Start(Options());
  struct Case {
    std::string path;
    int status;
    std::string error;
  };
  const std::vector<Case> cases = {
      {"/api/v1/reports/files?session=zzzz", 404, "no session 'zzzz' in the store (list them with `receipts session`)"},
      {"/api/v1/reports/tools?session=", 400, "session is empty; expected a session id or a unique prefix"},
      {"/api/v1/reports/commits?session=" + kA + "&session=" + kB, 400,
       "parameter 'session' is given more than once; pass it once"},
      {"/api/v1/reports/projects?session=" + kA, 400,
       "unknown parameter 'session' for report projects; accepted: since, until, tz, agent, project, mode, order"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.path);
    Reply r = Get(c.path);
    EXPECT_EQ(r.status, c.status);
    EXPECT_EQ(r.body, json({{"error", c.error}}));
  }
  // The catalog lists the parameter for exactly the event views.
  for (const auto& def : reports::Catalog()) {
    bool has = false;
    for (const auto& p : def.params) has = has || p.name == "session";
    bool want = def.name == "prompts" || def.name == "tools" || def.name == "files" || def.name == "skills" ||
                def.name == "mcp" || def.name == "commits" || def.name == "errors";
    EXPECT_EQ(has, want) << def.name;
  }
}

}  // namespace
}  // namespace receipts::testing
