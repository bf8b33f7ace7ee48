// Codex source: roots, discovery, the counting rule on real and hand-written rollouts, events
// beyond usage, and resume-state equivalence (no real home directory involved).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "sources/codex/codex_source.h"
#include "sources/codex/codex_state.h"

namespace receipts::sources::codex {
namespace {
namespace fs = std::filesystem;

const std::string kOurs = std::string(RECEIPTS_TEST_FIXTURES) + "/codex/";
const std::string kShared = std::string(RECEIPTS_SHARED_FIXTURES) + "/codex/";
const std::string kLocalpush = kShared + "localpush-0.104.0-alpha.1/sessions/2026/02/23/";
const std::string kRollout2034 =
    kLocalpush + "rollout-2026-02-23T20-34-25-019c8bfe-ec25-79e0-97d7-bda6a9c575ff.jsonl";
const std::string kRollout1319 =
    kLocalpush + "rollout-2026-02-23T13-19-38-019c8a70-dda7-7f33-98ea-f30553347322.jsonl";
const std::string kCcusageAlpha = kShared + "ccusage-synthetic/session-alpha.jsonl";

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Parses `bytes[begin,end)` of a file as ingest does (padded buffer, absolute offsets).
ParseOutput ParseRange(const std::string& path, const std::string& bytes, size_t begin, size_t end,
                       std::string_view state) {
  std::string buf = bytes.substr(begin, end - begin);
  buf.append(kParsePadding, '\0');
  return CodexSource().Parse(path, std::string_view(buf.data(), end - begin), begin, state);
}

ParseOutput ParseWhole(const std::string& path) {
  std::string bytes = ReadFile(path);
  return ParseRange(path, bytes, 0, bytes.size(), "");
}

#define SKIP_IF_ABSENT(path) \
  if (!fs::exists(path)) GTEST_SKIP() << "shared fixture absent (needs ../shared): " << path

TokenCounts Sum(const ParseOutput& out) {
  TokenCounts t;
  for (const auto& r : out.records) {
    t.input += r.tokens.input;
    t.output += r.tokens.output;
    t.cache_read += r.tokens.cache_read;
    t.cache_write_5m += r.tokens.cache_write_5m;
    t.cache_write_1h += r.tokens.cache_write_1h;
    t.reasoning += r.tokens.reasoning;
  }
  return t;
}

TokenCounts Tokens(int64_t input, int64_t cache_read, int64_t output, int64_t reasoning) {
  TokenCounts t;
  t.input = input;
  t.cache_read = cache_read;
  t.output = output;
  t.reasoning = reasoning;
  return t;
}

// Every event of a parse as one comparable line each (ParseOutput has no operator==).
std::vector<std::string> Digest(const ParseOutput& out) {
  std::vector<std::string> d;
  auto add = [&](std::initializer_list<std::string> parts) {
    std::string s;
    for (const auto& p : parts) s += p + "|";
    d.push_back(s);
  };
  auto n = [](auto v) { return std::to_string(v); };
  for (const auto& r : out.records) {
    add({"usage", r.dedupe_key, n(r.ts_ms), r.session_id, r.project, r.model, r.provider,
         n(r.sidechain), r.subagent_id, r.turn_id, n(r.tokens.input), n(r.tokens.output),
         n(r.tokens.cache_read), n(r.tokens.cache_write_5m), n(r.tokens.reasoning), n(r.offset)});
  }
  for (const auto& p : out.prompts) {
    add({"prompt", p.turn_id, p.session_id, p.project, n(p.ts_ms), p.text, n(p.sidechain),
         p.subagent_id, n(p.offset)});
  }
  for (const auto& c : out.tool_calls) {
    add({"call", c.tool_use_id, c.session_id, c.turn_id, n(c.ts_ms), c.name, c.target,
         n(c.input_bytes), n(c.sidechain), c.subagent_id, n(c.offset)});
  }
  for (const auto& r : out.tool_results) {
    add({"result", r.tool_use_id, r.session_id, n(r.ts_ms), n(r.result_bytes), n(r.is_error),
         r.head, n(r.offset)});
  }
  for (const auto& s : out.subagent_runs) {
    add({"run", s.agent_id, s.session_id, s.type, s.description, n(s.ts_ms)});
  }
  for (const auto& e : out.errors) {
    add({"error", e.session_id, e.turn_id, n(e.ts_ms), e.kind, e.message, e.tool_use_id,
         n(e.offset)});
  }
  for (const auto& r : out.rate_limits) {
    add({"limit", r.session_id, n(r.ts_ms), r.limit_id, n(r.window_minutes), n(r.used_percent),
         n(r.resets_at_ms), r.plan});
  }
  for (const auto& m : out.malformed) add({"malformed", n(m.offset), m.reason});
  return d;
}

void Append(ParseOutput& into, const ParseOutput& part) {
  auto cat = [](auto& a, const auto& b) { a.insert(a.end(), b.begin(), b.end()); };
  cat(into.records, part.records);
  cat(into.prompts, part.prompts);
  cat(into.tool_calls, part.tool_calls);
  cat(into.tool_results, part.tool_results);
  cat(into.subagent_runs, part.subagent_runs);
  cat(into.errors, part.errors);
  cat(into.rate_limits, part.rate_limits);
  cat(into.malformed, part.malformed);
}

// ---------------------------------------------------------------------------------------------

TEST(CodexRoots, CodexHomeElseDotCodex) {
  CodexSource src;
  Environment env;
  env.home = "/h";
  EXPECT_EQ(src.Roots(env), (std::vector<std::string>{"/h/.codex"}));
  env.vars["CODEX_HOME"] = "/custom/codex";
  EXPECT_EQ(src.Roots(env), (std::vector<std::string>{"/custom/codex"}));
  EXPECT_EQ(src.name(), "codex");
}

TEST(CodexDiscover, SessionsCopyWinsOverArchived) {
  fs::path root = fs::temp_directory_path() / "receipts-codex-discover-test";
  fs::remove_all(root);
  const std::vector<std::string> files = {
      "sessions/2026/02/23/rollout-2026-02-23T10-00-00-aaaa.jsonl",
      "sessions/rollout-2025-09-01T10-00-00-flat.jsonl",                      // older flat layout
      "sessions/2026/02/23/notes.jsonl",                                      // not a rollout
      "sessions/2026/02/23/rollout-2026-02-23T11-00-00-bbbb.json",            // not JSONL
      "archived_sessions/2026/02/23/rollout-2026-02-23T10-00-00-aaaa.jsonl",  // same rel path
      "archived_sessions/rollout-2025-09-01T10-00-00-flat.jsonl",             // same relative path
      "archived_sessions/rollout-2026-02-23T10-00-00-aaaa.jsonl",  // archived flat, same name
      "archived_sessions/rollout-2026-01-01T10-00-00-cccc.jsonl",  // only archived
      "archived_sessions/2026/01/02/rollout-2026-01-02T10-00-00-dddd.jsonl",
  };
  for (const auto& f : files) {
    fs::create_directories((root / f).parent_path());
    std::ofstream(root / f) << "\n";
  }
  auto found = CodexSource().Discover({root.string(), root.string()});
  std::vector<std::string> got;
  for (const auto& f : found) {
    got.push_back(fs::relative(f.path, root).string());
    EXPECT_EQ(f.root, root.string());
  }
  std::vector<std::string> want = {
      "archived_sessions/2026/01/02/rollout-2026-01-02T10-00-00-dddd.jsonl",
      "archived_sessions/rollout-2026-01-01T10-00-00-cccc.jsonl",
      "sessions/2026/02/23/rollout-2026-02-23T10-00-00-aaaa.jsonl",
      "sessions/rollout-2025-09-01T10-00-00-flat.jsonl",
  };
  EXPECT_EQ(got, want);
  EXPECT_TRUE(CodexSource().Discover({(root / "missing").string()}).empty());
  // Discovery only lists the watched directories (a scan skips it while none changed).
  auto watched = CodexSource().WatchedDirs({root.string()});
  EXPECT_EQ(watched, (std::vector<std::string>{(root / "sessions").string(),
                                               (root / "archived_sessions").string()}));
  for (const auto& f : found) {
    EXPECT_TRUE(f.path.rfind(watched[0] + "/", 0) == 0 || f.path.rfind(watched[1] + "/", 0) == 0)
        << f.path;
  }
  fs::remove_all(root);
}

TEST(CodexIdentity, ThreadIdFromRolloutName) {
  EXPECT_EQ(
      ThreadIdFromPath("/r/sessions/2026/02/23/"
                       "rollout-2026-02-23T20-34-25-019c8bfe-ec25-79e0-97d7-bda6a9c575ff.jsonl"),
      "019c8bfe-ec25-79e0-97d7-bda6a9c575ff");
  EXPECT_EQ(ThreadIdFromPath("/x/session-alpha.jsonl"), "session-alpha");
}

// ---- real fixtures (FORMATS.md §8) ----------------------------------------------------------

TEST(CodexRealFixtures, Localpush2034DeltaOfTotalSkipsRepeats) {
  SKIP_IF_ABSENT(kRollout2034);
  auto out = ParseWhole(kRollout2034);
  EXPECT_TRUE(out.malformed.empty());
  ASSERT_EQ(out.records.size(), 6u);  // 11 token_count with info, 5 re-emit an unchanged total
  TokenCounts sum = Sum(out);
  EXPECT_EQ(sum.input + sum.cache_read, 298373);
  EXPECT_EQ(sum.cache_read, 238848);
  EXPECT_EQ(sum.input, 298373 - 238848);
  EXPECT_EQ(sum.output, 1123);
  EXPECT_EQ(sum.reasoning, 483);
  EXPECT_EQ(sum.cache_write(), 0);
  EXPECT_EQ(sum.total(), 299496);
  // Per call, the delta of the total equals last_token_usage on this file.
  EXPECT_EQ(out.records[0].tokens, Tokens(42772 - 3456, 3456, 204, 124));
  EXPECT_EQ(out.records[5].tokens, Tokens(63441 - 49664, 49664, 286, 96));
  const std::string thread = "019c8bfe-ec25-79e0-97d7-bda6a9c575ff";
  EXPECT_EQ(out.records[0].dedupe_key, "codex:" + thread + ":42976");
  EXPECT_EQ(out.records[5].dedupe_key, "codex:" + thread + ":299496");
  for (const auto& r : out.records) {
    EXPECT_EQ(r.session_id, thread);
    EXPECT_EQ(r.model, "gpt-5.3-codex");
    EXPECT_EQ(r.provider, "openai");
    EXPECT_EQ(r.project, "/redacted/path/ea96e59ed9");
    EXPECT_EQ(r.turn_id, "019c8bfe-ed40-7a21-b57f-6447436c5881");
    EXPECT_FALSE(r.sidechain);
  }
  EXPECT_EQ(out.records[0].ts_ms, 1771875279388);  // 2026-02-23T19:34:39.388Z
  EXPECT_EQ(out.first_ts_ms, 1771875279388);
  EXPECT_EQ(out.usage_lines, 6);
  ASSERT_EQ(out.prompts.size(), 1u);
  EXPECT_EQ(out.prompts[0].turn_id, "019c8bfe-ed40-7a21-b57f-6447436c5881");
  EXPECT_EQ(out.prompts[0].text, "[REDACTED_MESSAGE len=98 sha=c002ff99]");
  EXPECT_EQ(out.tool_calls.size(), 5u);
  EXPECT_EQ(out.tool_calls[0].name, "mcp__cloud-associates__search_workflows");
  EXPECT_EQ(out.tool_calls[0].tool_use_id, "codex:call_OIMY41RetdVChp5U51mMLGOD");
  EXPECT_EQ(out.tool_results.size(), 5u);
  EXPECT_EQ(out.tool_results[0].result_bytes,
            static_cast<int64_t>(std::string("[REDACTED_OUTPUT len=4215 sha=9a9d94de]").size()));
  // 12 token_count events (one info:null), each with primary and secondary windows.
  ASSERT_EQ(out.rate_limits.size(), 24u);
  EXPECT_EQ(out.rate_limits[0].limit_id, "primary");
  EXPECT_EQ(out.rate_limits[0].window_minutes, 300);
  EXPECT_DOUBLE_EQ(out.rate_limits[0].used_percent, 4.0);
  EXPECT_EQ(out.rate_limits[0].resets_at_ms, 1771890497000);
  EXPECT_EQ(out.rate_limits[1].limit_id, "secondary");
  EXPECT_EQ(out.rate_limits[1].window_minutes, 10080);
}

TEST(CodexRealFixtures, Localpush1319SingleTurn) {
  SKIP_IF_ABSENT(kRollout1319);
  auto out = ParseWhole(kRollout1319);
  EXPECT_TRUE(out.malformed.empty());
  ASSERT_EQ(out.records.size(), 1u);
  EXPECT_EQ(out.records[0].tokens, Tokens(34469 - 3456, 3456, 431, 264));
  EXPECT_EQ(out.records[0].tokens.total(), 34900);
  EXPECT_EQ(out.records[0].dedupe_key, "codex:019c8a70-dda7-7f33-98ea-f30553347322:34900");
  EXPECT_EQ(out.records[0].turn_id, "019c8a70-ebe7-7e83-92b2-f77ddd49c5f9");
  EXPECT_EQ(out.rate_limits.size(), 4u);
  ASSERT_EQ(out.tool_calls.size(), 1u);
  EXPECT_EQ(out.tool_calls[0].name, "exec_command");
  EXPECT_EQ(out.tool_calls[0].target, "");  // arguments are redacted in this fixture
}

TEST(CodexRealFixtures, CcusageSyntheticEventModelOverridesTurnContext) {
  SKIP_IF_ABSENT(kCcusageAlpha);
  auto out = ParseWhole(kCcusageAlpha);
  ASSERT_EQ(out.records.size(), 2u);
  EXPECT_EQ(out.records[0].model, "gpt-5.2-codex");
  EXPECT_EQ(out.records[0].tokens, Tokens(750, 250, 125, 75));
  EXPECT_EQ(out.records[1].model, "gpt-5.3-codex");
  EXPECT_EQ(out.records[1].tokens, Tokens(2000, 500, 300, 200));
  EXPECT_EQ(out.records[0].session_id, "session-alpha");  // no session_meta: the file name
  EXPECT_EQ(out.records[1].dedupe_key, "codex:session-alpha:4200");
  // This synthetic file's total_tokens (4,200) adds reasoning on top of output; real Codex
  // totals are input + output with reasoning inside output, which is what we count.
  EXPECT_EQ(Sum(out).total(), 3500 + 425);
}

// ---- our fixtures, one trait each ------------------------------------------------------------

TEST(CodexCounting, UnchangedReemitsAreSkipped) {
  auto out = ParseWhole(kOurs + "unchanged_reemit.jsonl");
  ASSERT_EQ(out.records.size(), 2u);
  EXPECT_EQ(out.records[0].tokens, Tokens(800, 200, 50, 10));
  EXPECT_EQ(out.records[1].tokens, Tokens(500, 1000, 30, 0));
  EXPECT_EQ(out.records[0].dedupe_key, "codex:11111111-0000-7000-8000-000000000001:1050");
  EXPECT_EQ(out.records[1].dedupe_key, "codex:11111111-0000-7000-8000-000000000001:2580");
  EXPECT_EQ(out.records[1].turn_id, "turn-a1");
  EXPECT_EQ(out.records[1].project, "/w/alpha");
  EXPECT_EQ(Sum(out).total(), 2580);
}

TEST(CodexCounting, RegressionIsAResetCountedFromLast) {
  auto out = ParseWhole(kOurs + "regression_reset.jsonl");
  ASSERT_EQ(out.records.size(), 4u);
  EXPECT_EQ(out.records[0].tokens, Tokens(4000, 1000, 100, 20));
  // fill_to_context_window: total becomes {total_tokens: window}, every other field 0.
  EXPECT_EQ(out.records[1].tokens, Tokens(200, 100, 40, 0));
  // Growth from the new baseline counts as a normal delta.
  EXPECT_EQ(out.records[2].tokens, Tokens(300, 300, 60, 0));
  // A second regression (resume): last again.
  EXPECT_EQ(out.records[3].tokens, Tokens(400, 0, 10, 0));
  const std::string k = "codex:22222222-0000-7000-8000-000000000002:";
  EXPECT_EQ(out.records[0].dedupe_key, k + "5100");
  EXPECT_EQ(out.records[1].dedupe_key, k + "r1:258400");
  EXPECT_EQ(out.records[2].dedupe_key, k + "r1:258460");
  EXPECT_EQ(out.records[3].dedupe_key, k + "r2:410");
}

TEST(CodexCounting, ForkReplayBurstSetsBaselineOnly) {
  auto out = ParseWhole(kOurs + "fork_replay.jsonl");
  const std::string child = "33333333-0000-7000-8000-00000000c0de";
  const std::string parent = "33333333-0000-7000-8000-0000000000aa";
  ASSERT_EQ(out.records.size(), 1u);
  const auto& r = out.records[0];
  EXPECT_EQ(r.tokens, Tokens(1000, 4000, 100, 30));
  EXPECT_EQ(r.dedupe_key, "codex:" + child + ":96000");  // own thread: never a parent's key
  EXPECT_EQ(r.session_id, parent);
  EXPECT_TRUE(r.sidechain);
  EXPECT_EQ(r.subagent_id, child);
  EXPECT_EQ(r.model, "gpt-5.4-mini");  // the replayed parent turn_context does not count
  EXPECT_EQ(r.project, "/w/gamma");
  EXPECT_EQ(r.turn_id, "child-turn-1");
  ASSERT_EQ(out.subagent_runs.size(), 1u);
  EXPECT_EQ(out.subagent_runs[0].agent_id, child);
  EXPECT_EQ(out.subagent_runs[0].session_id, parent);
  EXPECT_EQ(out.subagent_runs[0].type, "explorer");
  EXPECT_EQ(out.subagent_runs[0].description, "Hypatia");
  // The parent's copied prompt is not the child's; the child's own task prompt is.
  ASSERT_EQ(out.prompts.size(), 1u);
  EXPECT_EQ(out.prompts[0].text, "explore the parser");
  EXPECT_EQ(out.prompts[0].turn_id, "child-turn-1");
  EXPECT_TRUE(out.prompts[0].sidechain);
  EXPECT_EQ(out.prompts[0].session_id, parent);
}

// A worker spawned without the parent's history: its first snapshot (total == last, seconds
// after the spawn) is its own first call, not a replay.
TEST(CodexCounting, SpawnWithoutReplayCountsFirstCall) {
  auto out = ParseWhole(kOurs + "spawn_no_replay.jsonl");
  ASSERT_EQ(out.records.size(), 2u);
  EXPECT_EQ(out.records[0].tokens, Tokens(500, 0, 50, 0));
  EXPECT_EQ(out.records[1].tokens, Tokens(200, 400, 30, 0));
  EXPECT_EQ(out.records[0].session_id, "aaaaaaaa-0000-7000-8000-0000000000ff");
  EXPECT_EQ(out.records[0].subagent_id, "aaaaaaaa-0000-7000-8000-00000000000a");
  ASSERT_EQ(out.subagent_runs.size(), 1u);
  EXPECT_EQ(out.subagent_runs[0].type, "worker");  // no role or nickname logged
  ASSERT_EQ(out.prompts.size(), 1u);
  EXPECT_TRUE(out.prompts[0].sidechain);
}

TEST(CodexCounting, ModelSwitchViaTurnContext) {
  auto out = ParseWhole(kOurs + "model_switch.jsonl");
  ASSERT_EQ(out.records.size(), 2u);
  EXPECT_EQ(out.records[0].model, "gpt-5.2-codex");
  EXPECT_EQ(out.records[0].turn_id, "turn-d1");
  EXPECT_EQ(out.records[1].model, "gpt-5.5");
  EXPECT_EQ(out.records[1].turn_id, "turn-d2");
  EXPECT_EQ(out.records[1].tokens, Tokens(150, 50, 20, 5));
}

TEST(CodexCounting, NoModelFallsBackToGpt5) {
  auto out = ParseWhole(kOurs + "cached_clamp.jsonl");
  ASSERT_EQ(out.records.size(), 1u);
  EXPECT_EQ(out.records[0].model, "gpt-5");
}

TEST(CodexCounting, CachedAboveInputIsClamped) {
  auto out = ParseWhole(kOurs + "cached_clamp.jsonl");
  ASSERT_EQ(out.records.size(), 1u);
  EXPECT_EQ(out.records[0].tokens, Tokens(0, 100, 10, 0));
}

TEST(CodexCounting, InfoNullCarriesOnlyRateLimits) {
  auto out = ParseWhole(kOurs + "info_null_rate_limits.jsonl");
  ASSERT_EQ(out.records.size(), 1u);
  // Lenient numbers: "200" and 70.0 and null are accepted.
  EXPECT_EQ(out.records[0].tokens, Tokens(500, 200, 70, 0));
  EXPECT_EQ(out.usage_lines, 1);
}

TEST(CodexEvents, RateLimitRecords) {
  auto out = ParseWhole(kOurs + "info_null_rate_limits.jsonl");
  ASSERT_EQ(out.rate_limits.size(), 4u);
  const auto& p = out.rate_limits[0];
  EXPECT_EQ(p.session_id, "66666666-0000-7000-8000-000000000006");
  EXPECT_EQ(p.ts_ms, 1772791202000);  // 2026-03-06T10:00:02Z
  EXPECT_EQ(p.limit_id, "primary");
  EXPECT_EQ(p.window_minutes, 300);
  EXPECT_DOUBLE_EQ(p.used_percent, 19.0);
  EXPECT_EQ(p.resets_at_ms, 1772800000000);
  EXPECT_EQ(p.plan, "plus");
  EXPECT_EQ(out.rate_limits[1].limit_id, "secondary");
  EXPECT_EQ(out.rate_limits[1].window_minutes, 10080);
  EXPECT_DOUBLE_EQ(out.rate_limits[1].used_percent, 6.5);
  EXPECT_EQ(out.rate_limits[1].resets_at_ms, 1773300000000);
  EXPECT_DOUBLE_EQ(out.rate_limits[2].used_percent, 21.5);  // secondary:null is skipped
  EXPECT_EQ(out.rate_limits[3].limit_id, "primary");
  EXPECT_EQ(out.rate_limits[3].resets_at_ms, 1772791206000 + 600000);  // resets_in_seconds
  EXPECT_EQ(out.rate_limits[3].plan, "");
}

TEST(CodexRobustness, MalformedLinesCountedAndSplicesRecovered) {
  std::string path = kOurs + "malformed.jsonl";
  std::string bytes = ReadFile(path);
  auto out = ParseWhole(path);
  auto offset_of_line = [&](int n) {  // 1-based
    size_t pos = 0;
    for (int i = 1; i < n; ++i) pos = bytes.find('\n', pos) + 1;
    return static_cast<uint64_t>(pos);
  };
  ASSERT_EQ(out.malformed.size(), 4u);
  EXPECT_EQ(out.malformed[0].offset, offset_of_line(3));  // "massive error"
  EXPECT_EQ(out.malformed[0].reason, std::string("not a JSON object"));
  EXPECT_EQ(out.malformed[1].offset, offset_of_line(4));  // truncated record
  EXPECT_EQ(out.malformed[1].reason, std::string("invalid JSON record"));
  EXPECT_EQ(out.malformed[2].offset, offset_of_line(5));  // [1]
  EXPECT_EQ(out.malformed[3].offset, offset_of_line(8));  // usage without a timestamp
  EXPECT_EQ(out.malformed[3].reason, std::string("token_count without a valid timestamp"));
  // The spliced line's complete record is recovered; the undated snapshot is skipped without
  // losing its tokens (the next snapshot's delta includes them).
  ASSERT_EQ(out.records.size(), 2u);
  EXPECT_EQ(out.records[0].offset, offset_of_line(7));
  EXPECT_EQ(out.records[0].tokens, Tokens(100, 0, 10, 0));
  EXPECT_EQ(out.records[1].tokens, Tokens(100, 0, 10, 0));
  EXPECT_EQ(out.lines, 9);
}

TEST(CodexEvents, ToolCallsResultsAndErrors) {
  auto out = ParseWhole(kOurs + "tools_errors.jsonl");
  const std::string thread = "88888888-0000-7000-8000-000000000008";
  ASSERT_EQ(out.tool_calls.size(), 4u);
  const auto& shell = out.tool_calls[0];
  EXPECT_EQ(shell.tool_use_id, "codex:call_shell1");
  EXPECT_EQ(shell.name, "shell");
  EXPECT_EQ(shell.target, "bash -lc cargo test");
  EXPECT_EQ(
      shell.input_bytes,
      static_cast<int64_t>(
          std::string(R"({"command":["bash","-lc","cargo test"],"workdir":"/w/theta"})").size()));
  EXPECT_EQ(shell.turn_id, "turn-t1");
  EXPECT_EQ(shell.session_id, thread);
  EXPECT_EQ(out.tool_calls[1].name, "apply_patch");
  EXPECT_EQ(out.tool_calls[1].target, "src/lib.rs");
  EXPECT_EQ(out.tool_calls[2].name, "exec_command");
  EXPECT_EQ(out.tool_calls[2].target, "git status --short");
  EXPECT_EQ(out.tool_calls[3].name, "local_shell");
  EXPECT_EQ(out.tool_calls[3].target, "ls -la");
  EXPECT_EQ(out.tool_calls[3].tool_use_id, "codex:call_local1");

  ASSERT_EQ(out.tool_results.size(), 3u);
  EXPECT_EQ(out.tool_results[0].tool_use_id, "codex:call_shell1");
  EXPECT_TRUE(out.tool_results[0].is_error);  // exit_code 101
  EXPECT_EQ(out.tool_results[0].head, "error[E0308]: mismatched types\n");
  EXPECT_GT(out.tool_results[0].result_bytes, 40);
  EXPECT_FALSE(out.tool_results[1].is_error);
  EXPECT_EQ(out.tool_results[1].head, "Success. Updated the following files:\nM src/lib.rs\n");
  EXPECT_FALSE(out.tool_results[2].is_error);  // "Process exited with code 0"

  ASSERT_EQ(out.errors.size(), 3u);
  EXPECT_EQ(out.errors[0].kind, "tool_error");
  EXPECT_EQ(out.errors[0].tool_use_id, "codex:call_shell1");
  EXPECT_EQ(out.errors[1].kind, "api_error");
  EXPECT_EQ(out.errors[1].message, "Reconnecting... 1/5");
  EXPECT_EQ(out.errors[2].kind, "rate_limit");
  EXPECT_EQ(out.errors[2].turn_id, "turn-t1");

  ASSERT_EQ(out.prompts.size(), 2u);
  EXPECT_EQ(out.prompts[0].turn_id, "turn-t1");
  EXPECT_EQ(out.prompts[0].text, "fix the failing test");
  EXPECT_EQ(out.prompts[0].project, "/w/theta");
  // A prompt without a logged turn id gets a synthetic one, stable across re-reads.
  EXPECT_EQ(out.prompts[1].turn_id,
            "codex:" + thread + ":" + std::to_string(out.prompts[1].offset));
  ASSERT_EQ(out.records.size(), 2u);
  EXPECT_EQ(out.records[0].turn_id, "turn-t1");
  EXPECT_EQ(out.records[1].turn_id, out.prompts[1].turn_id);
  EXPECT_EQ(out.records[1].tokens, Tokens(500, 1500, 100, 0));
}

TEST(CodexEvents, HeadlessExecTurnCompleted) {
  auto out = ParseWhole(kOurs + "headless_exec.jsonl");
  ASSERT_EQ(out.records.size(), 1u);
  EXPECT_EQ(out.records[0].tokens, Tokens(200, 1000, 80, 0));
  EXPECT_EQ(out.records[0].session_id, "99999999-0000-7000-8000-000000000009");
  EXPECT_EQ(out.records[0].dedupe_key, "codex:99999999-0000-7000-8000-000000000009:1280");
  EXPECT_GT(out.records[0].ts_ms, 0);  // no timestamp in exec JSON: the file's mtime
}

// ---- resume state -----------------------------------------------------------------------------

TEST(CodexState, RoundTrip) {
  ParseState s;
  s.meta_seen = true;
  s.thread_id = "t;=:1";
  s.session_id = "parent";
  s.subagent_id = "t;=:1";
  s.provider = "azure";
  s.cwd = "/w/with;odd=chars:\n";
  s.model = "gpt-5.5";
  s.turn_id = "turn";
  s.turn_has_prompt = true;
  s.has_prev = true;
  s.prev = {1, 2, 3, 4, 5, 6};
  s.resets = 2;
  s.replay = ReplayPhase::kInBurst;
  s.replay_second = 1772791202;
  s.fork_second = 1772791200;
  s.foreign_meta_second = 1772791201;
  ParseState back = DecodeState(EncodeState(s));
  EXPECT_EQ(EncodeState(back), EncodeState(s));
  EXPECT_EQ(back.cwd, s.cwd);
  EXPECT_EQ(back.prev, s.prev);
  EXPECT_EQ(back.replay, ReplayPhase::kInBurst);
  EXPECT_EQ(DecodeState("garbage").thread_id, "");
  EXPECT_EQ(DecodeState("").foreign_meta_second, -1);
}

// Parsing [0,N) then [N,M) with the returned state gives exactly the events of one parse of
// [0,M), for every split point N, including splits inside a line (only complete lines are
// consumed; the next parse starts at consumed_to, as ingest does).
TEST(CodexState, SplitParseEqualsWholeParse) {
  std::vector<std::string> paths = {kOurs + "unchanged_reemit.jsonl",
                                    kOurs + "regression_reset.jsonl",
                                    kOurs + "fork_replay.jsonl",
                                    kOurs + "model_switch.jsonl",
                                    kOurs + "info_null_rate_limits.jsonl",
                                    kOurs + "malformed.jsonl",
                                    kOurs + "tools_errors.jsonl",
                                    kOurs + "spawn_no_replay.jsonl",
                                    kRollout2034,
                                    kRollout1319,
                                    kCcusageAlpha};
  int checked = 0;
  for (const auto& path : paths) {
    if (!fs::exists(path)) continue;
    std::string bytes = ReadFile(path);
    auto whole = ParseRange(path, bytes, 0, bytes.size(), "");
    auto want = Digest(whole);
    // Every byte for small files; every line boundary and a stride of bytes for large ones.
    size_t stride = bytes.size() > 8000 ? 97 : 1;
    for (size_t split = 0; split <= bytes.size(); ++split) {
      bool at_line = split == 0 || bytes[split - 1] == '\n';
      if (!at_line && split % stride != 0) continue;
      auto first = ParseRange(path, bytes, 0, split, "");
      auto second = ParseRange(path, bytes, first.consumed_to, bytes.size(), first.state);
      ParseOutput joined = first;
      Append(joined, second);
      ASSERT_EQ(Digest(joined), want) << path << " split at " << split;
      ASSERT_EQ(second.consumed_to, whole.consumed_to);
      ASSERT_EQ(second.state, whole.state) << path << " split at " << split;
      ++checked;
    }
    // Three pieces, at line boundaries.
    std::vector<size_t> cuts;
    for (size_t i = 0; i < bytes.size(); ++i) {
      if (bytes[i] == '\n') cuts.push_back(i + 1);
    }
    for (size_t a = 0; a < cuts.size(); a += 2) {
      for (size_t b = a; b < cuts.size(); b += 3) {
        auto p1 = ParseRange(path, bytes, 0, cuts[a], "");
        auto p2 = ParseRange(path, bytes, cuts[a], cuts[b], p1.state);
        auto p3 = ParseRange(path, bytes, cuts[b], bytes.size(), p2.state);
        ParseOutput joined = p1;
        Append(joined, p2);
        Append(joined, p3);
        ASSERT_EQ(Digest(joined), want) << path << " cuts " << cuts[a] << "," << cuts[b];
      }
    }
  }
  EXPECT_GT(checked, 100);
}

// A full re-read from the start (state "") gives identical keys and events.
TEST(CodexState, FullRereadIsIdentical) {
  for (const auto& name : {"regression_reset.jsonl", "fork_replay.jsonl", "tools_errors.jsonl"}) {
    auto a = ParseWhole(kOurs + name);
    auto b = ParseWhole(kOurs + name);
    EXPECT_EQ(Digest(a), Digest(b)) << name;
  }
}

}  // namespace
}  // namespace receipts::sources::codex
