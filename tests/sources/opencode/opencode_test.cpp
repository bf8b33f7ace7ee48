// opencode source: roots, discovery, the SQLite store (built here with the sqlite3 API, shaped
// like opencode's drizzle schema), legacy JSON files, DB + legacy collapse, recorded cost,
// subagent sessions, and locked / corrupt / foreign databases. Never the real home directory.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "sources/opencode/opencode_source.h"

namespace receipts::sources::opencode {
namespace {
namespace fs = std::filesystem;

const std::string kFixtures = std::string(RECEIPTS_TEST_FIXTURES) + "/opencode";
const std::string kShared = RECEIPTS_SHARED_FIXTURES;

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

ParseOutput ParseFile(const std::string& path) {
  OpencodeSource src;
  if (src.read_mode(path) == ReadMode::kPathOnly) return src.Parse(path, {}, 0, "");
  std::string buf = ReadFile(path);
  size_t size = buf.size();
  buf.append(kParsePadding, '\0');
  return src.Parse(path, std::string_view(buf.data(), size), 0, "");
}

const UsageRecord* Find(const ParseOutput& out, const std::string& key) {
  for (const auto& r : out.records) {
    if (r.dedupe_key == key) return &r;
  }
  return nullptr;
}

TokenCounts Tokens(int64_t input, int64_t cache_read, int64_t cache_write, int64_t output,
                   int64_t reasoning) {
  TokenCounts t;
  t.input = input;
  t.cache_read = cache_read;
  t.cache_write_5m = cache_write;
  t.output = output;
  t.reasoning = reasoning;
  return t;
}

class TempDir {
 public:
  explicit TempDir(const std::string& name)
      : path_(fs::temp_directory_path() / ("receipts-opencode-" + name)) {
    fs::remove_all(path_);
    fs::create_directories(path_);
  }
  ~TempDir() { fs::remove_all(path_); }
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

void Exec(sqlite3* db, const std::string& sql) {
  char* err = nullptr;
  ASSERT_EQ(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &err), SQLITE_OK) << (err ? err : "");
}

std::string Quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("''") : std::string(1, c);
  return out + "'";
}

constexpr const char* kSchema = R"sql(
CREATE TABLE session (id TEXT PRIMARY KEY, project_id TEXT NOT NULL, parent_id TEXT,
  slug TEXT NOT NULL, directory TEXT NOT NULL, title TEXT NOT NULL, version TEXT NOT NULL,
  time_created INTEGER NOT NULL, time_updated INTEGER NOT NULL);
CREATE TABLE message (id TEXT PRIMARY KEY, session_id TEXT NOT NULL REFERENCES session(id),
  time_created INTEGER NOT NULL, time_updated INTEGER NOT NULL, data TEXT NOT NULL);
CREATE TABLE part (id TEXT PRIMARY KEY, message_id TEXT NOT NULL, session_id TEXT NOT NULL,
  time_created INTEGER NOT NULL, time_updated INTEGER NOT NULL, data TEXT NOT NULL);
)sql";

