// Generated Codex, Gemini CLI and OpenClaw corpora carrying each agent's pitfalls (Codex
// re-emits, restarts and fork replays; Gemini re-appended ids, $rewindTo and rewritten legacy
// files; OpenClaw zero recorded cost, reset archives, error turns): the engine's calls,
// tokens and costs equal the generators' independent truth, per agent, per call and per UTC day.
// (pi and opencode, and all five together: tests/demo/agents_pi_opencode_test.cpp.)
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "core/time.h"
#include "demo/agents.h"
#include "support/agents_truth.h"
#include "support/test_support.h"

namespace receipts::testing {
namespace {

TEST(AgentsTruthTest, CodexReemitsResetsAndForkReplaysExact) {
  TempDir tmp;
  auto t = demo::GenerateCodexCorpus(AgentOptions(tmp.path() / "codex", 11));
  ASSERT_TRUE(t.ok()) << t.status().message();
  EXPECT_GT(t.value().traits.at("reemit"), 0);
  EXPECT_GT(t.value().traits.at("reset"), 0);
  EXPECT_GT(t.value().traits.count("fill_context"), 0u);
  EXPECT_GT(t.value().traits.at("fork"), 0);
  store::Store s = OpenStore((tmp.path() / "r.db").string());
  IngestOrDie(s, AgentsEnv(tmp), 64 << 10);
  ExpectAgentMatchesTruth(s, t.value(), "codex", "cost_calc_nanos");
  EXPECT_EQ(SumCalls(s).calls, static_cast<int64_t>(t.value().calls.size()));
  // A second scan of unchanged files adds nothing.
  IngestOrDie(s, AgentsEnv(tmp));
  ExpectAgentMatchesTruth(s, t.value(), "codex", "cost_calc_nanos");
}

TEST(AgentsTruthTest, OpenClawZeroCostPricedRecordedKeptArchivesCollapse) {
  TempDir tmp;
  auto t = demo::GenerateOpenClawCorpus(AgentOptions(tmp.path() / "openclaw", 12));
  ASSERT_TRUE(t.ok()) << t.status().message();
  for (const char* trait : {"zero_cost", "recorded_cost", "reset_archive", "error_turn"}) {
    EXPECT_GT(t.value().traits.at(trait), 0) << trait;
  }
  store::Store s = OpenStore((tmp.path() / "r.db").string());
  IngestOrDie(s, AgentsEnv(tmp), 64 << 10);
  // auto: the recorded cost when positive, else our price (= the truth's cost_nanos).
  ExpectAgentMatchesTruth(s, t.value(), "openclaw", "cost_auto_nanos");
  // Calls with a zero recorded cost are priced exactly like the truth prices them.
  int64_t want = 0;
  for (const auto& c : t.value().calls) {
    if (!c.recorded_cost_usd) want += c.cost_nanos;
  }
  EXPECT_EQ(SumCalls(s, "coalesce(cost_recorded_nanos, 0) = 0").cost_calc, want);
}

TEST(AgentsTruthTest, GeminiReappendsRewindsAndLegacyRewriteExact) {
  TempDir tmp;
  auto t = demo::GenerateGeminiCorpus(AgentOptions(tmp.path() / "gemini", 13));
  ASSERT_TRUE(t.ok()) << t.status().message();
  for (const char* trait : {"reappend", "rewind", "legacy_json", "migrated", "no_tokens"}) {
    EXPECT_GT(t.value().traits.at(trait), 0) << trait;
  }
  store::Store s = OpenStore((tmp.path() / "r.db").string());
  IngestOrDie(s, AgentsEnv(tmp), 64 << 10);
  ExpectAgentMatchesTruth(s, t.value(), "gemini", "cost_calc_nanos");

  // A legacy .json rewritten whole with one more message: the next scan adds exactly it.
  auto extra = demo::RewriteGeminiLegacy((tmp.path() / "gemini").string(), 99);
  ASSERT_TRUE(extra.ok()) << extra.status().message();
  ASSERT_EQ(extra.value().calls.size(), 1u);
  demo::Truth both = t.value();
  both.calls.push_back(extra.value().calls.front());
  IngestOrDie(s, AgentsEnv(tmp));
  ExpectAgentMatchesTruth(s, both, "gemini", "cost_calc_nanos");
}

// All three agents in one store, over several seeds and with tiny ingest batches: no
// cross-agent interference, no seed-dependent miss.
TEST(AgentsTruthTest, AllAgentsTogetherOverSeeds) {
  for (uint64_t seed : {1, 2, 3, 4}) {
    SCOPED_TRACE(seed);
    TempDir tmp;
    auto codex = demo::GenerateCodexCorpus(AgentOptions(tmp.path() / "codex", seed));
    auto gemini = demo::GenerateGeminiCorpus(AgentOptions(tmp.path() / "gemini", seed));
    auto claw = demo::GenerateOpenClawCorpus(AgentOptions(tmp.path() / "openclaw", seed));
    ASSERT_TRUE(codex.ok() && gemini.ok() && claw.ok());
    store::Store s = OpenStore((tmp.path() / "r.db").string());
    IngestOrDie(s, AgentsEnv(tmp), 16 << 10);
    ExpectAgentMatchesTruth(s, codex.value(), "codex", "cost_calc_nanos");
    ExpectAgentMatchesTruth(s, gemini.value(), "gemini", "cost_calc_nanos");
    ExpectAgentMatchesTruth(s, claw.value(), "openclaw", "cost_auto_nanos");
    EXPECT_EQ(SumCalls(s).calls, static_cast<int64_t>(codex.value().calls.size() +
                                                       gemini.value().calls.size() +
                                                       claw.value().calls.size()));
  }
}

// Every file first seen cut at a line boundary near its middle, then grown to its full length
// (an agent still writing): the resumed parses (running totals, fork-replay phase, re-appended
// ids, archive copies) still give exactly the truth.
TEST(AgentsTruthTest, FilesGrowingBetweenScansStayExact) {
  TempDir tmp;
  auto codex = demo::GenerateCodexCorpus(AgentOptions(tmp.path() / "codex", 21));
  auto gemini = demo::GenerateGeminiCorpus(AgentOptions(tmp.path() / "gemini", 21));
  auto claw = demo::GenerateOpenClawCorpus(AgentOptions(tmp.path() / "openclaw", 21));
  ASSERT_TRUE(codex.ok() && gemini.ok() && claw.ok());
  auto full = CutFilesInHalf(tmp.path());
  ASSERT_GT(full.size(), 10u);
  store::Store s = OpenStore((tmp.path() / "r.db").string());
  IngestOrDie(s, AgentsEnv(tmp));
  GrowFiles(full);
  IngestOrDie(s, AgentsEnv(tmp));
  ExpectAgentMatchesTruth(s, codex.value(), "codex", "cost_calc_nanos");
  ExpectAgentMatchesTruth(s, gemini.value(), "gemini", "cost_calc_nanos");
  ExpectAgentMatchesTruth(s, claw.value(), "openclaw", "cost_auto_nanos");
}

}  // namespace
}  // namespace receipts::testing
