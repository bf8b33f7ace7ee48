// 5-hour blocks: window start floored to the hour, gaps, the active block's burn rate and
// projection, and the --token-limit status in JSON.
#include "core/time.h"
#include "reports/json.h"
#include "reports/report.h"
#include "support/test_support.h"

namespace receipts::testing {
namespace {

std::string Line(const std::string& id, const std::string& ts, int out) {
  return R"({"type":"assistant","sessionId":"s","cwd":"/w","timestamp":")" + ts +
         R"(","message":{"id":")" + id +
         R"(","model":"claude-haiku-4-5-20251001","usage":{"input_tokens":1000,"output_tokens":)" +
         std::to_string(out) + R"(,"cache_creation_input_tokens":0,"cache_read_input_tokens":0}}})" + "\n";
}

TEST(Blocks, WindowsGapsAndActiveProjection) {
  TempDir tmp;
  WriteFile(tmp.path() / "claude/projects/-w/s.jsonl",
            Line("a", "2026-03-01T10:17:00Z", 0) + Line("b", "2026-03-01T14:59:00Z", 0) +
                Line("c", "2026-03-01T15:01:00Z", 0) +  // past 15:00: a new block at 15:00
                Line("d", "2026-03-02T09:30:00Z", 1000) + Line("e", "2026-03-02T10:30:00Z", 1000));
  store::Store s = OpenStore((tmp.path() / "r.db").string());
  IngestOrDie(s, EnvWithClaude((tmp.path() / "claude").string(), tmp.str()));
  reports::Filters f;
  int64_t now = *parse_iso8601_ms("2026-03-02T11:30:00Z");
  auto r = reports::RunBlocks(s, f, now, 20000);
  ASSERT_TRUE(r.ok()) << r.status().message();
  const auto& b = r.value().blocks;
  ASSERT_EQ(b.size(), 4u);  // block, block, gap, active block
  EXPECT_EQ(format_iso8601_ms(b[0].start_ms), "2026-03-01T10:00:00.000Z");
  EXPECT_EQ(b[0].tokens.calls, 2);
  EXPECT_EQ(format_iso8601_ms(b[1].start_ms), "2026-03-01T15:00:00.000Z");
  EXPECT_TRUE(b[2].gap);
  EXPECT_TRUE(b[3].active);
  EXPECT_FALSE(b[1].active);
  EXPECT_EQ(format_iso8601_ms(b[3].start_ms), "2026-03-02T09:00:00.000Z");
  // 4,000 tokens over the 60 minutes between first and last activity: 66.67 tokens/minute;
  // 150 minutes remain until the block ends at 14:00, so 4,000 + 10,000 = 14,000 projected.
  EXPECT_NEAR(b[3].tokens_per_minute, 4000.0 / 60.0, 1e-9);
  EXPECT_EQ(b[3].projected_tokens, 14000);
  // haiku-4-5: 2 × (1000×$1 + 1000×$5)/MTok = 12,000,000 nanos, + 12M/60 × 150 projected.
  EXPECT_EQ(b[3].money.cost_nanos, 12'000'000);
  EXPECT_EQ(b[3].projected_cost_nanos, 42'000'000);
  auto j = reports::ToJson(r.value());
  EXPECT_EQ(j["blocks"][3]["tokenLimitStatus"]["status"], "ok");
  EXPECT_EQ(j["blocks"][3]["tokenLimitStatus"]["percentUsed"], 70.0);
  // `max`: the largest completed block (2 calls × 1,000 input tokens) becomes the limit.
  auto by_max = reports::RunBlocks(s, f, now, std::nullopt, true);
  ASSERT_TRUE(by_max.ok());
  EXPECT_EQ(by_max.value().token_limit, 2000);
  auto tight = reports::RunBlocks(s, f, now, 10000);
  EXPECT_EQ(reports::ToJson(tight.value())["blocks"][3]["tokenLimitStatus"]["status"], "exceeds");
  EXPECT_EQ(j["blocks"][3]["isActive"], true);
}

}  // namespace
}  // namespace receipts::testing