// The DB's `data` columns omit id and sessionID (opencode's InfoData / PartData).
void BuildDb(const fs::path& path) {
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  Exec(db, kSchema);
  auto session = [&](const std::string& id, const std::string& parent, const std::string& title) {
    Exec(db, "INSERT INTO session VALUES(" + Quote(id) + ",'prj_1'," +
                 (parent.empty() ? "NULL" : Quote(parent)) + ",'slug-" + id + "','/work/gamma'," +
                 Quote(title) + ",'1.0.0',1767690000000,1767690000000)");
  };
  session("ses_root", "", "Fix login");
  session("ses_child", "ses_root", "Explore auth code (@explore subagent)");
  session("ses_grand", "ses_child", "Nested helper");
  int64_t t = 1767690001000;
  auto message = [&](const std::string& id, const std::string& sid, const std::string& data) {
    Exec(db, "INSERT INTO message VALUES(" + Quote(id) + "," + Quote(sid) + "," +
                 std::to_string(t) + "," + std::to_string(t) + "," + Quote(data) + ")");
    t += 1000;
  };
  message(
      "msg_u1", "ses_root",
      R"({"role":"user","time":{"created":1767690001000},"agent":"build","model":{"providerID":"anthropic","modelID":"claude-sonnet-4-5"}})");
  message(
      "msg_a1", "ses_root",
      R"({"role":"assistant","time":{"created":1767690002000,"completed":1767690009000},"parentID":"msg_u1","modelID":"claude-sonnet-4-5","providerID":"anthropic","mode":"build","agent":"build","path":{"cwd":"/work/gamma/app","root":"/work/gamma"},"cost":0.0123,"tokens":{"input":1200,"output":300,"reasoning":0,"cache":{"read":5000,"write":800}},"finish":"tool-calls"})");
  message(
      "msg_a2", "ses_root",
      R"({"role":"assistant","time":{"created":1767690010000},"parentID":"msg_u1","modelID":"gemini-2.5-pro","providerID":"google","mode":"build","path":{"cwd":"/work/gamma/app","root":"/work/gamma"},"cost":0,"tokens":{"input":10,"output":5,"reasoning":7,"cache":{"read":0,"write":0}},"error":{"name":"APIError","data":{"message":"Rate limit exceeded","statusCode":429,"isRetryable":true}}})");
  message(
      "msg_c1", "ses_child",
      R"({"role":"assistant","time":{"created":1767690011000,"completed":1767690015000},"parentID":"msg_cu1","modelID":"gpt-5","providerID":"openai","mode":"explore","agent":"explore","path":{"cwd":"/work/gamma","root":"/work/gamma"},"cost":0,"tokens":{"input":400,"output":60,"reasoning":40,"cache":{"read":0,"write":0}}})");
  message(
      "msg_g1", "ses_grand",
      R"({"role":"assistant","time":{"created":1767690016000},"parentID":"msg_gu1","modelID":"gpt-5","providerID":"openai","agent":"general","cost":"0.5","tokens":{"input":"7","output":3,"reasoning":0,"cache":{"read":0,"write":0}}})");
  message("msg_bad", "ses_root", "{not json");
  message(
      "msg_abort", "ses_root",
      R"({"role":"assistant","time":{"created":1767690018000},"parentID":"msg_u1","modelID":"claude-sonnet-4-5","providerID":"anthropic","cost":0,"tokens":{"input":0,"output":0,"reasoning":0,"cache":{"read":0,"write":0}},"error":{"name":"MessageAbortedError","data":{"message":"aborted"}}})");
  auto part = [&](const std::string& id, const std::string& mid, const std::string& data) {
    Exec(db, "INSERT INTO part VALUES(" + Quote(id) + "," + Quote(mid) + ",'ses_root',0,0," +
                 Quote(data) + ")");
  };
  part("prt_01", "msg_u1", R"({"type":"text","text":"fix the login bug"})");
  part("prt_02", "msg_u1", R"({"type":"text","text":"<file contents>","synthetic":true})");
  part(
      "prt_03", "msg_a1",
      R"({"type":"tool","callID":"toolu_read1","tool":"read","state":{"status":"completed","input":{"filePath":"/work/gamma/app/login.ts"},"output":"export function login() {}","title":"app/login.ts","metadata":{},"time":{"start":1767690003000,"end":1767690003100}}})");
  part(
      "prt_04", "msg_a1",
      R"({"type":"tool","callID":"toolu_bash1","tool":"bash","state":{"status":"error","input":{"command":"npm test","description":"Run tests"},"error":"Command failed: 3 tests failing","time":{"start":1767690004000,"end":1767690006000}}})");
  part(
      "prt_05", "msg_a1",
      R"({"type":"tool","callID":"toolu_task1","tool":"task","state":{"status":"completed","input":{"description":"Explore auth code","prompt":"Find the login flow","subagent_type":"explore"},"output":"found it","metadata":{"sessionId":"ses_child"},"time":{"start":1767690010500,"end":1767690016500}}})");
  part("prt_06", "msg_gone", R"({"type":"text","text":"orphan"})");
  part("prt_07", "msg_a1", R"({"type":"step-finish","tokens":{"input":1}})");
  sqlite3_close(db);
}

