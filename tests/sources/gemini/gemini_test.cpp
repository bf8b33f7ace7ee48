// Gemini CLI source: roots, discovery, legacy documents, JSONL re-appends (last wins), rewinds,
// $set, subagents, tool calls, errors, malformed lines and resume state. Fixtures are read in
// place from tests/fixtures/gemini and ../shared (never the real home directory).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "sources/gemini/gemini_source.h"

namespace receipts::sources::gemini {
namespace {
namespace fs = std::filesystem;

const std::string kFixtures = std::string(RECEIPTS_TEST_FIXTURES) + "/gemini";
const std::string kShared = RECEIPTS_SHARED_FIXTURES;
const std::string kMainSession = "22222222-1111-4111-8111-000000000001";
const std::string kSubSession = "33333333-2222-4222-8222-000000000002";
const std::string kJsonl = kFixtures + "/tmp/proj-a/chats/session-2026-01-06T09-00-22222222.jsonl";
const std::string kLegacy = kFixtures + "/tmp/proj-a/chats/session-2026-01-05T10-00-11111111.json";
const std::string kSub =
    kFixtures + "/tmp/proj-a/chats/" + kMainSession + "/" + kSubSession + ".jsonl";

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Parses `data` as the source would get it: followed by kParsePadding zero bytes.
ParseOutput ParseBytes(const std::string& path, const std::string& data, uint64_t base = 0,
                       std::string_view state = "") {
  std::string buf = data;
  buf.append(kParsePadding, '\0');
  return GeminiSource().Parse(path, std::string_view(buf.data(), data.size()), base, state);
}

ParseOutput ParseFile(const std::string& path) { return ParseBytes(path, ReadFile(path)); }

TokenCounts Tokens(int64_t input, int64_t cache_read, int64_t output, int64_t reasoning) {
  TokenCounts t;
  t.input = input;
  t.cache_read = cache_read;
  t.output = output;
  t.reasoning = reasoning;
  return t;
}

const UsageRecord* Find(const ParseOutput& out, const std::string& key) {
  for (const auto& r : out.records) {
    if (r.dedupe_key == key) return &r;
  }
  return nullptr;
}

// The ingest's merge: per-field max of every copy with the same key.
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

TEST(GeminiRoots, DataDirCommaListElseHome) {
  GeminiSource src;
  Environment env;
  env.home = "/h";
  EXPECT_EQ(src.Roots(env), (std::vector<std::string>{"/h/.gemini/tmp"}));
  env.vars["GEMINI_DATA_DIR"] = " /a, /b ,,/a";
  EXPECT_EQ(src.Roots(env), (std::vector<std::string>{"/a", "/b"}));
  Environment nohome;
  EXPECT_TRUE(src.Roots(nohome).empty());
}

TEST(GeminiDiscover, SessionsLegacyAndSubagentsUnderEveryRoot) {
  GeminiSource src;
  Environment env;
  env.home = "/nonexistent-home";
  env.vars["GEMINI_DATA_DIR"] = kFixtures + "/tmp," + kFixtures + "/tmp2," + kFixtures + "/tmp";
  auto files = src.Discover(src.Roots(env));
  std::vector<std::string> got;
  for (const auto& f : files) got.push_back(fs::relative(f.path, kFixtures).string());
  EXPECT_EQ(got, (std::vector<std::string>{
                     "tmp/proj-a/chats/" + kMainSession + "/" + kSubSession + ".jsonl",
                     "tmp/proj-a/chats/session-2026-01-05T10-00-11111111.json",
                     "tmp/proj-a/chats/session-2026-01-06T09-00-22222222.jsonl",
                     "tmp2/proj-b/chats/session-2026-01-07T08-00-44444444.jsonl"}));
  EXPECT_EQ(src.read_mode(kLegacy), ReadMode::kWhole);
  EXPECT_EQ(src.read_mode(kJsonl), ReadMode::kAppend);
  EXPECT_EQ(src.read_mode(kSub), ReadMode::kAppend);
}

TEST(GeminiIdentity, PathLayouts) {
  PathIdentity main = IdentityFromPath("/r/p/chats/session-2026-01-06T09-00-22222222.jsonl");
  EXPECT_EQ(main.session_id, "");
  EXPECT_EQ(main.parent_session_id, "");
  EXPECT_EQ(main.project_dir, "/r/p");
  PathIdentity sub = IdentityFromPath("/r/p/chats/parent-1/child-2.jsonl");
  EXPECT_EQ(sub.session_id, "child-2");
  EXPECT_EQ(sub.parent_session_id, "parent-1");
  EXPECT_EQ(sub.project_dir, "/r/p");
}

TEST(GeminiParse, LegacyDocumentIsReadWhole) {
  ParseOutput out = ParseFile(kLegacy);
  EXPECT_TRUE(out.malformed.empty());
  EXPECT_EQ(out.consumed_to, ReadFile(kLegacy).size());
  EXPECT_EQ(out.state, "");
  ASSERT_EQ(out.records.size(), 1u);  // lg2 has tokens:null
  const UsageRecord& r = out.records[0];
  EXPECT_EQ(r.dedupe_key, "gemini:11111111-0000-4000-8000-000000000001:lg1");
  EXPECT_EQ(r.session_id, "11111111-0000-4000-8000-000000000001");
  EXPECT_EQ(r.project, "/work/alpha");  // from .project_root
  EXPECT_EQ(r.model, "gemini-2.5-pro");
  EXPECT_EQ(r.provider, "google");
  EXPECT_EQ(r.turn_id, "lu1");
  EXPECT_EQ(r.ts_ms, 1767607202000);  // 2026-01-05T10:00:02Z
  // input 800 − cached 200 + tool 5; output 40 + thoughts 10.
  EXPECT_EQ(r.tokens, Tokens(605, 200, 50, 10));
  ASSERT_EQ(out.prompts.size(), 1u);
  EXPECT_EQ(out.prompts[0].text, "explain the build");
  EXPECT_EQ(out.lines, 3);
}

TEST(GeminiParse, LegacyDocumentTruncatedMidRewriteIsMalformedNotFatal) {
  std::string data = ReadFile(kLegacy);
  ParseOutput out = ParseBytes(kLegacy, data.substr(0, data.size() / 2));
  EXPECT_TRUE(out.records.empty());
  ASSERT_EQ(out.malformed.size(), 1u);
}

TEST(GeminiParse, JsonlLastVersionPerIdRewindStillCountedSetMessagesIgnored) {
  std::string data = ReadFile(kJsonl);
  ParseOutput out = ParseBytes(kJsonl, data);
  // The partial last line (g6) is left for the next scan.
  EXPECT_EQ(out.consumed_to, data.rfind('\n') + 1);
  EXPECT_EQ(out.lines, 15);
  ASSERT_EQ(out.malformed.size(), 1u);
  EXPECT_EQ(out.malformed[0].offset, data.find("{\"id\":\"broken\""));

  ASSERT_EQ(out.records.size(), 4u);  // g1 g2 g3 g5: one per id; not "only-in-set"
  EXPECT_EQ(out.usage_lines, 4);
  const std::string prefix = "gemini:" + kMainSession + ":";
  const UsageRecord* g1 = Find(out, prefix + "g1");
  const UsageRecord* g2 = Find(out, prefix + "g2");
  const UsageRecord* g3 = Find(out, prefix + "g3");
  const UsageRecord* g5 = Find(out, prefix + "g5");
  ASSERT_TRUE(g1 && g2 && g3 && g5);
  EXPECT_EQ(g1->tokens, Tokens(600, 400, 80, 30));
  EXPECT_EQ(g2->tokens, Tokens(2020, 0, 100, 0));
  EXPECT_EQ(g3->tokens, Tokens(2000, 1000, 15, 5));  // rewound, still billed
  EXPECT_EQ(g5->tokens, Tokens(500, 0, 20, 0));      // {input, output, cached} only
  EXPECT_EQ(g1->turn_id, "u1");
  EXPECT_EQ(g2->turn_id, "u1");
  EXPECT_EQ(g3->turn_id, "u2");
  EXPECT_EQ(g5->turn_id, "u3");
  EXPECT_EQ(g3->model, "gemini-2.5-flash");
  // The offset is that of a version carrying the tokens.
  EXPECT_NE(data.substr(g1->offset, 300).find("\"tokens\":{\"input\":1000"), std::string::npos);
  for (const auto& r : out.records) {
    EXPECT_EQ(r.session_id, kMainSession);
    EXPECT_EQ(r.project, "/work/alpha");
    EXPECT_FALSE(r.sidechain);
    EXPECT_EQ(r.subagent_id, "");
  }
  EXPECT_EQ(out.first_ts_ms, 1767690002000);  // g1, 2026-01-06T09:00:02Z

  ASSERT_EQ(out.prompts.size(), 3u);
  EXPECT_EQ(out.prompts[0].turn_id, "u1");
  EXPECT_EQ(out.prompts[0].text, "fix the bug in main.cc");
  EXPECT_EQ(out.prompts[2].turn_id, "u3");
  EXPECT_EQ(out.prompts[2].text, "refactor utils");  // displayContent preferred

  // The state resumes the session and the current turn.
  EXPECT_EQ(out.state,
            "{\"v\":1,\"session\":\"" + kMainSession + "\",\"turn\":\"u3\",\"dir\":\"\"}");
}

TEST(GeminiParse, ToolCallsResultsAndErrors) {
  ParseOutput out = ParseFile(kJsonl);
  ASSERT_EQ(out.tool_calls.size(), 3u);
  const auto& read = out.tool_calls[0];
  EXPECT_EQ(read.tool_use_id, "call-read-1");
  EXPECT_EQ(read.name, "read_file");
  EXPECT_EQ(read.target, "/work/alpha/main.cc");
  EXPECT_EQ(read.call_key, "gemini:" + kMainSession + ":g1");
  EXPECT_EQ(read.turn_id, "u1");
  EXPECT_EQ(read.input_bytes,
            static_cast<int64_t>(std::string(R"({"absolute_path":"/work/alpha/main.cc"})").size()));
  EXPECT_EQ(read.ts_ms, 1767690003000);
  const auto& sh = out.tool_calls[1];
  EXPECT_EQ(sh.name, "run_shell_command");
  EXPECT_EQ(sh.target, "make test");
  EXPECT_EQ(out.tool_calls[2].name, "codebase_investigator");

  ASSERT_EQ(out.tool_results.size(), 3u);
  EXPECT_EQ(out.tool_results[0].tool_use_id, "call-read-1");
  EXPECT_FALSE(out.tool_results[0].is_error);
  EXPECT_EQ(out.tool_results[0].head, "int main() {}");
  EXPECT_EQ(
      out.tool_results[0].result_bytes,
      static_cast<int64_t>(
          std::string(
              R"([{"functionResponse":{"id":"call-read-1","name":"read_file","response":{"output":"int main() {}"}}}])")
              .size()));
  EXPECT_TRUE(out.tool_results[1].is_error);
  EXPECT_EQ(out.tool_results[1].head, "exit code 2: tests failed");
  EXPECT_EQ(out.tool_results[2].result_bytes, 15);  // "done: 3 modules"

  ASSERT_EQ(out.errors.size(), 2u);
  EXPECT_EQ(out.errors[0].kind, "tool_error");
  EXPECT_EQ(out.errors[0].tool_use_id, "call-sh-1");
  EXPECT_EQ(out.errors[0].message, "exit code 2: tests failed");
  EXPECT_EQ(out.errors[1].kind, "rate_limit");  // mentions quota / 429
  EXPECT_EQ(out.errors[1].turn_id, "u3");
  EXPECT_EQ(out.errors[1].session_id, kMainSession);

  // The parent's tool call that ran a subagent links it.
  ASSERT_EQ(out.subagent_runs.size(), 1u);
  EXPECT_EQ(out.subagent_runs[0].agent_id, kSubSession);
  EXPECT_EQ(out.subagent_runs[0].session_id, kMainSession);
  EXPECT_EQ(out.subagent_runs[0].tool_use_id, "call-agent-1");
  EXPECT_EQ(out.subagent_runs[0].type, "codebase_investigator");
}

TEST(GeminiParse, SubagentSessionBelongsToParent) {
  ParseOutput out = ParseFile(kSub);
  ASSERT_EQ(out.records.size(), 1u);
  const UsageRecord& r = out.records[0];
  EXPECT_EQ(r.dedupe_key, "gemini:" + kSubSession + ":s-g1");
  EXPECT_EQ(r.session_id, kMainSession);
  EXPECT_TRUE(r.sidechain);
  EXPECT_EQ(r.subagent_id, kSubSession);
  EXPECT_EQ(r.turn_id, "s-u1");
  EXPECT_EQ(r.tokens, Tokens(300, 0, 30, 0));
  ASSERT_EQ(out.subagent_runs.size(), 1u);
  EXPECT_EQ(out.subagent_runs[0].agent_id, kSubSession);
  EXPECT_EQ(out.subagent_runs[0].session_id, kMainSession);
  EXPECT_EQ(out.subagent_runs[0].ts_ms, 1767690005500);
  ASSERT_EQ(out.prompts.size(), 1u);
  EXPECT_TRUE(out.prompts[0].sidechain);
  EXPECT_EQ(out.prompts[0].subagent_id, kSubSession);
  ASSERT_EQ(out.tool_calls.size(), 1u);
  EXPECT_EQ(out.tool_calls[0].target, "/work/alpha");
  EXPECT_TRUE(out.tool_calls[0].sidechain);
}

TEST(GeminiParse, HeaderDirectoriesAndLenientNumbers) {
  std::string path = kFixtures + "/tmp2/proj-b/chats/session-2026-01-07T08-00-44444444.jsonl";
  ParseOutput out = ParseFile(path);
  ASSERT_EQ(out.records.size(), 1u);
  EXPECT_EQ(out.records[0].project, "/work/beta");  // no .project_root: header directories
  EXPECT_EQ(out.records[0].model, "gemini-3-flash-preview");
  EXPECT_EQ(out.records[0].tokens, Tokens(100, 20, 10, 2));  // "120", 8.0
}

TEST(GeminiParse, ResumeWithStateEqualsOneParse) {
  std::string data = ReadFile(kJsonl);
  ParseOutput whole = ParseBytes(kJsonl, data);
  auto want = Merge({whole});
  // Split after every line: the first part then the rest from its checkpoint with its state.
  for (size_t nl = data.find('\n'); nl != std::string::npos; nl = data.find('\n', nl + 1)) {
    std::string head = data.substr(0, nl + 1);
    ParseOutput a = ParseBytes(kJsonl, head);
    ASSERT_EQ(a.consumed_to, head.size());
    ParseOutput b = ParseBytes(kJsonl, data.substr(a.consumed_to), a.consumed_to, a.state);
    EXPECT_EQ(b.consumed_to, whole.consumed_to);
    EXPECT_EQ(Merge({a, b}), want) << "split at " << nl;
    EXPECT_EQ(a.malformed.size() + b.malformed.size(), 1u);
    EXPECT_EQ(a.prompts.size() + b.prompts.size(), 3u);
    // Turns and sessions survive the split.
    for (const auto* part : {&a, &b}) {
      for (const auto& r : part->records) {
        EXPECT_EQ(r.session_id, kMainSession);
        EXPECT_EQ(r.turn_id, Find(whole, r.dedupe_key)->turn_id) << r.dedupe_key;
      }
    }
  }
}

TEST(GeminiParse, ResumeWithoutStateReadsTheHeader) {
  std::string data = ReadFile(kJsonl);
  size_t cut = data.find("{\"id\":\"g2\"");
  ParseOutput b = ParseBytes(kJsonl, data.substr(cut), cut, "");
  ASSERT_NE(Find(b, "gemini:" + kMainSession + ":g2"), nullptr);
}

TEST(GeminiParse, MigratedLegacyFileCollapsesWithItsJsonl) {
  // gemini-cli migrates session-….json to session-….jsonl on resume by re-appending every
  // message: the keys match, so the ingest merge counts each call once.
  std::string doc = ReadFile(kLegacy);
  std::string jsonl =
      R"({"sessionId":"11111111-0000-4000-8000-000000000001","projectHash":"h1","startTime":"2026-01-05T10:00:00.000Z","lastUpdated":"2026-01-05T10:01:00.000Z"})"
      "\n"
      R"({"id":"lu1","timestamp":"2026-01-05T10:00:01.000Z","type":"user","content":[{"text":"explain the build"}]})"
      "\n"
      R"({"id":"lg1","timestamp":"2026-01-05T10:00:02.000Z","type":"gemini","content":"It uses CMake.","tokens":{"input":800,"output":40,"cached":200,"thoughts":10,"tool":5,"total":855},"model":"gemini-2.5-pro"})"
      "\n";
  std::string jsonl_path = kLegacy + "l";
  auto merged = Merge({ParseBytes(kLegacy, doc), ParseBytes(jsonl_path, jsonl)});
  ASSERT_EQ(merged.size(), 1u);
  EXPECT_EQ(merged.begin()->second, Tokens(605, 200, 50, 10));
}

TEST(GeminiParse, JunkNeverAborts) {
  using namespace std::string_literals;
  std::string data =
      "\"massive "
      "error\"\n42\n[1]\n{\"silly\":\"this\"}\n\0\0{\"id\":\"x\",\"timestamp\":\"bad\",\"type\":"
      "\"gemini\",\"tokens\":{\"input\":1}}\n"
      "{\"id\":\"y\",\"timestamp\":\"2026-01-01T00:00:00Z\",\"type\":\"gemini\",\"tokens\":{\"input\":5}}{\"id\":\"z\",\"timestamp\":\"2026-01-01T00:00:01Z\",\"type\":\"gemini\",\"tokens\":{\"output\":7}}\n"s;
  ParseOutput out = ParseBytes("/r/p/chats/session-x.jsonl", data);
  EXPECT_EQ(out.records.size(), 2u);  // y and z recovered from the `}{` join
  // 3 non-object lines + x's timestamp.
  EXPECT_EQ(out.malformed.size(), 4u);
  for (const auto& r : out.records) EXPECT_EQ(r.session_id, "session-x");
}

TEST(GeminiShared, TokenAuditSyntheticLegacySample) {
  std::string path = kShared + "/gemini/token-audit-synthetic/session-sample.json";
  if (!fs::exists(path)) GTEST_SKIP() << "../shared fixtures absent: " << path;
  ParseOutput out = ParseFile(path);
  EXPECT_TRUE(out.malformed.empty());
  ASSERT_EQ(out.records.size(), 2u);
  const UsageRecord* a = Find(out, "gemini:example-session-001:msg-002");
  const UsageRecord* b = Find(out, "gemini:example-session-001:msg-004");
  ASSERT_TRUE(a && b);
  // msg-002: total 825 = 125 + 450 + 200 + 50 (the real convention; cached 0).
  EXPECT_EQ(a->tokens, Tokens(175, 0, 650, 200));
  // msg-004: total 4915 = 890 + 1250 + 2500 + 150 + cached 125, i.e. this synthetic sample adds
  // cached on top of input, so its input is taken as already uncached: 890 + tool 150.
  EXPECT_EQ(b->tokens, Tokens(1040, 125, 3750, 2500));
  EXPECT_EQ(a->model, "gemini-2.5-pro");
  EXPECT_EQ(a->turn_id, "msg-001");
  EXPECT_EQ(b->turn_id, "msg-003");
  EXPECT_EQ(out.prompts.size(), 2u);
  ASSERT_EQ(out.tool_calls.size(), 2u);
  EXPECT_EQ(out.tool_calls[0].name, "mcp__brave-search__brave_web_search");
  EXPECT_EQ(out.tool_calls[0].target, "MCP Model Context Protocol best practices");
  EXPECT_EQ(out.tool_results.size(), 2u);
  EXPECT_EQ(out.tool_results[0].head, "...search results...");
}

}  // namespace
}  // namespace receipts::sources::gemini
