// Generated pi and opencode corpora carrying each agent's pitfalls (pi: recorded vs zero
// cost.total, aborted-but-billed requests, in-place tree branches, branch files re-using the
// original entries, older linear files and their `branchedFrom` copies; opencode: the SQLite
// store first with legacy JSON copies collapsing behind it, stale streaming copies, legacy-only
// messages, reasoning outside output, aliased model ids, nested subagent sessions) ingested
// into a temp store: calls, tokens and costs equal the generators' independent truth in total,
// per UTC day and per call, every copy is seen and collapses into its original's session, and
// every pitfall was written. Also all five generated agents in one store. Never reads the real
// home: every agent's data dir points into the temp dir.
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
namespace fs = std::filesystem;

fs::path OpenCodeRoot(const TempDir& tmp) { return tmp.path() / "xdg" / "opencode"; }

// Each call's session, sidechain flag and subagent type as the truth has them (copies collapse
// into the original's session; opencode child sessions into their root).
void ExpectAttributionMatchesTruth(store::Store& s, const demo::Truth& truth) {
  store::Stmt one =
      s.db().MustPrepare("SELECT session_id, sidechain, subagent FROM usage WHERE dedupe_key = ?1");
  int mismatches = 0;
  for (const auto& c : truth.calls) {
    one.Bind(1, c.message_id);
    std::string want_type = c.agent_type.empty() ? "main" : c.agent_type;
    bool found = one.Step();
    if (!found || one.Text(0) != c.session_id || one.Int(1) != int64_t{c.sidechain} ||
        one.Text(2) != want_type) {
      if (++mismatches <= 5) {
        ADD_FAILURE() << c.message_id << ": want " << c.session_id << " " << c.sidechain << " "
                      << want_type << "; got "
                      << (found ? one.Text(0) + " " + std::to_string(one.Int(1)) + " " + one.Text(2)
                                : std::string("nothing"));
      }
    }
    one.Reset();
  }
  EXPECT_EQ(mismatches, 0);
}

// Every line (or row) carrying a call's tokens was read once: Σ copies = usage_records.
void ExpectEveryCopySeen(store::Store& s, const demo::Truth& truth, const std::string& agent) {
  store::Stmt st =
      s.db().MustPrepare("SELECT coalesce(sum(copies), 0) FROM usage WHERE agent = ?1");
  st.Bind(1, agent);
  ASSERT_TRUE(st.Step());
  EXPECT_EQ(st.Int(0), truth.usage_records) << agent;
  EXPECT_GT(truth.usage_records, static_cast<int64_t>(truth.calls.size())) << agent;
}

// Calls without a positive recorded cost are priced exactly as the truth prices them.
void ExpectPricedSubsetExact(store::Store& s, const demo::Truth& truth, const std::string& agent) {
  int64_t want = 0;
  for (const auto& c : truth.calls) {
    if (!c.recorded_cost_usd) want += c.cost_nanos;
  }
  EXPECT_GT(want, 0);
  EXPECT_EQ(
      SumCalls(s, "agent = '" + agent + "' AND coalesce(cost_recorded_nanos, 0) = 0").cost_calc,
      want);
}

TEST(AgentsPiOpenCodeTruth, PiRecordedAndZeroCostBranchesAndOldFilesExact) {
  TempDir tmp;
  auto t = demo::GeneratePiCorpus(AgentOptions(tmp.path() / "pi", 31));
  ASSERT_TRUE(t.ok()) << t.status().message();
  for (const char* trait :
       {"recorded_cost", "zero_cost", "aborted_billed", "error_turn", "tree_branch", "branch_file",
        "old_branch_file", "header_model", "model_switch", "compaction", "bash_execution"}) {
    EXPECT_GT(t.value().traits.count(trait) ? t.value().traits.at(trait) : 0, 0) << trait;
  }
  store::Store s = OpenStore((tmp.path() / "r.db").string());
  IngestOrDie(s, AgentsEnv(tmp), 64 << 10);
  // auto: the recorded cost when positive, else our price (= the truth's cost_nanos).
  ExpectAgentMatchesTruth(s, t.value(), "pi", "cost_auto_nanos");
  ExpectPricedSubsetExact(s, t.value(), "pi");
  ExpectAttributionMatchesTruth(s, t.value());
  ExpectEveryCopySeen(s, t.value(), "pi");
  EXPECT_EQ(SumCalls(s).calls, static_cast<int64_t>(t.value().calls.size()));
  // A second scan of unchanged files adds nothing.
  IngestOrDie(s, AgentsEnv(tmp));
  ExpectAgentMatchesTruth(s, t.value(), "pi", "cost_auto_nanos");
}