std::map<std::string, TokenCounts> Merge(const std::vector<ParseOutput>& outs) {
  std::map<std::string, TokenCounts> merged;
  for (const auto& out : outs) {
    for (const auto& r : out.records) {
      TokenCounts& m = merged[r.dedupe_key];
      m.input = std::max(m.input, r.tokens.input);
      m.output = std::max(m.output, r.tokens.output);
      m.cache_read = std::max(m.cache_read, r.tokens.cache_read);
      m.cache_write_5m = std::max(m.cache_write_5m, r.tokens.cache_write_5m);
      m.reasoning = std::max(m.reasoning, r.tokens.reasoning);
    }
  }
  return merged;
}

TEST(OpencodeRoots, XdgDataHomeElseHome) {
  OpencodeSource src;
  Environment env;
  env.home = "/h";
  EXPECT_EQ(src.Roots(env), (std::vector<std::string>{"/h/.local/share/opencode"}));
  env.vars["XDG_DATA_HOME"] = "/x";
  EXPECT_EQ(src.Roots(env), (std::vector<std::string>{"/x/opencode"}));
}

TEST(OpencodeDiscover, DatabasesAndLegacyMessages) {
  TempDir dir("discover");
  fs::path root = dir.path() / "opencode";
  for (const char* f :
       {"opencode.db", "opencode-beta.db", "opencode.db-wal", "opencode.db-shm", "other.db",
        "storage/message/ses_1/msg_1.json", "storage/message/ses_1/msg_2.json",
        "storage/part/msg_1/prt_1.json", "storage/session/prj/ses_1.json"}) {
    fs::create_directories((root / f).parent_path());
    std::ofstream(root / f) << "{}";
  }
  OpencodeSource src;
  Environment env;
  env.vars["XDG_DATA_HOME"] = dir.path().string();
  std::vector<std::string> got;
  for (const auto& f : src.Discover(src.Roots(env))) {
    got.push_back(fs::relative(f.path, root).string());
    EXPECT_EQ(f.root, root.string());
  }
  EXPECT_EQ(got, (std::vector<std::string>{"opencode-beta.db", "opencode.db",
                                           "storage/message/ses_1/msg_1.json",
                                           "storage/message/ses_1/msg_2.json"}));
  EXPECT_EQ(src.read_mode((root / "opencode.db").string()), ReadMode::kPathOnly);
  EXPECT_EQ(src.read_mode((root / "opencode-beta.db").string()), ReadMode::kPathOnly);
  EXPECT_EQ(src.read_mode((root / "storage/message/ses_1/msg_1.json").string()), ReadMode::kWhole);
}

