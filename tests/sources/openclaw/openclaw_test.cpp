// OpenClaw and pi sources: roots, discovery (legacy roots, archives), the shared parser on our
// own fixtures (tests/fixtures/{openclaw,pi}) and on the real pi transcript read in place from
// ../shared. Never reads the real home directory.
#include <gtest/gtest.h>

#include <algorithm>

#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "sources/openclaw/openclaw_source.h"

namespace receipts::sources::openclaw {
namespace {
namespace fs = std::filesystem;

const std::string kFixtures = RECEIPTS_TEST_FIXTURES;
const std::string kOpenClawSession = "5b1c7e2a-3d4f-4a6b-9c8d-0e1f2a3b4c5d";
const std::string kOpenClawFile =
    kFixtures + "/openclaw/agents/main/sessions/" + kOpenClawSession + ".jsonl";
const std::string kOpenClawReset = kOpenClawFile + ".reset.2026-02-10T10-00-00.000Z";
const std::string kPiDir = kFixtures + "/pi/sessions/--work-demo--";
const std::string kPiFile =
    kPiDir + "/2026-02-11T08-00-00-000Z_7d9e1f20-1111-4222-8333-944455556666.jsonl";
const std::string kPiBranch =
    kPiDir + "/2026-02-11T09-00-00-000Z_aa11bb22-5555-4666-8777-988899990000.jsonl";

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Parses bytes [from, to) of `text` as a source would see them (padded).
ParseOutput ParseRange(const Source& src, const std::string& path, const std::string& text,
                       size_t from, size_t to, std::string_view state = "") {
  std::string buf = text.substr(from, to - from);
  buf.append(kParsePadding, '\0');
  return src.Parse(path, std::string_view(buf.data(), to - from), from, state);
}

ParseOutput ParseFile(const Source& src, const std::string& path) {
  std::string text = ReadFile(path);
  return ParseRange(src, path, text, 0, text.size());
}

void Touch(const fs::path& p) {
  fs::create_directories(p.parent_path());
  std::ofstream(p) << "\n";
}

class TempDir {
 public:
  explicit TempDir(const std::string& name) : path_(fs::temp_directory_path() / name) {
    fs::remove_all(path_);
    fs::create_directories(path_);
  }
  ~TempDir() { fs::remove_all(path_); }
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

// ---- roots and discovery ---------------------------------------------------------------------

TEST(OpenClawRoots, EnvListElseHomeAndLegacyDirs) {
  OpenClawSource src;
  Environment env;
  env.home = "/h";
  EXPECT_EQ(src.Roots(env), (std::vector<std::string>{"/h/.openclaw", "/h/.clawdbot", "/h/.moltbot",
                                                      "/h/.moldbot"}));
  env.vars["OPENCLAW_DIR"] = " /a, /b ,,/a";
  EXPECT_EQ(src.Roots(env), (std::vector<std::string>{"/a", "/b"}));
  EXPECT_EQ(src.name(), "openclaw");
}

TEST(PiRoots, EnvElseHome) {
  PiSource src;
  Environment env;
  env.home = "/h";
  EXPECT_EQ(src.Roots(env), (std::vector<std::string>{"/h/.pi/agent"}));
  env.vars["PI_AGENT_DIR"] = "/p";
  EXPECT_EQ(src.Roots(env), (std::vector<std::string>{"/p"}));
  EXPECT_EQ(src.name(), "pi");
  EXPECT_EQ(src.read_mode("x.jsonl"), ReadMode::kAppend);
}

TEST(OpenClawDiscover, LegacyRootsAndArchives) {
  TempDir tmp("receipts-openclaw-discover");
  const fs::path& home = tmp.path();
  std::vector<std::string> want = {
      ".openclaw/agents/main/sessions/s1.jsonl",
      ".openclaw/agents/main/sessions/s1.jsonl.reset.2026-03-20T06-34-44.520Z",
      ".openclaw/agents/main/sessions/s0.jsonl.deleted.1700000000000",
      ".openclaw/agents/coder/sessions/s2.jsonl",
      ".clawdbot/agents/main/sessions/s3.jsonl",
      ".moltbot/agents/main/sessions/s4.jsonl",
      ".moldbot/agents/main/sessions/s5.jsonl",
  };
  for (const auto& f : want) Touch(home / f);
  // Not transcripts: the session index, other suffixes, files outside agents/*/sessions/.
  for (const char* f : {".openclaw/agents/main/sessions/sessions.json",
                        ".openclaw/agents/main/sessions/s1.jsonl.bak",
                        ".openclaw/agents/main/sessions/.jsonl", ".openclaw/agents/main/s9.jsonl",
                        ".openclaw/s9.jsonl", ".openclaw/agents/main/sessions/sub/s8.jsonl"}) {
    Touch(home / f);
  }
  OpenClawSource src;
  Environment env;
  env.home = home.string();
  auto roots = src.Roots(env);
  roots.push_back(roots.front());  // a root listed twice is read once
  std::vector<std::string> got;
  auto found = src.Discover(roots);
  for (const auto& f : found) got.push_back(fs::relative(f.path, home).string());
  std::sort(want.begin(), want.end());
  EXPECT_EQ(got, want);
  // Discovery lists only each root's agents/ (a scan skips it while nothing there changed; the
  // workspace, memory and config beside it change all the time).
  auto watched = src.WatchedDirs(src.Roots(env));
  ASSERT_EQ(watched.size(), src.Roots(env).size());
  for (size_t i = 0; i < watched.size(); ++i) EXPECT_EQ(watched[i], src.Roots(env)[i] + "/agents");
  for (const auto& f : found) {
    EXPECT_TRUE(std::any_of(watched.begin(), watched.end(),
                            [&](const std::string& d) { return f.path.rfind(d + "/", 0) == 0; }))
        << f.path;
  }
}

TEST(PiDiscover, SessionsAtAnyDepth) {
  TempDir tmp("receipts-pi-discover");
  Touch(tmp.path() / "sessions/--w-a--/2026-01-01T00-00-00-000Z_u1.jsonl");
  Touch(tmp.path() / "sessions/u2.jsonl");
  Touch(tmp.path() / "sessions/--w-a--/notes.txt");
  Touch(tmp.path() / "settings.jsonl");
  PiSource src;
  std::vector<std::string> got;
  for (const auto& f : src.Discover({tmp.path().string()})) {
    got.push_back(fs::relative(f.path, tmp.path()).string());
    EXPECT_EQ(f.root, tmp.path().string());
  }
  EXPECT_EQ(got, (std::vector<std::string>{"sessions/--w-a--/2026-01-01T00-00-00-000Z_u1.jsonl",
                                           "sessions/u2.jsonl"}));
  EXPECT_EQ(src.WatchedDirs({tmp.path().string()}),
            (std::vector<std::string>{(tmp.path() / "sessions").string()}));
}

TEST(OpenClawDiscover, FixtureTree) {
  OpenClawSource src;
  auto files = src.Discover({kFixtures + "/openclaw"});
  ASSERT_EQ(files.size(), 2u);
  EXPECT_EQ(files[0].path, kOpenClawFile);
  EXPECT_EQ(files[1].path, kOpenClawReset);
}

TEST(OpenClawIdentity, SessionIdFromFileName) {
  EXPECT_EQ(SessionIdFromPath(Flavor::kOpenClaw, "/r/agents/main/sessions/abc.jsonl"), "abc");
  EXPECT_EQ(SessionIdFromPath(Flavor::kOpenClaw, "/r/abc.jsonl.reset.2026-03-20T06-34-44.520Z"),
            "abc");
  EXPECT_EQ(SessionIdFromPath(Flavor::kOpenClaw, "/r/abc.jsonl.deleted.1700000000000"), "abc");
  EXPECT_EQ(SessionIdFromPath(Flavor::kPi, "/s/--w--/2025-11-20T23-33-50-805Z_d703a1a9.jsonl"),
            "d703a1a9");
  EXPECT_EQ(SessionIdFromPath(Flavor::kPi, "/s/large-session.jsonl"), "large-session");
  EXPECT_TRUE(IsOpenClawSessionFileName("a.jsonl.deleted.1"));
  EXPECT_FALSE(IsOpenClawSessionFileName("a.jsonl.deleted."));
  EXPECT_FALSE(IsOpenClawSessionFileName("a.json"));
}

// ---- our OpenClaw fixture ----------------------------------------------------------------------

TEST(OpenClawParse, FixtureRecords) {
  OpenClawSource src;
  std::string text = ReadFile(kOpenClawFile);
  ParseOutput out = ParseFile(src, kOpenClawFile);
  const std::string turn1 = kOpenClawSession + ":e0000002";
  const std::string turn2 = kOpenClawSession + ":e0000009";

  // Usage: e0000003 (cost.total 0), e0000005 (positive cost), e000000b (error turn with tokens),
  // e000000e (negative cost, line timestamp). Skipped: the gateway-injected message, the
  // zero-usage 429 turn, the malformed line.
  ASSERT_EQ(out.records.size(), 4u);
  const UsageRecord& a1 = out.records[0];
  EXPECT_EQ(a1.dedupe_key, "openclaw:e0000003@1770714002000");
  EXPECT_EQ(a1.ts_ms, 1770714002000);  // message.timestamp
  EXPECT_EQ(a1.session_id, kOpenClawSession);
  EXPECT_EQ(a1.project, "/work/demo");
  EXPECT_EQ(a1.model, "claude-sonnet-4-5");  // from model_change
  EXPECT_EQ(a1.provider, "anthropic");
  EXPECT_EQ(a1.turn_id, turn1);
  EXPECT_EQ(a1.tokens,
            (TokenCounts{.input = 10, .output = 20, .cache_write_5m = 40, .cache_read = 300}));
  EXPECT_FALSE(a1.recorded_cost_nanos.has_value());  // cost.total 0 → priced
  EXPECT_EQ(a1.offset, text.find(R"({"type":"message","id":"e0000003")"));

  const UsageRecord& a2 = out.records[1];
  EXPECT_EQ(a2.dedupe_key, "openclaw:e0000005@1770714004000");
  EXPECT_EQ(a2.tokens, (TokenCounts{.input = 5, .output = 7, .cache_read = 1000}));
  ASSERT_TRUE(a2.recorded_cost_nanos.has_value());
  EXPECT_EQ(*a2.recorded_cost_nanos, 12345679);  // 0.0123456789 USD

  const UsageRecord& a4 = out.records[2];
  EXPECT_EQ(a4.dedupe_key, "openclaw:e000000b@1770714012000");
  EXPECT_EQ(a4.model, "gpt-5.2");  // from the model-snapshot
  EXPECT_EQ(a4.provider, "openai");
  EXPECT_EQ(a4.turn_id, turn2);
  EXPECT_EQ(a4.tokens, (TokenCounts{.input = 100, .output = 50}));
  EXPECT_FALSE(a4.recorded_cost_nanos.has_value());

  const UsageRecord& a5 = out.records[3];
  EXPECT_EQ(a5.ts_ms, 1770714020500);  // no message.timestamp: the line's ISO time
  EXPECT_EQ(a5.tokens, (TokenCounts{.input = 8, .output = 9, .cache_read = 64}));
  EXPECT_FALSE(a5.recorded_cost_nanos.has_value());  // negative total = unknown

  EXPECT_EQ(out.usage_lines, 4);
  EXPECT_EQ(out.first_ts_ms, 1770714000000);  // the header's start, not the first call
  EXPECT_EQ(out.lines, 15);
  EXPECT_EQ(out.consumed_to, text.size());

  ASSERT_EQ(out.malformed.size(), 1u);
  EXPECT_EQ(out.malformed[0].offset, text.find(R"({"type":"message","id":"e000000d")"));

  ASSERT_EQ(out.prompts.size(), 2u);
  EXPECT_EQ(out.prompts[0].turn_id, turn1);
  EXPECT_EQ(out.prompts[0].text, "Fix the build\nplease");
  EXPECT_EQ(out.prompts[0].ts_ms, 1770714001000);
  EXPECT_EQ(out.prompts[0].project, "/work/demo");
  EXPECT_EQ(out.prompts[1].turn_id, turn2);
  EXPECT_EQ(out.prompts[1].text, "Try again");

  ASSERT_EQ(out.tool_calls.size(), 3u);
  EXPECT_EQ(out.tool_calls[0].tool_use_id, "toolu_01");
  EXPECT_EQ(out.tool_calls[0].name, "read");
  EXPECT_EQ(out.tool_calls[0].target, "src/main.cpp");
  EXPECT_EQ(out.tool_calls[0].input_bytes, 23);  // {"path":"src/main.cpp"}
  EXPECT_EQ(out.tool_calls[0].call_key, a1.dedupe_key);
  EXPECT_EQ(out.tool_calls[0].turn_id, turn1);
  EXPECT_EQ(out.tool_calls[1].tool_use_id, "toolu_02");
  EXPECT_EQ(out.tool_calls[1].target, "make");
  EXPECT_EQ(out.tool_calls[2].name, "bashExecution");
  EXPECT_EQ(out.tool_calls[2].target, "git status");
  EXPECT_EQ(out.tool_calls[2].turn_id, turn2);

  ASSERT_EQ(out.tool_results.size(), 3u);
  EXPECT_EQ(out.tool_results[0].tool_use_id, "toolu_01");
  EXPECT_EQ(out.tool_results[0].result_bytes, 13);
  EXPECT_FALSE(out.tool_results[0].is_error);
  EXPECT_EQ(out.tool_results[0].head, "int main() {}");
  EXPECT_TRUE(out.tool_results[1].is_error);
  EXPECT_EQ(out.tool_results[2].tool_use_id, out.tool_calls[2].tool_use_id);
  EXPECT_TRUE(out.tool_results[2].is_error);  // exit code 128
  EXPECT_EQ(out.tool_results[2].result_bytes, 27);

  ASSERT_EQ(out.errors.size(), 4u);
  EXPECT_EQ(out.errors[0].kind, "tool_error");
  EXPECT_EQ(out.errors[0].tool_use_id, "toolu_02");
  EXPECT_EQ(out.errors[0].message, "make: *** [all] Error 2");
  EXPECT_EQ(out.errors[1].kind, "rate_limit");
  EXPECT_EQ(out.errors[1].message, "429 Too Many Requests: Rate limit reached");
  EXPECT_EQ(out.errors[1].turn_id, turn2);
  EXPECT_EQ(out.errors[1].ts_ms, 1770714011000);
  EXPECT_EQ(out.errors[2].kind, "api_error");
  EXPECT_EQ(out.errors[2].message, "terminated");
  EXPECT_EQ(out.errors[3].kind, "tool_error");

  EXPECT_EQ(
      out.state,
      R"({"v":1,"sid":"5b1c7e2a-3d4f-4a6b-9c8d-0e1f2a3b4c5d","cwd":"/work/demo",)"
      R"("model":"gpt-5.2","provider":"openai","turn":"5b1c7e2a-3d4f-4a6b-9c8d-0e1f2a3b4c5d:e0000009",)"
      R"("start":1770714000000})");
}

TEST(OpenClawParse, ResetArchiveRepeatsTheLiveKeys) {
  OpenClawSource src;
  ParseOutput live = ParseFile(src, kOpenClawFile);
  ParseOutput archive = ParseFile(src, kOpenClawReset);
  ASSERT_EQ(archive.records.size(), 2u);
  for (size_t i = 0; i < archive.records.size(); ++i) {
    EXPECT_EQ(archive.records[i].dedupe_key, live.records[i].dedupe_key);
    EXPECT_EQ(archive.records[i].session_id, live.records[i].session_id);
    EXPECT_EQ(archive.records[i].tokens, live.records[i].tokens);
  }
}

TEST(OpenClawParse, PartialLastLineIsLeftForLater) {
  OpenClawSource src;
  std::string text = ReadFile(kOpenClawFile);
  size_t cut = text.find(R"({"type":"message","id":"e000000e")") + 40;
  ParseOutput out = ParseRange(src, kOpenClawFile, text, 0, cut);
  EXPECT_EQ(out.consumed_to, text.find(R"({"type":"message","id":"e000000e")"));
  EXPECT_EQ(out.records.size(), 3u);
  EXPECT_EQ(out.malformed.size(), 1u);
}

// ---- resume: parse [0,N) then [N,M) with the state == parse [0,M) ----------------------------

std::string Describe(const ParseOutput& o) {
  std::ostringstream s;
  for (const auto& r : o.records) {
    s << "U " << r.dedupe_key << ' ' << r.ts_ms << ' ' << r.session_id << ' ' << r.project << ' '
      << r.model << ' ' << r.provider << ' ' << r.turn_id << ' ' << r.tokens.input << '/'
      << r.tokens.output << '/' << r.tokens.cache_write_5m << '/' << r.tokens.cache_read << ' '
      << (r.recorded_cost_nanos ? std::to_string(*r.recorded_cost_nanos) : "-") << ' ' << r.offset
      << '\n';
  }
  for (const auto& p : o.prompts) {
    s << "P " << p.turn_id << ' ' << p.session_id << ' ' << p.project << ' ' << p.ts_ms << ' '
      << p.text << ' ' << p.offset << '\n';
  }
  for (const auto& c : o.tool_calls) {
    s << "C " << c.tool_use_id << ' ' << c.session_id << ' ' << c.turn_id << ' ' << c.call_key
      << ' ' << c.name << ' ' << c.target << ' ' << c.input_bytes << ' ' << c.offset << '\n';
  }
  for (const auto& r : o.tool_results) {
    s << "R " << r.tool_use_id << ' ' << r.session_id << ' ' << r.result_bytes << ' ' << r.is_error
      << ' ' << r.offset << '\n';
  }
  for (const auto& e : o.errors) {
    s << "E " << e.kind << ' ' << e.session_id << ' ' << e.turn_id << ' ' << e.message << ' '
      << e.offset << '\n';
  }
  for (const auto& m : o.malformed) s << "M " << m.offset << '\n';
  return s.str();
}

void ExpectResumeEqualsFullParse(const Source& src, const std::string& path, size_t stride) {
  std::string text = ReadFile(path);
  ParseOutput full = ParseRange(src, path, text, 0, text.size());
  std::string want = Describe(full);
  std::vector<size_t> cuts;
  for (size_t pos = 0, n = 0; (pos = text.find('\n', pos)) != std::string::npos; ++pos, ++n) {
    if (n % stride == 0) cuts.push_back(pos + 1);
  }
  for (size_t cut : cuts) {
    ParseOutput first = ParseRange(src, path, text, 0, cut);
    ASSERT_EQ(first.consumed_to, cut);
    ParseOutput rest = ParseRange(src, path, text, cut, text.size(), first.state);
    ParseOutput joined = first;
    auto append = [](auto& a, const auto& b) { a.insert(a.end(), b.begin(), b.end()); };
    append(joined.records, rest.records);
    append(joined.prompts, rest.prompts);
    append(joined.tool_calls, rest.tool_calls);
    append(joined.tool_results, rest.tool_results);
    append(joined.errors, rest.errors);
    append(joined.malformed, rest.malformed);
    EXPECT_EQ(Describe(joined), want) << "cut at " << cut;
    EXPECT_EQ(rest.state, full.state) << "cut at " << cut;
    EXPECT_EQ(first.lines + rest.lines, full.lines);
  }
}

TEST(OpenClawParse, StateKeepsOddCharacters) {
  OpenClawSource src;
  std::string text =
      R"({"type":"session","id":"s\"1","cwd":"C:\\work\\a \"b\"\n\t\u00e9"})"
      "\n"
      R"({"type":"message","id":"x1","message":{"role":"assistant","model":"m","usage":{"input":1},"timestamp":1770714002000}})"
      "\n";
  size_t cut = text.find('\n') + 1;
  ParseOutput head = ParseRange(src, "/r/s.jsonl", text, 0, cut);
  ParseOutput tail = ParseRange(src, "/r/s.jsonl", text, cut, text.size(), head.state);
  ASSERT_EQ(tail.records.size(), 1u);
  EXPECT_EQ(tail.records[0].session_id, "s\"1");
  EXPECT_EQ(tail.records[0].project, "C:\\work\\a \"b\"\n\t\xC3\xA9");
  // Without the state the header is unknown: the file name names the session.
  ParseOutput cold = ParseRange(src, "/r/s.jsonl", text, cut, text.size());
  EXPECT_EQ(cold.records[0].session_id, "s");
  EXPECT_EQ(cold.records[0].project, "");
}

TEST(OpenClawParse, ResumeWithStateEqualsFullParse) {
  ExpectResumeEqualsFullParse(OpenClawSource(), kOpenClawFile, 1);
  ExpectResumeEqualsFullParse(PiSource(), kPiFile, 1);
}

// ---- our pi fixtures: header model, branch copies ----------------------------------------------

TEST(PiParse, HeaderModelAndBranchCopiesShareKeys) {
  PiSource src;
  ParseOutput orig = ParseFile(src, kPiFile);
  ASSERT_EQ(orig.records.size(), 2u);
  const UsageRecord& r0 = orig.records[0];
  EXPECT_EQ(r0.session_id, "7d9e1f20-1111-4222-8333-944455556666");
  EXPECT_EQ(r0.model, "claude-sonnet-4-5");  // no message.model: the header's modelId
  EXPECT_EQ(r0.provider, "anthropic");
  EXPECT_EQ(r0.dedupe_key, "pi:~1770796802000:claude-sonnet-4-5:3:100:2000:0:9009000");
  EXPECT_EQ(r0.turn_id, "7d9e1f20-1111-4222-8333-944455556666:@1770796801000");
  EXPECT_EQ(*r0.recorded_cost_nanos, 9009000);
  EXPECT_EQ(orig.records[1].recorded_cost_nanos, 3000000);
  ASSERT_EQ(orig.tool_calls.size(), 1u);
  EXPECT_EQ(orig.tool_calls[0].target, "ctest");

  // The branch (header `branchedFrom`) re-writes the first exchange with new line timestamps
  // but the same message: its call collapses with the original's in the ingest merge.
  ParseOutput branch = ParseFile(src, kPiBranch);
  ASSERT_EQ(branch.records.size(), 2u);
  EXPECT_EQ(branch.records[0].session_id, "aa11bb22-5555-4666-8777-988899990000");
  EXPECT_EQ(branch.records[0].dedupe_key, r0.dedupe_key);
  EXPECT_EQ(branch.records[0].ts_ms, r0.ts_ms);
  EXPECT_NE(branch.records[1].dedupe_key, orig.records[1].dedupe_key);
}

// A branch file's copies carry the original's timestamps, so the earliest record of both files
// is the same instant; the session start (header) ranks the original first in the ingest merge,
// also when the branch is resumed past its header. Found by the generated pi corpus
// (AgentsPiOpenCodeTruth.PiFilesGrowingBetweenScansStayExact): a copy read before its original
// kept the branch's session.
TEST(PiParse, BranchFileRanksAfterItsOriginalBySessionStart) {
  PiSource src;
  ParseOutput orig = ParseFile(src, kPiFile);
  ParseOutput branch = ParseFile(src, kPiBranch);
  ASSERT_FALSE(orig.records.empty());
  ASSERT_FALSE(branch.records.empty());
  EXPECT_EQ(branch.records[0].ts_ms, orig.records[0].ts_ms);
  EXPECT_EQ(orig.first_ts_ms, 1770796800000);    // 2026-02-11T08:00:00.000Z
  EXPECT_EQ(branch.first_ts_ms, 1770800400000);  // 2026-02-11T09:00:00.000Z
  EXPECT_LT(branch.records[0].ts_ms, branch.first_ts_ms);

  std::string text = ReadFile(kPiBranch);
  size_t cut = text.find('\n') + 1;  // just past the header
  ParseOutput head = ParseRange(src, kPiBranch, text, 0, cut);
  ParseOutput rest = ParseRange(src, kPiBranch, text, cut, text.size(), head.state);
  EXPECT_EQ(rest.first_ts_ms, branch.first_ts_ms);
  ASSERT_FALSE(rest.records.empty());

  // Nothing read: no start. A file without a header falls back to its earliest record.
  EXPECT_EQ(ParseRange(src, kPiBranch, text, 0, 0).first_ts_ms, 0);
  std::string no_header = ReadFile(kPiFile);
  no_header.erase(0, no_header.find('\n') + 1);
  ParseOutput bare = ParseRange(src, kPiFile, no_header, 0, no_header.size());
  ASSERT_FALSE(bare.records.empty());
  EXPECT_EQ(bare.first_ts_ms, bare.records[0].ts_ms);
}

// ---- the real pi transcript (badlogic/pi-mono large-session.jsonl) ----------------------------

TEST(PiParse, RealLargeSession) {
  const std::string path =
      std::string(RECEIPTS_SHARED_FIXTURES) + "/pi/pi-mono/large-session.jsonl";
  if (!fs::exists(path)) GTEST_SKIP() << "shared fixtures absent: " << path;
  PiSource src;
  ParseOutput out = ParseFile(src, path);
  // Expected numbers from an independent python3 one-off (json module): assistant `message`
  // lines with a usage object, skipping the 14 whose four token counts are all 0 (13 aborted
  // claude-sonnet-4-5 turns and the one gpt-5.1-codex turn, also aborted); token sums over the
  // rest; cost = Σ round(usage.cost.total × 1e9) over totals > 0 (all 439 are > 0).
  ASSERT_EQ(out.records.size(), 439u);
  TokenCounts sum;
  int64_t cost_nanos = 0;
  int64_t with_cost = 0;
  std::set<std::string> models, keys;
  for (const auto& r : out.records) {
    sum.input += r.tokens.input;
    sum.output += r.tokens.output;
    sum.cache_read += r.tokens.cache_read;
    sum.cache_write_5m += r.tokens.cache_write_5m;
    sum.cache_write_1h += r.tokens.cache_write_1h;
    if (r.recorded_cost_nanos) {
      cost_nanos += *r.recorded_cost_nanos;
      with_cost++;
    }
    models.insert(r.model);
    keys.insert(r.dedupe_key);
    EXPECT_EQ(r.session_id, "d703a1a9-1b7b-4fb1-b512-c9738b1fe617");
    EXPECT_EQ(r.project, "/Users/badlogic/workspaces/pi-mono");
    EXPECT_EQ(r.provider, "anthropic");
  }
  EXPECT_EQ(sum.input, 1049);
  EXPECT_EQ(sum.output, 83156);
  EXPECT_EQ(sum.cache_read, 43229469);
  EXPECT_EQ(sum.cache_write_5m, 4296232);
  EXPECT_EQ(sum.cache_write_1h, 0);
  EXPECT_EQ(sum.total(), 47609906);
  EXPECT_EQ(with_cost, 439);
  EXPECT_EQ(cost_nanos, 30330197700);  // $30.3301977 as recorded by pi
  // gpt-5.1-codex appears only on the zero-usage aborted first turn, which is skipped.
  EXPECT_EQ(models, (std::set<std::string>{"claude-sonnet-4-5"}));
  EXPECT_EQ(keys.size(), 439u);  // synthetic keys (no entry ids in this older file) are unique
  EXPECT_EQ(out.lines, 1019);
  EXPECT_TRUE(out.malformed.empty());
  EXPECT_EQ(out.prompts.size(), 88u);
  EXPECT_EQ(out.prompts[1].text.substr(0, 30), "read packages/coding-agent/doc");
  EXPECT_EQ(out.tool_calls.size(), 391u);
  EXPECT_EQ(out.tool_results.size(), 373u);
  std::map<std::string, int> kinds;
  for (const auto& e : out.errors) kinds[e.kind]++;
  EXPECT_EQ(kinds, (std::map<std::string, int>{{"api_error", 1}, {"tool_error", 19}}));
  EXPECT_EQ(
      out.state.find(R"("model":"claude-sonnet-4-5","provider":"anthropic")") != std::string::npos,
      true);
  ExpectResumeEqualsFullParse(src, path, 97);
}

}  // namespace
}  // namespace receipts::sources::openclaw
