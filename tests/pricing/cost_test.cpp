// Exact costs from the bundled table. 1M tokens at $X/MTok cost X × 1e9 nano-dollars; every
// expected value below is worked out by hand in its comment.
#include <gtest/gtest.h>

#include "pricing/pricing.h"
#include "test_util.h"

namespace receipts::pricing {
namespace {

using testing::Call;
using testing::kJan2026;
using testing::Tok;
using testing::Ts;

constexpr int64_t kM = 1'000'000;
constexpr int64_t kB = 1'000'000'000;  // nanos per dollar

struct BasePriceCase {
  const char* model;
  // Expected nanos for 1M tokens of each kind = the $/MTok price × 1e9.
  int64_t input, output, write_5m, write_1h, read;
};

class BasePrice : public ::testing::TestWithParam<BasePriceCase> {};

TEST_P(BasePrice, EachKindAtOneMillionTokens) {
  const PriceBook book = PriceBook::Bundled();
  const BasePriceCase& c = GetParam();
  auto cost = [&](TokenCounts t) { return book.Cost(Call(c.model, t)).cost_nanos; };
  EXPECT_EQ(cost(Tok(kM)), c.input);
  EXPECT_EQ(cost(Tok(0, kM)), c.output);
  EXPECT_EQ(cost(Tok(0, 0, kM)), c.write_5m);
  EXPECT_EQ(cost(Tok(0, 0, 0, kM)), c.write_1h);
  EXPECT_EQ(cost(Tok(0, 0, 0, 0, kM)), c.read);
}

// Small prompts only (1M of one kind would trip a long-context tier): the tiered models are
// checked with 100K tokens below, so here 1M tokens of cache write/read stay in tier-free rows.
INSTANTIATE_TEST_SUITE_P(
    Claude, BasePrice,
    ::testing::Values(
        //            model               in       out      5m        1h       read
        BasePriceCase{"claude-opus-4-8", 5 * kB, 25 * kB, 6'250'000'000, 10 * kB, 500'000'000},
        BasePriceCase{"claude-opus-4-7", 5 * kB, 25 * kB, 6'250'000'000, 10 * kB, 500'000'000},
        BasePriceCase{"claude-opus-4-6", 5 * kB, 25 * kB, 6'250'000'000, 10 * kB, 500'000'000},
        BasePriceCase{"claude-opus-4-5", 5 * kB, 25 * kB, 6'250'000'000, 10 * kB, 500'000'000},
        BasePriceCase{"claude-opus-4-1", 15 * kB, 75 * kB, 18'750'000'000, 30 * kB, 1'500'000'000},
        BasePriceCase{"claude-opus-4", 15 * kB, 75 * kB, 18'750'000'000, 30 * kB, 1'500'000'000},
        BasePriceCase{"claude-sonnet-4-6", 3 * kB, 15 * kB, 3'750'000'000, 6 * kB, 300'000'000},
        BasePriceCase{"claude-haiku-4-5", 1 * kB, 5 * kB, 1'250'000'000, 2 * kB, 100'000'000},
        BasePriceCase{"claude-3-5-haiku", 800'000'000, 4 * kB, 1 * kB, 1'600'000'000, 80'000'000},
        BasePriceCase{"claude-3-haiku", 250'000'000, 1'250'000'000, 300'000'000, 500'000'000,
                      30'000'000},
        BasePriceCase{"claude-3-7-sonnet", 3 * kB, 15 * kB, 3'750'000'000, 6 * kB, 300'000'000},
        BasePriceCase{"claude-3-5-sonnet", 3 * kB, 15 * kB, 3'750'000'000, 6 * kB, 300'000'000},
        BasePriceCase{"claude-3-sonnet", 3 * kB, 15 * kB, 3'750'000'000, 6 * kB, 300'000'000},
        BasePriceCase{"claude-3-opus", 15 * kB, 75 * kB, 18'750'000'000, 30 * kB, 1'500'000'000},
        BasePriceCase{"claude-fable-5-1", 10 * kB, 50 * kB, 12'500'000'000, 20 * kB, 250'000'000},
        BasePriceCase{"claude-mythos-5-1", 10 * kB, 50 * kB, 12'500'000'000, 20 * kB, 250'000'000},
        BasePriceCase{"claude-fable-5", 10 * kB, 50 * kB, 12'500'000'000, 20 * kB, 1 * kB},
        BasePriceCase{"claude-mythos-5", 10 * kB, 50 * kB, 12'500'000'000, 20 * kB, 1 * kB},
        BasePriceCase{"claude-opus-5", 5 * kB, 25 * kB, 6'250'000'000, 10 * kB, 500'000'000},
        BasePriceCase{"claude-sonnet-5", 2 * kB, 10 * kB, 2'500'000'000, 4 * kB, 200'000'000},
        // Sonnet 5.5 in January 2026: read still $0.20.
        BasePriceCase{"claude-sonnet-5-5", 2 * kB, 10 * kB, 2'500'000'000, 4 * kB, 200'000'000}));

INSTANTIATE_TEST_SUITE_P(
    OpenAi, BasePrice,
    ::testing::Values(
        // No write price: a reported cache write is billed as input (5m and 1h alike).
        BasePriceCase{"gpt-5", 1'250'000'000, 10 * kB, 1'250'000'000, 1'250'000'000, 125'000'000},
        BasePriceCase{"gpt-5-codex", 1'250'000'000, 10 * kB, 1'250'000'000, 1'250'000'000, 125'000'000},
        BasePriceCase{"gpt-5-mini", 250'000'000, 2 * kB, 250'000'000, 250'000'000, 25'000'000},
        BasePriceCase{"gpt-5.3-codex", 1'750'000'000, 14 * kB, 1'750'000'000, 1'750'000'000, 175'000'000},
        BasePriceCase{"gpt-5.4-nano", 200'000'000, 1'250'000'000, 200'000'000, 200'000'000, 20'000'000},
        // gpt-5.6 writes at 1.25 × $5 = $6.25.
        BasePriceCase{"gpt-5.6", 5 * kB, 30 * kB, 6'250'000'000, 6'250'000'000, 500'000'000}));

// The tiered Claude models at 100K tokens per kind (prompt ≤ threshold): price × 1e8 nanos.
TEST(Cost, TieredModelsBelowTheirThreshold) {
  const PriceBook book = PriceBook::Bundled();
  const int64_t k100 = 100'000;
  for (const char* model : {"claude-sonnet-4-5", "claude-sonnet-4"}) {
    SCOPED_TRACE(model);
    EXPECT_EQ(book.Cost(Call(model, Tok(k100))).cost_nanos, 300'000'000);        // $3 / 10
    EXPECT_EQ(book.Cost(Call(model, Tok(0, k100))).cost_nanos, 1'500'000'000);  // $15 / 10
    EXPECT_EQ(book.Cost(Call(model, Tok(0, 0, k100))).cost_nanos, 375'000'000);  // $3.75 / 10
    EXPECT_EQ(book.Cost(Call(model, Tok(0, 0, 0, k100))).cost_nanos, 600'000'000);  // $6 / 10
    EXPECT_EQ(book.Cost(Call(model, Tok(0, 0, 0, 0, k100))).cost_nanos, 30'000'000);  // $0.30 / 10
  }
  // Haiku 5.5 at 10K tokens per kind (band at 100K): price × 1e7 nanos.
  const int64_t k10 = 10'000;
  const char* h = "claude-haiku-5-5";
  EXPECT_EQ(book.Cost(Call(h, Tok(k10))).cost_nanos, 1'000'000);              // $0.10
  EXPECT_EQ(book.Cost(Call(h, Tok(0, k10))).cost_nanos, 5'000'000);           // $0.50
  EXPECT_EQ(book.Cost(Call(h, Tok(0, 0, k10))).cost_nanos, 1'250'000);        // $0.125
  EXPECT_EQ(book.Cost(Call(h, Tok(0, 0, 0, k10))).cost_nanos, 2'000'000);     // $0.20
  EXPECT_EQ(book.Cost(Call(h, Tok(0, 0, 0, 0, k10))).cost_nanos, 100'000);    // $0.01
}

TEST(Cost, MixedCallSumsEveryKindThenRoundsOnce) {
  const PriceBook book = PriceBook::Bundled();
  // claude-sonnet-4-5: 1234 × 3e6 + 567 × 15e6 + 2000 × 3.75e6 + 3000 × 6e6 + 45678 × 0.3e6
  //  = 3,702,000,000 + 8,505,000,000 + 7,500,000,000 + 18,000,000,000 + 13,703,400,000
  //  = 51,410,400,000 micro-$·tok/MTok → / 1000 = 51,410,400 nanos ($0.0514104).
  CostBreakdown c = book.Cost(Call("claude-sonnet-4-5", Tok(1234, 567, 2000, 3000, 45678)));
  EXPECT_EQ(c.cost_nanos, 51'410'400);
  EXPECT_EQ(c.canonical_model, "claude-sonnet-4-5");
  EXPECT_FALSE(c.long_context);
  EXPECT_EQ(c.unpriced_reason, "");
}

// Cost remembers each thread's last few spellings (8): more spellings than that, in turns,
// still price each call by its own model, and one spelling priced by two books gets each
// book's price.
TEST(Cost, ManySpellingsInTurnsEachPricedByItsOwnModel) {
  const PriceBook book = PriceBook::Bundled();
  // 100K input tokens (below any long-context tier): Sonnet 4.5 $0.30, Opus 4.6 $0.50,
  // Haiku 4.5 $0.10.
  const std::vector<std::pair<const char*, int64_t>> spellings = {
      {"claude-sonnet-4-5", 3 * kB / 10},         {"claude-sonnet-4-5-20250929", 3 * kB / 10},
      {"anthropic/claude-sonnet-4.5", 3 * kB / 10}, {"claude-sonnet-4-5[1m]", 3 * kB / 10},
      {"claude-opus-4-6", 5 * kB / 10},           {"us.anthropic.claude-opus-4-6-v1:0", 5 * kB / 10},
      {"Claude-Opus-4-6", 5 * kB / 10},           {"claude-haiku-4-5", 1 * kB / 10},
      {"claude-haiku-4-5-20251001", 1 * kB / 10}, {"anthropic/claude-haiku-4.5", 1 * kB / 10},
      {"mystery-model", -1}};
  for (int round = 0; round < 3; ++round) {
    for (const auto& [model, want] : spellings) {
      SCOPED_TRACE(model);
      CostBreakdown c = book.Cost(Call(model, Tok(kM / 10)));
      if (want < 0) {
        EXPECT_FALSE(c.cost_nanos.has_value());
        EXPECT_EQ(c.unpriced_reason, "unknown model 'mystery-model'");
      } else {
        EXPECT_EQ(c.cost_nanos, want);
      }
    }
  }
  PriceBook cheap = PriceBook::Bundled();
  ASSERT_TRUE(cheap.ApplyOverridesToml(R"([pricing.models."claude-sonnet-4-5"]
input = 1.5
output = 7.5
)", "test").ok());
  EXPECT_EQ(cheap.Cost(Call("claude-sonnet-4-5-20250929", Tok(kM / 10))).cost_nanos, 15 * kB / 100);
  EXPECT_EQ(book.Cost(Call("claude-sonnet-4-5-20250929", Tok(kM / 10))).cost_nanos, 3 * kB / 10);
}

TEST(Cost, OneHourWritesCostTwiceInputFiveMinuteWrites125) {
  const PriceBook book = PriceBook::Bundled();
  // Opus 4.6, 10,000 tokens: 5m = 10,000 × 6.25e6 / 1000 = 62,500,000; 1h = × 10e6 = 100,000,000.
  EXPECT_EQ(book.Cost(Call("claude-opus-4-6", Tok(0, 0, 10'000))).cost_nanos, 62'500'000);
  EXPECT_EQ(book.Cost(Call("claude-opus-4-6", Tok(0, 0, 0, 10'000))).cost_nanos, 100'000'000);
}

TEST(Cost, LongContextIsWholeRequestAboveThreshold) {
  const PriceBook book = PriceBook::Bundled();
  // 199,999 × 3e6 + 1000 × 15e6 = 599,997,000,000 + 15,000,000,000 → 614,997,000 nanos.
  CostBreakdown below = book.Cost(Call("claude-sonnet-4-5", Tok(199'999, 1000)));
  EXPECT_EQ(below.cost_nanos, 614'997'000);
  EXPECT_FALSE(below.long_context);
  // Exactly 200,000 is not "over": 600,000,000,000 + 15,000,000,000 → 615,000,000.
  EXPECT_EQ(book.Cost(Call("claude-sonnet-4-5", Tok(200'000, 1000))).cost_nanos, 615'000'000);
  // 200,001 × 6e6 + 1000 × 22.5e6 = 1,200,006,000,000 + 22,500,000,000 → 1,222,506,000.
  CostBreakdown above = book.Cost(Call("claude-sonnet-4-5", Tok(200'001, 1000)));
  EXPECT_EQ(above.cost_nanos, 1'222'506'000);
  EXPECT_TRUE(above.long_context);
  // Same for Sonnet 4 (dated id).
  EXPECT_EQ(book.Cost(Call("claude-sonnet-4-20250514", Tok(200'001, 1000))).cost_nanos,
            1'222'506'000);
  // The prompt counts cache tokens: input 1 + 1h write 100,000 + read 100,000 = 200,001 →
  // 1 × 6e6 + 100,000 × 12e6 + 100,000 × 0.6e6 = 6,000,000 + 1.2e12 + 6e10 → 1,260,006,000.
  CostBreakdown cached = book.Cost(Call("claude-sonnet-4-5", Tok(1, 0, 0, 100'000, 100'000)));
  EXPECT_EQ(cached.cost_nanos, 1'260'006'000);
  EXPECT_TRUE(cached.long_context);
  // Long-context 1h write is $12/MTok: 1M × 12e6 / 1000 = 12,000,000,000 ($12).
  EXPECT_EQ(book.Cost(Call("claude-sonnet-4-5", Tok(0, 0, 0, kM))).cost_nanos, 12 * kB);
  // 5m write $7.50 and read $0.60 in the tier.
  EXPECT_EQ(book.Cost(Call("claude-sonnet-4-5", Tok(0, 0, kM))).cost_nanos, 7'500'000'000);
  EXPECT_EQ(book.Cost(Call("claude-sonnet-4-5", Tok(0, 0, 0, 0, kM))).cost_nanos, 600'000'000);
  // Sonnet 4.6 and Opus 4.6 have no premium: 200,001 × 3e6 + 1000 × 15e6 → 615,003,000.
  CostBreakdown flat = book.Cost(Call("claude-sonnet-4-6", Tok(200'001, 1000)));
  EXPECT_EQ(flat.cost_nanos, 615'003'000);
  EXPECT_FALSE(flat.long_context);
  // 500,000 × 5e6 → 2,500,000,000.
  EXPECT_EQ(book.Cost(Call("claude-opus-4-6[1m]", Tok(500'000))).cost_nanos, 2'500'000'000);
}

TEST(Cost, Haiku55BandAt100K) {
  const PriceBook book = PriceBook::Bundled();
  // 100,000 × 0.1e6 + 1000 × 0.5e6 = 10,000,000,000 + 500,000,000 → 10,500,000.
  CostBreakdown at = book.Cost(Call("claude-haiku-5-5", Tok(100'000, 1000)));
  EXPECT_EQ(at.cost_nanos, 10'500'000);
  EXPECT_FALSE(at.long_context);
  // 100,001 × 0.5e6 + 1000 × 2.5e6 = 50,000,500,000 + 2,500,000,000 → 52,500,500.
  CostBreakdown over = book.Cost(Call("claude-haiku-5-5", Tok(100'001, 1000)));
  EXPECT_EQ(over.cost_nanos, 52'500'500);
  EXPECT_TRUE(over.long_context);
  // Band includes cache reads: 50,000 × 0.5e6 + 50,001 × 0.05e6 = 25e9 + 2,500,050,000 → 27,500,050.
  EXPECT_EQ(book.Cost(Call("claude-haiku-5-5", Tok(50'000, 0, 0, 0, 50'001))).cost_nanos, 27'500'050);
}

TEST(Cost, PerModelCacheReadAndEffectiveDatedChange) {
  const PriceBook book = PriceBook::Bundled();
  // 1M reads: Fable 5.1 $0.25, Fable 5 $1.00.
  EXPECT_EQ(book.Cost(Call("claude-fable-5-1", Tok(0, 0, 0, 0, kM))).cost_nanos, 250'000'000);
  EXPECT_EQ(book.Cost(Call("claude-fable-5", Tok(0, 0, 0, 0, kM))).cost_nanos, 1 * kB);
  // Sonnet 5.5: $0.20 until 2026-10-07 00:00 UTC, $0.10 from then on.
  auto read = [&](const char* ts) {
    return book.Cost(Call("claude-sonnet-5-5", Tok(0, 0, 0, 0, kM), Ts(ts))).cost_nanos;
  };
  EXPECT_EQ(read("2026-10-06T23:59:59.999Z"), 200'000'000);
  EXPECT_EQ(read("2026-10-07T00:00:00Z"), 100'000'000);
  EXPECT_EQ(read("2027-03-01T00:00:00Z"), 100'000'000);
  EXPECT_EQ(book.Find("claude-sonnet-5-5", Ts("2026-10-07T00:00:00Z"))->base.cache_read, 100'000);
}

TEST(Cost, FastMode) {
  const PriceBook book = PriceBook::Bundled();
  // Opus 4.6: (1000 × 5e6 + 1000 × 25e6) = 30,000,000,000; standard → 30,000,000; × 6 → 180,000,000.
  EXPECT_EQ(book.Cost(Call("claude-opus-4-6", Tok(1000, 1000))).cost_nanos, 30'000'000);
  EXPECT_EQ(book.Cost(Call("claude-opus-4-6", Tok(1000, 1000), kJan2026, "standard")).cost_nanos,
            30'000'000);
  CostBreakdown fast = book.Cost(Call("claude-opus-4-6", Tok(1000, 1000), kJan2026, "fast"));
  EXPECT_EQ(fast.cost_nanos, 180'000'000);
  EXPECT_FALSE(fast.fast_unknown);
  EXPECT_EQ(book.Cost(Call("claude-opus-4-7", Tok(1000, 1000), kJan2026, "fast")).cost_nanos,
            180'000'000);
  // Opus 4.8 and Opus 5 × 2 → 60,000,000.
  EXPECT_EQ(book.Cost(Call("claude-opus-4-8", Tok(1000, 1000), kJan2026, "fast")).cost_nanos,
            60'000'000);
  EXPECT_EQ(book.Cost(Call("claude-opus-5", Tok(1000, 1000), kJan2026, "fast")).cost_nanos,
            60'000'000);
  // gpt-5.5 × 5/2: (1000 × 5e6 + 1000 × 30e6) × 5 / 2 = 87,500,000,000 → 87,500,000.
  EXPECT_EQ(book.Cost(Call("gpt-5.5", Tok(1000, 1000), kJan2026, "fast")).cost_nanos, 87'500'000);
  // gpt-5.4 × 2: (1000 × 2.5e6) × 2 → 5,000,000.  gpt-5.3-codex × 2: 1000 × 1.75e6 × 2 → 3,500,000.
  EXPECT_EQ(book.Cost(Call("gpt-5.4", Tok(1000), kJan2026, "fast")).cost_nanos, 5'000'000);
  EXPECT_EQ(book.Cost(Call("gpt-5.3-codex", Tok(1000), kJan2026, "fast")).cost_nanos, 3'500'000);
  // The "-fast" id suffix alone does not imply fast: speed is passed separately.
  EXPECT_EQ(book.Cost(Call("claude-opus-4-6-fast", Tok(1000, 1000))).cost_nanos, 30'000'000);
  // Unknown multiplier: standard price, flagged.  1000 × 3e6 → 3,000,000.
  CostBreakdown unknown = book.Cost(Call("claude-sonnet-4-5", Tok(1000), kJan2026, "fast"));
  EXPECT_EQ(unknown.cost_nanos, 3'000'000);
  EXPECT_TRUE(unknown.fast_unknown);
  EXPECT_FALSE(book.Cost(Call("claude-sonnet-4-5", Tok(1000))).fast_unknown);
}

TEST(Cost, WebSearchIsTenDollarsPerThousandAndNotFastMultiplied) {
  const PriceBook book = PriceBook::Bundled();
  // 2 searches × 10,000,000 nanos.
  EXPECT_EQ(book.Cost(Call("claude-sonnet-4-5", Tok(0), kJan2026, "", 2)).cost_nanos, 20'000'000);
  // Opus 4.6 fast: 1000 × 5e6 × 6 / 1000 = 30,000,000 + 3 × 10,000,000 = 60,000,000.
  EXPECT_EQ(book.Cost(Call("claude-opus-4-6", Tok(1000), kJan2026, "fast", 3)).cost_nanos,
            60'000'000);
  EXPECT_EQ(kWebSearchNanosPerRequest, 10'000'000);
}

TEST(Cost, UnpricedIsNulloptNeverZero) {
  const PriceBook book = PriceBook::Bundled();
  for (const char* model : {"<synthetic>", "totally-unknown", "", "claude-instant-1.2"}) {
    SCOPED_TRACE(model);
    CostBreakdown c = book.Cost(Call(model, Tok(1000, 1000), kJan2026, "", 1));
    EXPECT_FALSE(c.cost_nanos.has_value());
    EXPECT_EQ(c.canonical_model, "");
    EXPECT_NE(c.unpriced_reason, "");
    EXPECT_EQ(book.Find(model, kJan2026), nullptr);
  }
}

TEST(Cost, UnconfirmedPriceOnlyBlocksCallsThatNeedIt) {
  const PriceBook book = PriceBook::Bundled();
  // Opus 5.5: 1h write is `?`. 1000 × 4e6 + 1000 × 5e6 = 9,000,000,000 → 9,000,000.
  EXPECT_EQ(book.Cost(Call("claude-opus-5-5", Tok(1000, 0, 1000))).cost_nanos, 9'000'000);
  CostBreakdown one_hour = book.Cost(Call("claude-opus-5-5", Tok(1000, 0, 0, 1000)));
  EXPECT_FALSE(one_hour.cost_nanos.has_value());
  EXPECT_NE(one_hour.unpriced_reason.find("cache_write_1h"), std::string::npos);
  // Gemini 2.5 Pro: cached price `?`. 300,000 input is over 200K → all at $2.50:
  // 300,000 × 2.5e6 → 750,000,000 ($0.75, as in the gemini-cost tests).
  CostBreakdown pro = book.Cost(Call("gemini-2.5-pro", Tok(300'000)));
  EXPECT_EQ(pro.cost_nanos, 750'000'000);
  EXPECT_TRUE(pro.long_context);
  // 100,000 × 1.25e6 + 1000 × 10e6 = 125e9 + 10e9 → 135,000,000.
  EXPECT_EQ(book.Cost(Call("gemini-2.5-pro", Tok(100'000, 1000))).cost_nanos, 135'000'000);
  EXPECT_FALSE(book.Cost(Call("gemini-2.5-pro", Tok(1000, 0, 0, 0, 10))).cost_nanos.has_value());
  // gemini-3-flash-preview is fully confirmed: 1000 × 0.5e6 + 1000 × 3e6 + 10,000 × 0.05e6
  // = 500,000,000 + 3,000,000,000 + 500,000,000 → 4,000,000.
  EXPECT_EQ(book.Cost(Call("gemini-3-flash-preview", Tok(1000, 1000, 0, 0, 10'000))).cost_nanos,
            4'000'000);
}

TEST(Table, RowsAreWellFormed) {
  const PriceBook book = PriceBook::Bundled();
  for (const ModelPrice& r : book.rows()) {
    SCOPED_TRACE(r.model);
    EXPECT_FALSE(r.source.empty());
    EXPECT_FALSE(r.provider.empty());
    EXPECT_EQ(book.Canonicalize(r.model), r.model) << "row ids must be canonical";
    EXPECT_GT(r.base.input, 0);
    EXPECT_GT(r.base.output, 0);
    EXPECT_GE(r.fast_multiplier_den, 1);
    // No two rows of one model overlap.
    for (const ModelPrice& o : book.rows()) {
      if (&o == &r || o.model != r.model) continue;
      bool disjoint = (r.valid_to_ms != 0 && r.valid_to_ms <= o.valid_from_ms) ||
                      (o.valid_to_ms != 0 && o.valid_to_ms <= r.valid_from_ms);
      EXPECT_TRUE(disjoint) << o.model;
    }
  }
  for (const char* m :
       {"claude-3-haiku", "claude-3-sonnet", "claude-3-opus", "claude-3-5-sonnet",
        "claude-3-5-haiku", "claude-3-7-sonnet", "claude-opus-4", "claude-opus-4-1",
        "claude-opus-4-5", "claude-opus-4-6", "claude-opus-4-7", "claude-opus-4-8",
        "claude-sonnet-4", "claude-sonnet-4-5", "claude-sonnet-4-6", "claude-haiku-4-5",
        "claude-opus-5", "claude-sonnet-5", "claude-sonnet-5-5", "claude-fable-5",
        "claude-fable-5-1", "claude-mythos-5", "claude-mythos-5-1", "claude-haiku-5-5"}) {
    EXPECT_NE(book.Find(m, kJan2026), nullptr) << m;
  }
}

}  // namespace
}  // namespace receipts::pricing

namespace receipts::pricing {
namespace {

TEST(CostParts, EachKindAndWebSearchSumToTheCost) {
  const PriceBook book = PriceBook::Bundled();
  // The mixed call above, kind by kind: 3,702,000 + 8,505,000 + 7,500,000 + 18,000,000 +
  // 13,703,400 = 51,410,400; plus 2 web searches × 10,000,000.
  CostBreakdown c =
      book.Cost(testing::Call("claude-sonnet-4-5", testing::Tok(1234, 567, 2000, 3000, 45678),
                              testing::kJan2026, "", 2));
  EXPECT_EQ(c.cost_nanos, 71'410'400);
  EXPECT_EQ(c.part_nanos, (std::array<int64_t, kCostParts>{3'702'000, 8'505'000, 7'500'000,
                                                           18'000'000, 13'703'400, 20'000'000}));
  // Unpriced: no parts.
  CostBreakdown none = book.Cost(testing::Call("totally-unknown", testing::Tok(1000)));
  EXPECT_EQ(none.part_nanos, (std::array<int64_t, kCostParts>{}));
}

TEST(CostParts, TheOneRoundingGoesToTheLargestRemainders) {
  PriceBook book = PriceBook::Bundled();
  // $0.0001/MTok input = 100 micro-$/MTok: 0.1 nanos a token; output $0.0007 = 0.7 nanos;
  // cache read $0.00045 = 0.45 nanos (cache writes default from input: 0.125 and 0.2).
  ASSERT_TRUE(book.ApplyOverridesToml(R"(
[pricing.models."tiny-model"]
input = 0.0001
output = 0.0007
cache_read = 0.00045
)", "config.toml").ok());
  // 3 input = 0.3, 1 output = 0.7, 1 read = 0.45: exact 1.45 → cost rounds half up to 1.
  // Floors 0, 0, 0 leave 1 unit for the largest remainder: output (0.7).
  CostBreakdown c = book.Cost(testing::Call("tiny-model", testing::Tok(3, 1, 0, 0, 1)));
  EXPECT_EQ(c.cost_nanos, 1);
  EXPECT_EQ(c.part_nanos, (std::array<int64_t, kCostParts>{0, 1, 0, 0, 0, 0}));
  // 5 input = 0.5, 5 read = 2.25: exact 2.75 → 3; floors 0 + 2, remainders 0.5 and 0.25:
  // the one extra unit goes to input.
  CostBreakdown d = book.Cost(testing::Call("tiny-model", testing::Tok(5, 0, 0, 0, 5)));
  EXPECT_EQ(d.cost_nanos, 3);
  EXPECT_EQ(d.part_nanos, (std::array<int64_t, kCostParts>{1, 0, 0, 0, 2, 0}));
}

}  // namespace
}  // namespace receipts::pricing
