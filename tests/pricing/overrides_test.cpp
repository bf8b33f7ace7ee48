// User overrides from TOML: exact conversion, effective-dated replacement, errors, fingerprint.
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

#include "pricing/pricing.h"
#include "test_util.h"

namespace receipts::pricing {
namespace {

using testing::Call;
using testing::kJan2026;
using testing::Tok;
using testing::Ts;

constexpr int64_t kM = 1'000'000;

bool Contains(const std::string& s, const std::string& part) {
  return s.find(part) != std::string::npos;
}

TEST(Overrides, NewModelWithDefaultCachePrices) {
  PriceBook book = PriceBook::Bundled();
  ASSERT_TRUE(book.ApplyOverridesToml(R"(
[general]
unrelated = true
[pricing.models."my-proxy-model"]
input = 3.0
output = 15
)", "config.toml").ok());
  const ModelPrice* row = book.Find("My-Proxy-Model", kJan2026);
  ASSERT_NE(row, nullptr);
  EXPECT_EQ(row->base.input, 3'000'000);
  EXPECT_EQ(row->base.output, 15'000'000);
  EXPECT_EQ(row->base.cache_write_5m, 3'750'000);  // 1.25 × input
  EXPECT_EQ(row->base.cache_write_1h, 6'000'000);  // 2 × input
  EXPECT_EQ(row->base.cache_read, 300'000);        // 0.1 × input
  EXPECT_EQ(row->provider, "custom");
  EXPECT_TRUE(Contains(row->source, "config.toml"));
  // 1M input → 3e6 × 1e6 / 1000 = 3,000,000,000.
  EXPECT_EQ(book.Cost(Call("my-proxy-model", Tok(kM))).cost_nanos, 3'000'000'000);
}

TEST(Overrides, DecimalsBecomeExactMicros) {
  PriceBook book;
  ASSERT_TRUE(book.ApplyOverridesToml(R"(
[pricing.models."m"]
input = 0.3
output = 1.1
cache_write_5m = "0.375"
cache_write_1h = 0.000001
cache_read = 0.03
fast_multiplier = 2.5
)", "c.toml").ok());
  const ModelPrice* row = book.Find("m", kJan2026);
  ASSERT_NE(row, nullptr);
  EXPECT_EQ(row->base.input, 300'000);
  EXPECT_EQ(row->base.output, 1'100'000);
  EXPECT_EQ(row->base.cache_write_5m, 375'000);
  EXPECT_EQ(row->base.cache_write_1h, 1);
  EXPECT_EQ(row->base.cache_read, 30'000);
  EXPECT_EQ(row->fast_multiplier_num, 5);
  EXPECT_EQ(row->fast_multiplier_den, 2);
}

TEST(Overrides, RoundsHalfUpOnceToTheNano) {
  PriceBook book;
  ASSERT_TRUE(book.ApplyOverridesToml(R"(
[pricing.models."tiny"]
input = "0.0015"
output = "0.0015"
)", "c.toml").ok());
  // 1 input token × 1500 micro-$/MTok = 1.5 nanos → 2 (half up).
  EXPECT_EQ(book.Cost(Call("tiny", Tok(1))).cost_nanos, 2);
  // 3 tokens = 4.5 nanos → 5.
  EXPECT_EQ(book.Cost(Call("tiny", Tok(3))).cost_nanos, 5);
  // 1 input + 1 output = 1.5 + 1.5 = 3.0 → 3 (rounded once, not 2 + 2).
  EXPECT_EQ(book.Cost(Call("tiny", Tok(1, 1))).cost_nanos, 3);
  // 1 cache read at 150 micro (0.1 × 1500) = 0.15 nanos → 0.
  EXPECT_EQ(book.Cost(Call("tiny", Tok(0, 0, 0, 0, 1))).cost_nanos, 0);
}

TEST(Overrides, ReplaceKnownModelFromValidFrom) {
  PriceBook book = PriceBook::Bundled();
  // Key spelled like a log id: canonicalized to claude-sonnet-4-5.
  ASSERT_TRUE(book.ApplyOverridesToml(R"(
[pricing.models."claude-sonnet-4.5"]
input = 4
output = 20
valid_from = "2026-03-01"
)", "c.toml").ok());
  // 100K input (under the 200K tier): bundled $3 → 100,000 × 3e6 / 1000 = 300,000,000 before;
  // from 2026-03-01 00:00 UTC $4 → 400,000,000.
  EXPECT_EQ(book.Cost(Call("claude-sonnet-4-5-20250929", Tok(100'000), Ts("2026-02-28T23:59:59Z")))
                .cost_nanos,
            300'000'000);
  EXPECT_EQ(book.Cost(Call("claude-sonnet-4-5", Tok(100'000), Ts("2026-03-01T00:00:00Z"))).cost_nanos,
            400'000'000);
  // The override states no tier, so from then on there is none: 200,001 × 4e6 → 800,004,000.
  EXPECT_EQ(book.Cost(Call("claude-sonnet-4-5", Tok(200'001), Ts("2026-03-02T00:00:00Z"))).cost_nanos,
            800'004'000);
  // The old row keeps its long-context tier for earlier calls: 200,001 × 6e6 → 1,200,006,000.
  CostBreakdown old_lc = book.Cost(Call("claude-sonnet-4-5", Tok(200'001), kJan2026));
  EXPECT_EQ(old_lc.cost_nanos, 1'200'006'000);
  int rows = 0;
  for (const ModelPrice& r : book.rows()) rows += r.model == "claude-sonnet-4-5";
  EXPECT_EQ(rows, 2);
}

TEST(Overrides, ValidFromDropsLaterBundledRowsAndValidToResumesThem) {
  PriceBook book = PriceBook::Bundled();
  ASSERT_TRUE(book.ApplyOverridesToml(R"(
[pricing.models."claude-sonnet-5-5"]
input = 2
output = 10
cache_read = 0.15
valid_from = 2026-06-01
[pricing.models."claude-opus-4-6"]
input = 6
output = 30
valid_from = "2026-03-01"
valid_to = "2026-04-01T00:00:00Z"
)", "c.toml").ok());
  auto read = [&](const char* ts) {
    return book.Cost(Call("claude-sonnet-5-5", Tok(0, 0, 0, 0, kM), Ts(ts))).cost_nanos;
  };
  EXPECT_EQ(read("2026-05-31T23:59:59Z"), 200'000'000);  // bundled $0.20
  EXPECT_EQ(read("2026-06-01T00:00:00Z"), 150'000'000);  // override $0.15
  EXPECT_EQ(read("2026-11-01T00:00:00Z"), 150'000'000);  // bundled 2026-10-07 row superseded
  // Bounded override: $5 → $6 in March only; fast ×6 inherited.  1M input.
  auto input = [&](const char* ts) {
    return book.Cost(Call("claude-opus-4-6", Tok(kM), Ts(ts))).cost_nanos;
  };
  EXPECT_EQ(input("2026-02-28T12:00:00Z"), 5'000'000'000);
  EXPECT_EQ(input("2026-03-15T12:00:00Z"), 6'000'000'000);
  EXPECT_EQ(input("2026-04-01T00:00:00Z"), 5'000'000'000);
  EXPECT_EQ(book.Cost(Call("claude-opus-4-6", Tok(1000), Ts("2026-03-15T12:00:00Z"), "fast"))
                .cost_nanos,
            36'000'000);  // 1000 × 6e6 × 6 / 1000
}

TEST(Overrides, LongContextTierFromToml) {
  PriceBook book;
  ASSERT_TRUE(book.ApplyOverridesToml(R"(
[pricing.models."lc"]
input = 1
output = 2
long_context_threshold = 1000
long_context_input = 10
long_context_output = 20
)", "c.toml").ok());
  // 1000 × 1e6 → 1,000,000; 1001 × 10e6 → 10,010,000.
  EXPECT_EQ(book.Cost(Call("lc", Tok(1000))).cost_nanos, 1'000'000);
  EXPECT_EQ(book.Cost(Call("lc", Tok(1001))).cost_nanos, 10'010'000);
  EXPECT_EQ(book.Find("lc", kJan2026)->tier.cache_write_1h, 20'000'000);
}

TEST(Overrides, ErrorsNameFileKeyAndExpectation) {
  struct Bad {
    const char* toml;
    std::vector<std::string> parts;
  };
  const Bad cases[] = {
      {"[pricing.models.\"x\"\ninput = ", {"bad.toml:1", "not valid TOML"}},
      {"[pricing.models.\"x\"]\ninput = \"abc\"\noutput = 1\n",
       {"bad.toml:2", "pricing.models.\"x\".input", "expected", "\"abc\""}},
      {"[pricing.models.\"x\"]\ninput = -1\noutput = 1\n", {"pricing.models.\"x\".input", "non-negative"}},
      {"[pricing.models.\"x\"]\ninput = 1\nouput = 1\n", {"pricing.models.\"x\".ouput", "unknown key"}},
      {"[pricing.models.\"x\"]\ninput = 1\n", {"bad.toml", "pricing.models.\"x\"", "output"}},
      {"[pricing.models.\"x\"]\ninput = 1\noutput = 1\nvalid_from = \"2026-13-01\"\n",
       {"valid_from", "YYYY-MM-DD"}},
      {"[pricing.models.\"<synthetic>\"]\ninput = 1\noutput = 1\n", {"never be priced"}},
      {"[pricing]\nmodels = 3\n", {"bad.toml", "pricing.models", "expected"}},
      {"pricing = 1\n", {"bad.toml", "pricing", "expected a table"}},
  };
  for (const Bad& b : cases) {
    SCOPED_TRACE(b.toml);
    PriceBook book = PriceBook::Bundled();
    const std::string before = book.Fingerprint();
    Status s = book.ApplyOverridesToml(b.toml, "bad.toml");
    ASSERT_FALSE(s.ok());
    for (const std::string& part : b.parts) EXPECT_TRUE(Contains(s.message(), part)) << s.message();
    EXPECT_EQ(book.Fingerprint(), before) << "a bad file must change nothing";
  }
}

TEST(Overrides, AFileIsAppliedWholeOrNotAtAll) {
  PriceBook book = PriceBook::Bundled();
  const std::string before = book.Fingerprint();
  Status s = book.ApplyOverridesToml(R"(
[pricing.models."a-good-one"]
input = 1
output = 2
[pricing.models."z-bad-one"]
input = 1
)", "c.toml");
  EXPECT_FALSE(s.ok());
  EXPECT_EQ(book.Find("a-good-one", kJan2026), nullptr);
  EXPECT_EQ(book.Fingerprint(), before);
}

TEST(Overrides, Files) {
  PriceBook book = PriceBook::Bundled();
  EXPECT_TRUE(book.ApplyOverridesFile("/nonexistent/receipts/config.toml").ok());
  const std::string dir = ::testing::TempDir();
  const std::string path = dir + "/receipts_pricing_bad.toml";
  {
    std::ofstream(path) << "[pricing.models.\"x\"]\ninput = true\noutput = 1\n";
  }
  Status s = book.ApplyOverridesFile(path);
  ASSERT_FALSE(s.ok());
  EXPECT_TRUE(Contains(s.message(), path)) << s.message();
  EXPECT_TRUE(Contains(s.message(), "pricing.models.\"x\".input")) << s.message();
  {
    std::ofstream(path) << "[pricing.models.\"x\"]\ninput = 1\noutput = 1\n";
  }
  EXPECT_TRUE(book.ApplyOverridesFile(path).ok());
  EXPECT_NE(book.Find("x", kJan2026), nullptr);
  std::filesystem::remove(path);
}

TEST(Fingerprint, StableAndChangesWithAnyPrice) {
  const PriceBook a = PriceBook::Bundled();
  const PriceBook b = PriceBook::Bundled();
  EXPECT_EQ(a.Fingerprint(), b.Fingerprint());
  PriceBook c = PriceBook::Bundled();
  ASSERT_TRUE(c.ApplyOverridesToml("[pricing.models.\"claude-haiku-4-5\"]\ninput = 1\noutput = 5\n"
                                   "cache_read = 0.11\n", "c.toml").ok());
  EXPECT_NE(c.Fingerprint(), a.Fingerprint());
  // Same prices as bundled (Haiku 4.5: 1 / 5 / 1.25 / 2 / 0.10) only change the source text,
  // which is not part of the fingerprint.
  PriceBook d = PriceBook::Bundled();
  ASSERT_TRUE(d.ApplyOverridesToml("[pricing.models.\"claude-haiku-4-5\"]\ninput = 1\noutput = 5\n",
                                   "c.toml").ok());
  EXPECT_EQ(d.Fingerprint(), a.Fingerprint());
  PriceBook e = PriceBook::Bundled();
  ASSERT_TRUE(e.ApplyOverridesToml("[pricing.models.\"new\"]\ninput = 1\noutput = 5\n", "c.toml").ok());
  EXPECT_NE(e.Fingerprint(), a.Fingerprint());
}

}  // namespace
}  // namespace receipts::pricing
