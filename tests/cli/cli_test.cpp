// The binary end to end: golden outputs per report in table, JSON and CSV; the same totals from
// daily, weekly, monthly, session and `receipts sql`; clear errors for bad input.
#include <nlohmann/json.hpp>

#include <array>
#include <cstdio>
#include <fstream>
#include <sstream>

#include "support/test_support.h"

namespace receipts::testing {
namespace {
namespace fs = std::filesystem;

struct Output {
  int code = 0;
  std::string out, err;
};

class CliTest : public ::testing::Test {
 protected:
  Output Run(const std::string& args, const std::string& claude_dir = "") {
    std::string dir = claude_dir.empty() ? std::string(RECEIPTS_TEST_FIXTURES) + "/golden/claude" : claude_dir;
    std::string cmd = "env -i HOME=" + tmp_.str() + " TZ=UTC COLUMNS=200 NO_COLOR=1 CLAUDE_CONFIG_DIR=" + dir +
                      " " + RECEIPTS_BINARY + " " + args + " --db " + tmp_.str() + "/r.db 2>" +
                      tmp_.str() + "/err";
    Output o;
    FILE* p = ::popen(cmd.c_str(), "r");
    std::array<char, 4096> buf;
    size_t n;
    while ((n = std::fread(buf.data(), 1, buf.size(), p)) > 0) o.out.append(buf.data(), n);
    int status = ::pclose(p);
    o.code = WEXITSTATUS(status);
    std::ifstream err(tmp_.str() + "/err");
    std::stringstream ss;
    ss << err.rdbuf();
    o.err = ss.str();
    return o;
  }
  void Golden(const std::string& name, const std::string& actual) {
    fs::path path = fs::path(RECEIPTS_TEST_FIXTURES) / "golden" / name;
    if (std::getenv("RECEIPTS_UPDATE_GOLDEN")) WriteFile(path, actual);
    std::ifstream in(path, std::ios::binary);
    ASSERT_TRUE(in) << "missing golden file " << path << " (run with RECEIPTS_UPDATE_GOLDEN=1)";
    std::stringstream ss;
    ss << in.rdbuf();
    EXPECT_EQ(actual, ss.str()) << "golden " << name << " differs";
  }
  TempDir tmp_;
};

TEST_F(CliTest, GoldenOutputs) {
  for (const std::string report : {"daily", "weekly", "monthly", "session"}) {
    SCOPED_TRACE(report);
    Output table = Run(report + " -z UTC --breakdown");
    ASSERT_EQ(table.code, 0) << table.err;
    Golden(report + ".txt", table.out);
    Output json = Run(report + " -z UTC --json");
    ASSERT_EQ(json.code, 0) << json.err;
    Golden(report + ".json", json.out);
    Output csv = Run(report + " -z UTC --csv --breakdown");
    ASSERT_EQ(csv.code, 0) << csv.err;
    Golden(report + ".csv", csv.out);
  }
  Output detail = Run("session 5f0c1d2e --json");
  ASSERT_EQ(detail.code, 0) << detail.err;
  Golden("session-detail.json", detail.out);
  Output blocks = Run("blocks --json -z UTC");
  ASSERT_EQ(blocks.code, 0) << blocks.err;
  Golden("blocks.json", blocks.out);
}

TEST_F(CliTest, ExactCostsAndUnpricedFlagged) {
  Output json = Run("daily -z UTC --json --mode calculate");
  ASSERT_EQ(json.code, 0) << json.err;
  auto j = nlohmann::json::parse(json.out);
  // msg_g1 sonnet-4-5: 3×3 + 512×15 + 2000×6 (1h) + 10000×0.30 $/MTok + 1 web search
  //   = 9000 + 7680000 + 12000000 + 3000000 + 10000000 nanos = 32,689,000.
  // msg_g2 long context (prompt 210,000 > 200K): whole call at 6/22.5/7.5/0.60:
  //   900000000 + 22500000 + 225000000 + 18000000 = 1,165,500,000.
  // msg_g3 opus-4-6 fast ×6: (10×5 + 2000×25 + 50000×0.5) × 6 = (50000+50000000+25000000)×6
  //   = 450,300,000.  msg_g4 haiku-4-5: 1000×1 + 100×5 = 1,000,000 + 500,000 = 1,500,000.
  //   msg_g5 is unpriced: tokens counted, cost flagged.
  EXPECT_EQ(j["totals"]["totalCostNanos"], 32'689'000 + 1'165'500'000 + 450'300'000 + 1'500'000);
  EXPECT_EQ(j["totals"]["inputTokens"], 3 + 150000 + 10 + 1000 + 77);
  EXPECT_EQ(j["unpricedModels"], nlohmann::json::array({"acme-proxy-model"}));
  EXPECT_EQ(j["daily"].size(), 4u);
  EXPECT_EQ(j["daily"][0]["date"], "2026-03-01");
  Output ny = Run("daily -z America/New_York --json");
  auto jn = nlohmann::json::parse(ny.out);
  EXPECT_EQ(jn["daily"][0]["date"], "2026-03-01");  // 23:59Z and 00:01Z are both Mar 1 in NY
  EXPECT_EQ(jn["daily"].size(), 3u);
  Output table = Run("daily");
  EXPECT_NE(table.out.find("Unpriced models"), std::string::npos);
  EXPECT_NE(table.out.find("acme-proxy-model"), std::string::npos);
}

TEST_F(CliTest, EveryReportAndSqlAgreeOnTheTotal) {
  for (const std::string filter : {"", "--since 2026-03-02", "--until 20260310", "-z Asia/Tokyo",
                                   "--project ACME", "--mode calculate"}) {
    SCOPED_TRACE(filter);
    int64_t want = -1;
    for (const std::string report : {"daily", "weekly", "monthly", "session"}) {
      Output o = Run(report + " --json " + filter);
      ASSERT_EQ(o.code, 0) << o.err;
      auto j = nlohmann::json::parse(o.out);
      int64_t total = j["totals"]["totalCostNanos"];
      int64_t rows = 0;
      for (const auto& [k, v] : j.items()) {
        if (!v.is_array() || k == "unpricedModels") continue;
        for (const auto& row : v) rows += row["totalCostNanos"].get<int64_t>();
      }
      EXPECT_EQ(rows, total) << report;
      if (want < 0) want = total;
      EXPECT_EQ(total, want) << report;
    }
  }
  Output sql = Run("sql --json \"SELECT sum(cost_auto_nanos) AS c, sum(input_tokens) AS i FROM usage\"");
  ASSERT_EQ(sql.code, 0) << sql.err;
  auto s = nlohmann::json::parse(sql.out);
  auto daily = nlohmann::json::parse(Run("daily --json").out);
  EXPECT_EQ(s[0]["c"], daily["totals"]["totalCostNanos"]);
  EXPECT_EQ(s[0]["i"], daily["totals"]["inputTokens"]);
}

TEST_F(CliTest, BadInputGetsOneClearLineAndNonZeroExit) {
  struct Case {
    std::string args, needle;
  };
  for (const Case& c : std::vector<Case>{
           {"daily --since 2026-13-01", "--since '2026-13-01' is not a valid date"},
           {"daily -z Mars/Base", "unknown time zone 'Mars/Base'"},
           {"daily --mode cheap", "--mode 'cheap' is not a cost mode"},
           {"daily --order sideways", "--order 'sideways' is not valid"},
           {"daily --agent cursor", "--agent 'cursor' is not a supported agent"},
           {"daily --bogus", "--bogus"},
           {"session no-such-session", "no session 'no-such-session'"},
           {"sql \"DELETE FROM calls\"", "only read-only statements"},
           {"sql \"SELECT nope FROM nowhere\"", "SQL error"},
           {"weekly --start-of-week someday", "is not a weekday"}}) {
    SCOPED_TRACE(c.args);
    Output o = Run(c.args);
    EXPECT_NE(o.code, 0);
    EXPECT_NE(o.err.find(c.needle), std::string::npos) << o.err;
    EXPECT_EQ(o.err.find("terminate"), std::string::npos);
  }
}

TEST_F(CliTest, CorruptStoreIsAClearError) {
  WriteFile(tmp_.path() / "r.db", "this is not a database, just text that is long enough to matter");
  Output o = Run("daily");
  EXPECT_NE(o.code, 0);
  EXPECT_NE(o.err.find("r.db"), std::string::npos) << o.err;
}

TEST_F(CliTest, NoLogsSaysWhereItLookedAndSuggestsDemo) {
  Output o = Run("daily", tmp_.str() + "/nowhere");
  EXPECT_EQ(o.code, 0);
  EXPECT_NE(o.out.find("No agent logs found"), std::string::npos) << o.out;
  EXPECT_NE(o.out.find(tmp_.str() + "/nowhere"), std::string::npos);
  EXPECT_NE(o.out.find("receipts demo"), std::string::npos);
}

TEST_F(CliTest, DemoGeneratesAndReports) {
  Output o = Run("demo --bytes 400000");
  EXPECT_EQ(o.code, 0) << o.err;
  EXPECT_NE(o.out.find("Generated a sample history"), std::string::npos);
  EXPECT_NE(o.out.find(" unique calls from claude, codex, gemini, openclaw, pi and opencode ("), std::string::npos) << o.out;
  EXPECT_NE(o.out.find("Total"), std::string::npos);
  EXPECT_NE(o.out.find("See it in the dashboard: receipts serve --demo\n"), std::string::npos);
  // Without --keep the generated directory is gone.
  size_t at = o.out.find(" in /");
  ASSERT_NE(at, std::string::npos);
  std::string dir = o.out.substr(at + 4, o.out.find('\n', at) - at - 4);
  EXPECT_EQ(dir.rfind(fs::temp_directory_path().string() + "/receipts-demo-", 0), 0u) << dir;
  EXPECT_FALSE(fs::exists(dir)) << dir;
}

TEST_F(CliTest, ServeDemoRefusesAStoreOfItsOwn) {
  Output o = Run("serve --demo");  // Run passes --db
  EXPECT_EQ(o.code, 1);
  EXPECT_EQ(o.err, "receipts: --demo serves a generated history with its own store; drop --db and --no-scan\n");
}

}  // namespace
}  // namespace receipts::testing
