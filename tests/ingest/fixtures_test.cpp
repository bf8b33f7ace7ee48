// The expected numbers of FORMATS.md §8 on the public transcripts, read in place from
// ../shared/fixtures/real (skipped when absent).
#include "support/test_support.h"

namespace receipts::testing {
namespace {
namespace fs = std::filesystem;

class FixtureTest : public ::testing::Test {
 protected:
  void SetUp() override { REQUIRE_SHARED_FIXTURES(); }
  // Ingests a Claude root into a fresh store.
  store::Store IngestRoot(const fs::path& root) {
    store::Store s = OpenStore((tmp_.path() / "r.db").string());
    IngestOrDie(s, EnvWithClaude(root.string(), tmp_.str()));
    return s;
  }
  // Links single fixture files into <tmp>/claude/projects/<slug>/ and ingests that root.
  store::Store IngestFiles(const std::vector<fs::path>& files) {
    fs::path dir = tmp_.path() / "claude" / "projects" / "-tmp-fixture";
    fs::create_directories(dir);
    for (const auto& f : files) fs::create_symlink(f, dir / f.filename());
    return IngestRoot(tmp_.path() / "claude");
  }
  TempDir tmp_;
};

const fs::path kClaude = SharedFixtures() / "claude-code";

TEST_F(FixtureTest, SnifflyV1017StreamingCopiesKeepLargestCounts) {
  store::Store s = IngestRoot(kClaude / "sniffly-v1.0.17");
  Sums sums = SumCalls(s);
  EXPECT_EQ(sums.calls, 4);
  EXPECT_EQ(sums.input, 88);
  EXPECT_EQ(sums.output, 278);
  EXPECT_EQ(sums.cache_write, 16000);
  EXPECT_EQ(sums.cache_read, 44544);
  // The summary-only file yields no session.
  store::Stmt st = s.db().MustPrepare("SELECT count(*), sum(copies) FROM calls");
  ASSERT_TRUE(st.Step());
  EXPECT_EQ(st.Int(1), 10);  // 10 records collapsed into 4 calls
}

TEST_F(FixtureTest, SidechainIntegratedV2046) {
  store::Store s = IngestFiles({kClaude / "claude-code-log-v2.0.46" / "sidechain_integrated.jsonl"});
  Sums sums = SumCalls(s);
  EXPECT_EQ(sums.calls, 3);
  EXPECT_EQ(sums.input, 9);
  EXPECT_EQ(sums.output, 738);
  EXPECT_EQ(sums.cache_write, 164054);
  EXPECT_EQ(sums.cache_read, 141272);
}

TEST_F(FixtureTest, SpotterV2139ParentSubagentAndCompaction) {
  store::Store s = IngestRoot(kClaude / "spotter-v2.1.39");
  Sums parent = SumCalls(s, "sidechain = 0");
  EXPECT_EQ(parent, (Sums{152, 180, 38899, 349474, parent.cache_write_1h, 14771617,
                          parent.cost_calc, parent.cost_auto}));
  Sums sub = SumCalls(s, "subagent_id = 'a881341'");
  EXPECT_EQ(sub.calls, 3);
  EXPECT_EQ(sub.input, 15);
  EXPECT_EQ(sub.output, 3);  // as written: the file misses the final usage (DESIGN.md §3)
  EXPECT_EQ(sub.cache_write, 42176);
  EXPECT_EQ(sub.cache_read, 34159);
  Sums compact = SumCalls(s, "subagent_id = 'acompact-fffbd0'");
  EXPECT_EQ(compact, (Sums{1, 3, 6, 2487, compact.cache_write_1h, 166758, compact.cost_calc,
                           compact.cost_auto}));
  // Subagent usage belongs to the parent session, not to phantom agent-* sessions.
  store::Stmt st = s.db().MustPrepare("SELECT count(*), min(session_id) FROM sessions");
  ASSERT_TRUE(st.Step());
  EXPECT_EQ(st.Int(0), 1);
  EXPECT_EQ(st.Text(1), "258c7280-ae70-4798-800f-63464d01a85d");
  // Every call is priced (opus-4-6 and sonnet-4-5 are in the table).
  EXPECT_EQ(SumCalls(s, "cost_calc_nanos IS NULL").calls, 0);
}

TEST_F(FixtureTest, EdgeCasesCountUsageAndReportJunk) {
  store::Store s = IngestFiles({kClaude / "claude-code-log-synthetic" / "edge_cases.jsonl"});
  Sums sums = SumCalls(s);
  EXPECT_EQ(sums.input, 488);
  EXPECT_EQ(sums.output, 435);
  EXPECT_EQ(sums.cache_write, 0);
  EXPECT_EQ(sums.cache_read, 0);
  // "massive error", 42 and [1] are not JSON objects: counted with their offsets.
  store::Stmt st = s.db().MustPrepare("SELECT count(*), min(offset) FROM malformed_lines");
  ASSERT_TRUE(st.Step());
  EXPECT_EQ(st.Int(0), 3);
  EXPECT_GT(st.Int(1), 0);
}

TEST_F(FixtureTest, CcusageSyntheticRecordedCostUsedInAutoMode) {
  store::Store s = IngestRoot(kClaude / "ccusage-synthetic");
  Sums sums = SumCalls(s);
  EXPECT_EQ(sums.calls, 3);
  EXPECT_EQ(sums.input, 600);
  EXPECT_EQ(sums.output, 250);
  // costUSD 0.12 + 0.34 + 0.56 recorded by the agent.
  EXPECT_EQ(sums.cost_auto, 1'020'000'000);
  // Calculated: sonnet-4 100/50/25/10 + opus-4 fast (no known multiplier) 200/75/50/20 +
  // sonnet-4 300/125/0/40, at $3/$15/$3.75/$0.30 and $15/$75/$18.75/$1.50 per MTok:
  // 300000+750000+93750+3000 + 3000000+5625000+937500+30000 + 900000+1875000+0+12000 nanos.
  EXPECT_EQ(sums.cost_calc, 13'526'250);
}

}  // namespace
}  // namespace receipts::testing