TEST(OpencodeDb, MessagesSessionsAndParts) {
  TempDir dir("db");
  fs::path db = dir.path() / "opencode.db";
  BuildDb(db);
  ParseOutput out = ParseFile(db.string());
  EXPECT_EQ(out.lines, 7);
  EXPECT_EQ(out.state, "");
  ASSERT_EQ(out.malformed.size(), 1u);
  EXPECT_EQ(out.malformed[0].offset, 6u);  // msg_bad, the 6th row
  ASSERT_EQ(out.records.size(), 4u);       // msg_abort has no tokens
  EXPECT_EQ(out.usage_lines, 4);

  const UsageRecord* a1 = Find(out, "opencode:msg_a1");
  ASSERT_NE(a1, nullptr);
  EXPECT_EQ(a1->tokens, Tokens(1200, 5000, 800, 300, 0));
  EXPECT_EQ(a1->recorded_cost_nanos, std::optional<int64_t>(12300000));  // cost > 0: kept
  EXPECT_EQ(a1->ts_ms, 1767690002000);
  EXPECT_EQ(a1->session_id, "ses_root");
  EXPECT_EQ(a1->project, "/work/gamma/app");
  EXPECT_EQ(a1->model, "claude-sonnet-4-5");
  EXPECT_EQ(a1->provider, "anthropic");
  EXPECT_EQ(a1->turn_id, "msg_u1");
  EXPECT_FALSE(a1->sidechain);

  const UsageRecord* a2 = Find(out, "opencode:msg_a2");
  ASSERT_NE(a2, nullptr);
  EXPECT_EQ(a2->tokens, Tokens(10, 0, 0, 12, 7));    // reasoning outside output: added back
  EXPECT_EQ(a2->recorded_cost_nanos, std::nullopt);  // cost 0: priced from tokens instead

  const UsageRecord* c1 = Find(out, "opencode:msg_c1");
  ASSERT_NE(c1, nullptr);
  EXPECT_EQ(c1->session_id, "ses_root");
  EXPECT_TRUE(c1->sidechain);
  EXPECT_EQ(c1->subagent_id, "ses_child");
  EXPECT_EQ(c1->tokens, Tokens(400, 0, 0, 100, 40));
  EXPECT_EQ(c1->provider, "openai");

  const UsageRecord* g1 = Find(out, "opencode:msg_g1");
  ASSERT_NE(g1, nullptr);
  EXPECT_EQ(g1->session_id, "ses_root");  // nested: the session the user started
  EXPECT_EQ(g1->subagent_id, "ses_grand");
  EXPECT_EQ(g1->project, "/work/gamma");  // no path: the session's directory
  EXPECT_EQ(g1->tokens, Tokens(7, 0, 0, 3, 0));
  EXPECT_EQ(g1->recorded_cost_nanos, std::optional<int64_t>(500000000));
  EXPECT_EQ(out.first_ts_ms, 1767690002000);

  ASSERT_EQ(out.subagent_runs.size(), 2u);
  const SubagentRunRecord& child = out.subagent_runs[0];
  EXPECT_EQ(child.agent_id, "ses_child");
  EXPECT_EQ(child.session_id, "ses_root");
  EXPECT_EQ(child.type, "explore");
  EXPECT_EQ(child.tool_use_id, "toolu_task1");
  EXPECT_EQ(child.description, "Explore auth code");
  EXPECT_EQ(child.ts_ms, 1767690011000);
  const SubagentRunRecord& grand = out.subagent_runs[1];
  EXPECT_EQ(grand.agent_id, "ses_grand");
  EXPECT_EQ(grand.session_id, "ses_root");
  EXPECT_EQ(grand.type, "general");
  EXPECT_EQ(grand.description, "Nested helper");

  ASSERT_EQ(out.prompts.size(), 1u);
  EXPECT_EQ(out.prompts[0].turn_id, "msg_u1");
  EXPECT_EQ(out.prompts[0].text, "fix the login bug");  // synthetic part skipped
  EXPECT_EQ(out.prompts[0].ts_ms, 1767690001000);

  ASSERT_EQ(out.tool_calls.size(), 3u);
  EXPECT_EQ(out.tool_calls[0].tool_use_id, "toolu_read1");
  EXPECT_EQ(out.tool_calls[0].name, "read");
  EXPECT_EQ(out.tool_calls[0].target, "/work/gamma/app/login.ts");
  EXPECT_EQ(out.tool_calls[0].call_key, "opencode:msg_a1");
  EXPECT_EQ(out.tool_calls[0].turn_id, "msg_u1");
  EXPECT_EQ(out.tool_calls[0].ts_ms, 1767690003000);
  EXPECT_EQ(out.tool_calls[0].input_bytes,
            static_cast<int64_t>(std::string(R"({"filePath":"/work/gamma/app/login.ts"})").size()));
  EXPECT_EQ(out.tool_calls[1].target, "npm test");
  EXPECT_EQ(out.tool_calls[2].target, "explore");
  ASSERT_EQ(out.tool_results.size(), 3u);
  EXPECT_EQ(out.tool_results[0].result_bytes, 26);
  EXPECT_EQ(out.tool_results[0].head, "export function login() {}");
  EXPECT_TRUE(out.tool_results[1].is_error);
  EXPECT_EQ(out.tool_results[1].head, "Command failed: 3 tests failing");

  ASSERT_EQ(out.errors.size(), 2u);
  EXPECT_EQ(out.errors[0].kind, "tool_error");
  EXPECT_EQ(out.errors[0].tool_use_id, "toolu_bash1");
  EXPECT_EQ(out.errors[1].kind, "rate_limit");  // APIError 429; the abort is not an error
  EXPECT_EQ(out.errors[1].message, "Rate limit exceeded");
  EXPECT_EQ(out.errors[1].turn_id, "msg_u1");
}