TEST(AgentsPiOpenCodeTruth, OpenCodeDatabaseFirstLegacyCopiesCollapseExact) {
  TempDir tmp;
  auto t = demo::GenerateOpenCodeCorpus(AgentOptions(OpenCodeRoot(tmp), 32));
  ASSERT_TRUE(t.ok()) << t.status().message();
  for (const char* trait :
       {"db_message", "channel_db", "legacy_copy", "legacy_stale", "legacy_only", "recorded_cost",
        "zero_cost", "reasoning", "model_alias", "subagent", "nested_subagent", "aborted_billed",
        "error_message", "in_progress"}) {
    EXPECT_GT(t.value().traits.count(trait) ? t.value().traits.at(trait) : 0, 0) << trait;
  }
  ASSERT_TRUE(fs::exists(OpenCodeRoot(tmp) / "opencode.db"));
  ASSERT_TRUE(fs::exists(OpenCodeRoot(tmp) / "opencode-dev.db"));
  store::Store s = OpenStore((tmp.path() / "r.db").string());
  IngestOrDie(s, AgentsEnv(tmp), 64 << 10);
  ExpectAgentMatchesTruth(s, t.value(), "opencode", "cost_auto_nanos");
  ExpectPricedSubsetExact(s, t.value(), "opencode");
  ExpectAttributionMatchesTruth(s, t.value());
  ExpectEveryCopySeen(s, t.value(), "opencode");
  // Reasoning is kept as the informational subset of output.
  int64_t reasoning = 0;
  for (const auto& c : t.value().calls) reasoning += c.tokens.reasoning;
  store::Stmt r = s.db().MustPrepare(
      "SELECT coalesce(sum(reasoning_tokens), 0) FROM usage WHERE agent = 'opencode'");
  ASSERT_TRUE(r.Step());
  EXPECT_EQ(r.Int(0), reasoning);
  EXPECT_GT(reasoning, 0);
  IngestOrDie(s, AgentsEnv(tmp));
  ExpectAgentMatchesTruth(s, t.value(), "opencode", "cost_auto_nanos");
}

// All five generated agents in one store, over seeds and with tiny ingest batches: no
// cross-agent interference, no seed-dependent miss.
TEST(AgentsPiOpenCodeTruth, AllGeneratedAgentsTogetherOverSeeds) {
  for (uint64_t seed : {1, 2, 3}) {
    SCOPED_TRACE(seed);
    TempDir tmp;
    auto codex = demo::GenerateCodexCorpus(AgentOptions(tmp.path() / "codex", seed));
    auto gemini = demo::GenerateGeminiCorpus(AgentOptions(tmp.path() / "gemini", seed));
    auto claw = demo::GenerateOpenClawCorpus(AgentOptions(tmp.path() / "openclaw", seed));
    auto pi = demo::GeneratePiCorpus(AgentOptions(tmp.path() / "pi", seed));
    auto oc = demo::GenerateOpenCodeCorpus(AgentOptions(OpenCodeRoot(tmp), seed));
    ASSERT_TRUE(codex.ok() && gemini.ok() && claw.ok() && pi.ok() && oc.ok());
    store::Store s = OpenStore((tmp.path() / "r.db").string());
    IngestOrDie(s, AgentsEnv(tmp), 16 << 10);
    ExpectAgentMatchesTruth(s, codex.value(), "codex", "cost_calc_nanos");
    ExpectAgentMatchesTruth(s, gemini.value(), "gemini", "cost_calc_nanos");
    ExpectAgentMatchesTruth(s, claw.value(), "openclaw", "cost_auto_nanos");
    ExpectAgentMatchesTruth(s, pi.value(), "pi", "cost_auto_nanos");
    ExpectAgentMatchesTruth(s, oc.value(), "opencode", "cost_auto_nanos");
    EXPECT_EQ(SumCalls(s).calls,
              static_cast<int64_t>(codex.value().calls.size() + gemini.value().calls.size() +
                                   claw.value().calls.size() + pi.value().calls.size() +
                                   oc.value().calls.size()));
  }
}

// Every pi file first seen cut at a line boundary near its middle, then grown to its full
// length (pi still writing): the resumed parses (header model, model changes, entry keys) still
// give exactly the truth.
TEST(AgentsPiOpenCodeTruth, PiFilesGrowingBetweenScansStayExact) {
  TempDir tmp;
  auto pi = demo::GeneratePiCorpus(AgentOptions(tmp.path() / "pi", 33));
  ASSERT_TRUE(pi.ok());
  auto full = CutFilesInHalf(tmp.path() / "pi");
  ASSERT_GT(full.size(), 8u);
  store::Store s = OpenStore((tmp.path() / "r.db").string());
  IngestOrDie(s, AgentsEnv(tmp));
  GrowFiles(full);
  IngestOrDie(s, AgentsEnv(tmp));
  ExpectAgentMatchesTruth(s, pi.value(), "pi", "cost_auto_nanos");
  ExpectAttributionMatchesTruth(s, pi.value());
}

}  // namespace
}  // namespace receipts::testing
