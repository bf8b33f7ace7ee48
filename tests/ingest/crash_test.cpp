// kill -9 at random points of a scan, then a final scan: totals equal the ground truth.
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <random>

#include "core/time.h"
#include "demo/generator.h"
#include "support/test_support.h"

namespace receipts::testing {
namespace {

// A 200 MB corpus, as the engine issue asks; each attempt resumes from the last committed
// batch, so short random delays land the kills inside different phases of the scan.
TEST(CrashTest, FiveKillsDuringAScanThenIdenticalTotals) {
  TempDir tmp;
  demo::GeneratorOptions o;
  o.root = (tmp.path() / "claude").string();
  o.seed = 11;
  o.target_bytes = 200'000'000;
  o.end_ms = *parse_iso8601_ms("2026-05-01T00:00:00Z");
  auto truth = demo::GenerateClaudeCorpus(o);
  ASSERT_TRUE(truth.ok()) << truth.status().message();
  std::string db = (tmp.path() / "r.db").string();
  auto env = EnvWithClaude(o.root, tmp.str());
  std::mt19937 rng(1234);
  int killed_mid_scan = 0;
  for (int i = 0; i < 5; ++i) {
    pid_t pid = ::fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
      auto s = store::Store::Open(db);
      if (!s.ok()) ::_exit(3);
      ingest::IngestOptions opts;
      opts.env = env;
      opts.batch_bytes = 4 << 20;
      auto prices = pricing::PriceBook::Bundled();
      ::_exit(ingest::Ingest(s.value(), prices, opts).ok() ? 0 : 4);
    }
    ::usleep(std::uniform_int_distribution<int>(30'000, 300'000)(rng));
    ::kill(pid, SIGKILL);
    int status = 0;
    ::waitpid(pid, &status, 0);
    if (WIFSIGNALED(status)) killed_mid_scan++;
  }
  EXPECT_GE(killed_mid_scan, 3) << "no kill landed during a scan; the corpus is too small";
  store::Store s = OpenStore(db);
  IngestOrDie(s, env);
  int64_t input = 0, output = 0, cw = 0, cr = 0, cost = 0;
  for (const auto& c : truth.value().calls) {
    input += c.tokens.input;
    output += c.tokens.output;
    cw += c.tokens.cache_write();
    cr += c.tokens.cache_read;
    cost += c.cost_nanos;
  }
  Sums got = SumCalls(s);
  EXPECT_EQ(got.calls, static_cast<int64_t>(truth.value().calls.size()));
  EXPECT_EQ(got.input, input);
  EXPECT_EQ(got.output, output);
  EXPECT_EQ(got.cache_write, cw);
  EXPECT_EQ(got.cache_read, cr);
  EXPECT_EQ(got.cost_calc, cost);
  // The rollup the reports read agrees with the calls.
  store::Stmt st = s.db().MustPrepare("SELECT sum(calls), sum(input), sum(cost_calc_nanos) FROM rollup");
  ASSERT_TRUE(st.Step());
  EXPECT_EQ(st.Int(0), got.calls);
  EXPECT_EQ(st.Int(1), input);
  EXPECT_EQ(st.Int(2), cost);
}

}  // namespace
}  // namespace receipts::testing
