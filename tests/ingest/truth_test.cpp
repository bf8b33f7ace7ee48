// Generated corpora with every trait (streaming copies, missing requestIds, forks, /btw replays,
// three subagent layouts, malformed lines, long context, midnight crossings): the engine's
// calls, tokens and exact costs equal the generator's independent ground truth.
#include <map>

#include "core/time.h"
#include "demo/generator.h"
#include "reports/report.h"
#include "support/test_support.h"
#include "support/truth_agg.h"

namespace receipts::testing {
namespace {


Agg FromGroup(const reports::Group& g) {
  return {g.tokens.calls, g.tokens.input, g.tokens.output, g.tokens.cache_write(),
          g.tokens.cache_read, g.money.cost_nanos};
}

class TruthTest : public ::testing::Test {
 protected:
  void SetUp() override {
    demo::GeneratorOptions o;
    o.root = (tmp_.path() / "claude").string();
    o.seed = 7;
    o.target_bytes = 3'000'000;
    o.end_ms = *parse_iso8601_ms("2026-06-30T18:00:00Z");
    o.days = 20;
    auto t = demo::GenerateClaudeCorpus(o);
    ASSERT_TRUE(t.ok()) << t.status().message();
    truth_ = t.value();
    root_ = o.root;
  }
  reports::Filters Filters(const std::string& zone) {
    reports::Filters f;
    f.zone = zone;
    f.mode = reports::CostMode::kCalculate;
    return f;
  }
  TempDir tmp_;
  demo::Truth truth_;
  std::string root_;
};

TEST_F(TruthTest, EveryCallExactToTheNanoDollar) {
  store::Store s = OpenStore((tmp_.path() / "r.db").string());
  // Small batches so copies of one call land in different transactions.
  auto stats = IngestOrDie(s, EnvWithClaude(root_, tmp_.str()), 256 << 10);
  EXPECT_EQ(stats.malformed, truth_.malformed_lines);
  EXPECT_EQ(stats.usage_records, truth_.usage_records);
  ASSERT_GT(truth_.calls.size(), 500u);
  EXPECT_EQ(SumCalls(s).calls, static_cast<int64_t>(truth_.calls.size()));
  store::Stmt st = s.db().MustPrepare(
      "SELECT ts_ms, session_id, project, model, sidechain, input_tokens, output_tokens, "
      "cache_write_5m_tokens, cache_write_1h_tokens, cache_read_tokens, web_search_requests, "
      "cost_calc_nanos FROM usage WHERE dedupe_key = ?1");
  int mismatches = 0;
  for (const auto& c : truth_.calls) {
    st.Bind(1, "m:" + c.message_id);
    ASSERT_TRUE(st.Step()) << "missing call " << c.message_id;
    TokenCounts got{st.Int(5), st.Int(6), st.Int(7), st.Int(8), st.Int(9), 0};
    TokenCounts want = c.tokens;
    want.reasoning = 0;
    bool ok = got == want && st.Int(0) == c.ts_ms && st.Text(1) == c.session_id &&
              st.Text(2) == c.project && st.Text(3) == c.model &&
              (st.Int(4) != 0) == c.sidechain && st.Int(10) == c.web_search_requests &&
              st.Int(11) == c.cost_nanos;
    if (!ok && ++mismatches <= 5) {
      ADD_FAILURE() << "call " << c.message_id << ": got ts " << st.Int(0) << " session "
                    << st.Text(1) << " tokens " << got.input << "/" << got.output << "/"
                    << got.cache_write_5m << "/" << got.cache_write_1h << "/" << got.cache_read
                    << " cost " << st.Int(11) << "; want ts " << c.ts_ms << " session "
                    << c.session_id << " tokens " << want.input << "/" << want.output << "/"
                    << want.cache_write_5m << "/" << want.cache_write_1h << "/" << want.cache_read
                    << " cost " << c.cost_nanos;
    }
    st.Reset();
  }
  EXPECT_EQ(mismatches, 0);
}

TEST_F(TruthTest, DaysModelsProjectsSessionsMatchTruthInTwoZones) {
  store::Store s = OpenStore((tmp_.path() / "r.db").string());
  IngestOrDie(s, EnvWithClaude(root_, tmp_.str()));
  for (const std::string zone : {"UTC", "America/New_York"}) {
    SCOPED_TRACE(zone);
    Zone z = *Zone::Find(zone);
    std::map<std::string, Agg> days, sessions, models;
    Agg total;
    for (const auto& c : truth_.calls) {
      AddTruth(days[format_civil_day(z.local_day(c.ts_ms))], c);
      AddTruth(sessions[c.session_id], c);
      AddTruth(models[c.model], c);
      AddTruth(total, c);
    }
    auto daily = reports::RunGrouped(s, reports::GroupBy::kDay, Filters(zone));
    ASSERT_TRUE(daily.ok());
    std::map<std::string, Agg> got_days, got_models;
    for (const auto& g : daily.value().groups) {
      got_days[g.key] = FromGroup(g);
      for (const auto& m : g.models) {
        Agg& a = got_models[m.model];
        a.calls += m.tokens.calls;
        a.input += m.tokens.input;
        a.output += m.tokens.output;
        a.cw += m.tokens.cache_write();
        a.cr += m.tokens.cache_read;
        a.cost += m.money.cost_nanos;
      }
    }
    EXPECT_EQ(got_days, days);
    EXPECT_EQ(got_models, models);
    EXPECT_EQ(FromGroup(daily.value().totals), total);
    auto sess = reports::RunGrouped(s, reports::GroupBy::kSession, Filters(zone));
    ASSERT_TRUE(sess.ok());
    std::map<std::string, Agg> got_sessions;
    for (const auto& g : sess.value().groups) got_sessions[g.key] = FromGroup(g);
    EXPECT_EQ(got_sessions, sessions);
  }
  // Projects: per-project filter totals equal the truth.
  std::map<std::string, Agg> projects;
  for (const auto& c : truth_.calls) AddTruth(projects[c.project], c);
  Agg sum;
  for (const auto& [project, want] : projects) {
    store::Stmt st = s.db().MustPrepare(
        "SELECT count(*), sum(input_tokens), sum(output_tokens), "
        "sum(cache_write_5m_tokens + cache_write_1h_tokens), sum(cache_read_tokens), "
        "sum(cost_calc_nanos) FROM usage WHERE project = ?1");
    st.Bind(1, project);
    ASSERT_TRUE(st.Step());
    EXPECT_EQ((Agg{st.Int(0), st.Int(1), st.Int(2), st.Int(3), st.Int(4), st.Int(5)}), want) << project;
  }
}

TEST_F(TruthTest, AppendedBytesArePickedUpIncrementally) {
  store::Store s = OpenStore((tmp_.path() / "r.db").string());
  IngestOrDie(s, EnvWithClaude(root_, tmp_.str()));
  auto more = demo::AppendToClaudeCorpus(root_, 200'000, 99, *parse_iso8601_ms("2026-07-01T08:00:00Z"));
  ASSERT_TRUE(more.ok()) << more.status().message();
  auto stats = IngestOrDie(s, EnvWithClaude(root_, tmp_.str()));
  EXPECT_LE(stats.bytes_parsed, more.value().bytes + 4096);  // only the new bytes are read
  Agg want;
  for (const auto& c : truth_.calls) AddTruth(want, c);
  for (const auto& c : more.value().calls) AddTruth(want, c);
  Sums got = SumCalls(s);
  EXPECT_EQ((Agg{got.calls, got.input, got.output, got.cache_write, got.cache_read, got.cost_calc}), want);
}

}  // namespace
}  // namespace receipts::testing

namespace receipts::testing {
namespace {

TEST_F(TruthTest, CostPartsOfEveryCallSumToItsCost) {
  store::Store s = OpenStore((tmp_.path() / "r.db").string());
  IngestOrDie(s, EnvWithClaude(root_, tmp_.str()), 256 << 10);
  const std::string parts =
      "cost_input_nanos + cost_output_nanos + cost_cache_write_5m_nanos + "
      "cost_cache_write_1h_nanos + cost_cache_read_nanos + cost_web_search_nanos";
  store::Stmt calls = s.db().MustPrepare(
      "SELECT count(*), sum(cost_calc_nanos IS NOT NULL AND " + parts + " <> cost_calc_nanos), "
      "sum(cost_calc_nanos IS NULL AND " + parts + " <> 0), sum(cost_web_search_nanos), "
      "sum(web_search) FROM calls");
  ASSERT_TRUE(calls.Step());
  EXPECT_GT(calls.Int(0), 500);
  EXPECT_EQ(calls.Int(1), 0);  // priced: parts sum to the cost
  EXPECT_EQ(calls.Int(2), 0);  // unpriced: no parts
  EXPECT_EQ(calls.Int(3), calls.Int(4) * 10'000'000);  // $10 per 1,000 searches
  EXPECT_GT(calls.Int(4), 0);
  // The rollup carries the same sums.
  store::Stmt rollup = s.db().MustPrepare("SELECT sum(" + parts + "), sum(cost_calc_nanos) FROM rollup");
  ASSERT_TRUE(rollup.Step());
  EXPECT_EQ(rollup.Int(0), rollup.Int(1));
  Sums got = SumCalls(s);
  EXPECT_EQ(rollup.Int(1), got.cost_calc);
}

}  // namespace
}  // namespace receipts::testing