TEST(OpencodeLegacy, MessageFilesWithSessionsAndParts) {
  const std::string base = kFixtures + "/storage/message/";
  ParseOutput a1 = ParseFile(base + "ses_root/msg_a1.json");
  EXPECT_TRUE(a1.malformed.empty());
  ASSERT_EQ(a1.records.size(), 1u);
  EXPECT_EQ(a1.records[0].dedupe_key, "opencode:msg_a1");
  EXPECT_EQ(a1.records[0].tokens, Tokens(1200, 5000, 800, 300, 0));
  EXPECT_EQ(a1.records[0].recorded_cost_nanos, std::optional<int64_t>(12300000));
  EXPECT_EQ(a1.records[0].project, "/work/gamma/app");
  EXPECT_EQ(a1.records[0].turn_id, "msg_u1");
  ASSERT_EQ(a1.tool_calls.size(), 2u);
  EXPECT_EQ(a1.tool_calls[0].target, "/work/gamma/app/login.ts");
  EXPECT_EQ(a1.tool_calls[1].name, "bash");
  ASSERT_EQ(a1.errors.size(), 1u);
  EXPECT_EQ(a1.errors[0].kind, "tool_error");
  EXPECT_EQ(a1.state, "");

  ParseOutput u1 = ParseFile(base + "ses_root/msg_u1.json");
  ASSERT_EQ(u1.prompts.size(), 1u);
  EXPECT_EQ(u1.prompts[0].text, "fix the login bug");
  EXPECT_TRUE(u1.records.empty());

  ParseOutput c1 = ParseFile(base + "ses_child/msg_c1.json");
  ASSERT_EQ(c1.records.size(), 1u);
  EXPECT_EQ(c1.records[0].session_id, "ses_root");
  EXPECT_TRUE(c1.records[0].sidechain);
  EXPECT_EQ(c1.records[0].subagent_id, "ses_child");
  EXPECT_EQ(c1.records[0].tokens, Tokens(400, 0, 0, 100, 40));
  EXPECT_EQ(c1.records[0].recorded_cost_nanos, std::nullopt);
  ASSERT_EQ(c1.subagent_runs.size(), 1u);
  EXPECT_EQ(c1.subagent_runs[0].agent_id, "ses_child");
  EXPECT_EQ(c1.subagent_runs[0].session_id, "ses_root");
  EXPECT_EQ(c1.subagent_runs[0].type, "explore");
  EXPECT_EQ(c1.subagent_runs[0].description, "Explore auth code (@explore subagent)");
}

TEST(OpencodeLegacy, DatabaseAndLegacyCopiesCollapse) {
  TempDir dir("collapse");
  fs::path db = dir.path() / "opencode.db";
  BuildDb(db);
  std::vector<ParseOutput> outs = {ParseFile(db.string())};
  for (const char* f : {"ses_root/msg_u1.json", "ses_root/msg_a1.json", "ses_child/msg_c1.json"}) {
    outs.push_back(ParseFile(kFixtures + "/storage/message/" + f));
  }
  size_t copies = 0;
  for (const auto& o : outs) copies += o.records.size();
  EXPECT_EQ(copies, 6u);
  auto merged = Merge(outs);
  ASSERT_EQ(merged.size(), 4u);  // msg_a1 and msg_c1 counted once
  EXPECT_EQ(merged["opencode:msg_a1"], Tokens(1200, 5000, 800, 300, 0));
  EXPECT_EQ(merged["opencode:msg_c1"], Tokens(400, 0, 0, 100, 40));
}

TEST(OpencodeDb, LockedDatabaseIsReportedNotFatal) {
  TempDir dir("locked");
  fs::path db = dir.path() / "opencode.db";
  BuildDb(db);
  sqlite3* writer = nullptr;
  ASSERT_EQ(sqlite3_open(db.c_str(), &writer), SQLITE_OK);
  Exec(writer, "BEGIN EXCLUSIVE; UPDATE message SET time_updated = 1;");
  ParseOutput out = ParseFile(db.string());
  EXPECT_TRUE(out.records.empty());
  ASSERT_EQ(out.malformed.size(), 1u);
  EXPECT_NE(out.malformed[0].reason.find("locked"), std::string::npos) << out.malformed[0].reason;
  Exec(writer, "ROLLBACK");
  sqlite3_close(writer);
  EXPECT_EQ(ParseFile(db.string()).records.size(), 4u);  // readable again once released
}

TEST(OpencodeDb, CorruptForeignAndMinimalDatabases) {
  TempDir dir("corrupt");
  fs::path corrupt = dir.path() / "opencode.db";
  {
    std::ofstream out(corrupt, std::ios::binary);
    for (int i = 0; i < 200; ++i) out << "this is not a database ";
  }
  ParseOutput bad = ParseFile(corrupt.string());
  EXPECT_TRUE(bad.records.empty());
  ASSERT_EQ(bad.malformed.size(), 1u);
  EXPECT_NE(bad.malformed[0].reason.find("not a readable SQLite file"), std::string::npos)
      << bad.malformed[0].reason;

  fs::path foreign = dir.path() / "opencode-foreign.db";
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(foreign.c_str(), &db), SQLITE_OK);
  Exec(db, "CREATE TABLE foo(x)");
  sqlite3_close(db);
  ParseOutput none = ParseFile(foreign.string());
  ASSERT_EQ(none.malformed.size(), 1u);
  EXPECT_NE(none.malformed[0].reason.find("no message table"), std::string::npos);

  // Only message(id, data): no session_id column, no session or part tables.
  fs::path minimal = dir.path() / "opencode-minimal.db";
  ASSERT_EQ(sqlite3_open(minimal.c_str(), &db), SQLITE_OK);
  Exec(
      db,
      "CREATE TABLE message(id TEXT PRIMARY KEY, data TEXT);"
      R"(INSERT INTO message VALUES('m1', '{"sessionID":"s1","role":"assistant","time":{"created":1767690002000},"modelID":"m","providerID":"p","tokens":{"input":1,"output":2,"reasoning":0,"cache":{"read":3,"write":4}}}');)");
  sqlite3_close(db);
  ParseOutput min = ParseFile(minimal.string());
  EXPECT_TRUE(min.malformed.empty());
  ASSERT_EQ(min.records.size(), 1u);
  EXPECT_EQ(min.records[0].session_id, "s1");
  EXPECT_EQ(min.records[0].tokens, Tokens(1, 3, 4, 2, 0));

  ParseOutput missing = ParseFile((dir.path() / "opencode-missing.db").string());
  EXPECT_TRUE(missing.records.empty());
  EXPECT_EQ(missing.malformed.size(), 1u);
}

TEST(OpencodeShared, TokscaleSyntheticLegacyMessage) {
  std::string path =
      kShared + "/opencode/tokscale-synthetic/storage/message/test-project/msg_test001.json";
  if (!fs::exists(path)) GTEST_SKIP() << "../shared fixtures absent: " << path;
  ParseOutput out = ParseFile(path);
  EXPECT_TRUE(out.malformed.empty());
  ASSERT_EQ(out.records.size(), 1u);
  const UsageRecord& r = out.records[0];
  EXPECT_EQ(r.dedupe_key, "opencode:msg_test001");
  EXPECT_EQ(r.session_id, "ses_test001");
  EXPECT_EQ(r.ts_ms, 1733011200000);
  EXPECT_EQ(r.model, "claude-3-5-sonnet-20241022");
  EXPECT_EQ(r.provider, "anthropic");
  EXPECT_EQ(r.tokens, Tokens(1000, 200, 100, 500, 0));
  EXPECT_EQ(r.recorded_cost_nanos, std::nullopt);  // no cost field
  EXPECT_FALSE(r.sidechain);
}

}  // namespace
}  // namespace receipts::sources::opencode
