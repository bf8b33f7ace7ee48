// The price table compiled into the binary: every model of PRICING.md whose numbers are
// confirmed, effective-dated. Prices are written as decimal literals (`3.75_usd`) that are
// parsed at compile time into integer micro-dollars per million tokens, so the table reads
// like PRICING.md and no floating point is involved. Immutable data; thread-safe.
#include "pricing/internal.h"

#include <iterator>

namespace receipts::pricing::internal {
namespace {

constexpr int64_t kUnknown = kUnknownPrice;

// Columns in PRICING.md's order: input, 5m cache write, 1h cache write, cache read, output.
constexpr TokenPrices P(int64_t input, int64_t write_5m, int64_t write_1h, int64_t read,
                        int64_t output) {
  return TokenPrices{input, output, write_5m, write_1h, read};
}

// OpenAI has no cache-write price: a reported cache write (5m or 1h) is billed as input.
constexpr TokenPrices OpenAi(int64_t input, int64_t cached, int64_t output) {
  return P(input, input, input, cached, output);
}

// Gemini: cache writes are never reported by the CLIs and have no per-token price; unknown.
constexpr TokenPrices Gemini(int64_t input, int64_t cached, int64_t output) {
  return P(input, kUnknown, kUnknown, cached, output);
}

struct Row {
  const char* model;
  const char* provider;
  TokenPrices base;
  int64_t tier_threshold_tokens = 0;
  TokenPrices tier = {};
  int64_t fast_num = 0;
  int64_t fast_den = 1;
  int64_t valid_from_ms = 0;
  int64_t valid_to_ms = 0;
  const char* source = "";
};

constexpr const char* kD2 = "bundled: PRICING.md d2 (Anthropic pricing page)";
constexpr const char* kD2Old = "bundled: PRICING.md d2 older models (Anthropic list prices, standard multipliers)";
constexpr const char* kD2New = "bundled: PRICING.md d2 newer families (Anthropic pricing page, late 2026)";
constexpr const char* kD2Lc =
    "bundled: PRICING.md d2 (Anthropic pricing page; long-context tier per ccusage claude-sonnet-4, "
    "traceroost/core#128; 1h tier write = 2 x tier input)";
constexpr const char* kD2Fast = "bundled: PRICING.md d2 (Anthropic pricing page; fast mode per platform.claude.com fast-mode doc)";
constexpr const char* kD3 = "bundled: PRICING.md d3 (OpenAI; cache write billed as input)";
constexpr const char* kD3Fast = "bundled: PRICING.md d3 (OpenAI; cache write billed as input; fast x per ccusage overrides)";
constexpr const char* kD4 = "bundled: PRICING.md d4 (Google; cached price unconfirmed = unknown)";

constexpr int64_t kSonnet55ReadChange = UtcMidnightMs(2026, 10, 7);

constexpr Row kRows[] = {
    // --- Anthropic, 4.x family (d2 main table) ----------------------------------------------
    {"claude-opus-4-8", "anthropic", P(5_usd, 6.25_usd, 10_usd, 0.50_usd, 25_usd), 0, {}, 2, 1, 0, 0, kD2Fast},
    {"claude-opus-4-7", "anthropic", P(5_usd, 6.25_usd, 10_usd, 0.50_usd, 25_usd), 0, {}, 6, 1, 0, 0, kD2Fast},
    {"claude-opus-4-6", "anthropic", P(5_usd, 6.25_usd, 10_usd, 0.50_usd, 25_usd), 0, {}, 6, 1, 0, 0, kD2Fast},
    {"claude-opus-4-5", "anthropic", P(5_usd, 6.25_usd, 10_usd, 0.50_usd, 25_usd), 0, {}, 0, 1, 0, 0, kD2},
    {"claude-opus-4-1", "anthropic", P(15_usd, 18.75_usd, 30_usd, 1.50_usd, 75_usd), 0, {}, 0, 1, 0, 0, kD2},
    {"claude-opus-4", "anthropic", P(15_usd, 18.75_usd, 30_usd, 1.50_usd, 75_usd), 0, {}, 0, 1, 0, 0, kD2},
    {"claude-sonnet-4-6", "anthropic", P(3_usd, 3.75_usd, 6_usd, 0.30_usd, 15_usd), 0, {}, 0, 1, 0, 0, kD2},
    {"claude-sonnet-4-5", "anthropic", P(3_usd, 3.75_usd, 6_usd, 0.30_usd, 15_usd),
     200'000, P(6_usd, 7.50_usd, 12_usd, 0.60_usd, 22.50_usd), 0, 1, 0, 0, kD2Lc},
    {"claude-sonnet-4", "anthropic", P(3_usd, 3.75_usd, 6_usd, 0.30_usd, 15_usd),
     200'000, P(6_usd, 7.50_usd, 12_usd, 0.60_usd, 22.50_usd), 0, 1, 0, 0, kD2Lc},
    {"claude-haiku-4-5", "anthropic", P(1_usd, 1.25_usd, 2_usd, 0.10_usd, 5_usd), 0, {}, 0, 1, 0, 0, kD2},
    {"claude-3-5-haiku", "anthropic", P(0.80_usd, 1_usd, 1.6_usd, 0.08_usd, 4_usd), 0, {}, 0, 1, 0, 0, kD2},
    {"claude-3-haiku", "anthropic", P(0.25_usd, 0.30_usd, 0.50_usd, 0.03_usd, 1.25_usd), 0, {}, 0, 1, 0, 0, kD2},
    // --- Anthropic, older models (standard multipliers: 1.25x / 2x / 0.1x input) ----------------
    {"claude-3-7-sonnet", "anthropic", P(3_usd, 3.75_usd, 6_usd, 0.30_usd, 15_usd), 0, {}, 0, 1, 0, 0, kD2Old},
    {"claude-3-5-sonnet", "anthropic", P(3_usd, 3.75_usd, 6_usd, 0.30_usd, 15_usd), 0, {}, 0, 1, 0, 0, kD2Old},
    {"claude-3-sonnet", "anthropic", P(3_usd, 3.75_usd, 6_usd, 0.30_usd, 15_usd), 0, {}, 0, 1, 0, 0, kD2Old},
    {"claude-3-opus", "anthropic", P(15_usd, 18.75_usd, 30_usd, 1.50_usd, 75_usd), 0, {}, 0, 1, 0, 0, kD2Old},
    // --- Anthropic, newer families ------------------------------------------------------------
    {"claude-fable-5-1", "anthropic", P(10_usd, 12.50_usd, 20_usd, 0.25_usd, 50_usd), 0, {}, 0, 1, 0, 0, kD2New},
    {"claude-mythos-5-1", "anthropic", P(10_usd, 12.50_usd, 20_usd, 0.25_usd, 50_usd), 0, {}, 0, 1, 0, 0, kD2New},
    {"claude-fable-5", "anthropic", P(10_usd, 12.50_usd, 20_usd, 1_usd, 50_usd), 0, {}, 0, 1, 0, 0, kD2New},
    {"claude-mythos-5", "anthropic", P(10_usd, 12.50_usd, 20_usd, 1_usd, 50_usd), 0, {}, 0, 1, 0, 0, kD2New},
    {"claude-opus-5", "anthropic", P(5_usd, 6.25_usd, 10_usd, 0.50_usd, 25_usd), 0, {}, 2, 1, 0, 0,
     "bundled: PRICING.md d2 newer families (Anthropic pricing page, late 2026; fast x2 per fast-mode doc)"},
    // Opus 5.5: the 1h write price is `?` in PRICING.md, so it is unknown here (calls with 1h
    // writes stay unpriced); every other number is confirmed (cache read 0.05x, cc-switch#7599).
    {"claude-opus-5-5", "anthropic", P(4_usd, 5_usd, kUnknown, 0.20_usd, 20_usd), 0, {}, 0, 1, 0, 0,
     "bundled: PRICING.md d2 newer families (farion1231/cc-switch#7599; 1h write unconfirmed = unknown)"},
    {"claude-sonnet-5", "anthropic", P(2_usd, 2.50_usd, 4_usd, 0.20_usd, 10_usd), 0, {}, 0, 1, 0, 0, kD2New},
    {"claude-sonnet-5-5", "anthropic", P(2_usd, 2.50_usd, 4_usd, 0.20_usd, 10_usd), 0, {}, 0, 1,
     0, kSonnet55ReadChange, "bundled: PRICING.md d2 newer families (cache read 0.20 until 2026-10-07)"},
    {"claude-sonnet-5-5", "anthropic", P(2_usd, 2.50_usd, 4_usd, 0.10_usd, 10_usd), 0, {}, 0, 1,
     kSonnet55ReadChange, 0,
     "bundled: PRICING.md d2 newer families (cache read 0.10 from 2026-10-07, TheKrush/PromptFuel v1.0.23)"},
    // Haiku 5.5: prompt-size band at 100K (cache tokens included) as a whole-request tier. The
    // tier's cache prices apply the base ratios (1.25x, 2x, 0.1x) to the tier input (DESIGN §3).
    {"claude-haiku-5-5", "anthropic", P(0.10_usd, 0.125_usd, 0.20_usd, 0.01_usd, 0.50_usd),
     100'000, P(0.50_usd, 0.625_usd, 1_usd, 0.05_usd, 2.50_usd), 0, 1, 0, 0,
     "bundled: PRICING.md d2 newer families (PromptFuel; docs.rs synaps; >100K band cache prices "
     "derived with the base ratios)"},

    // --- OpenAI (d3) ------------------------------------------------------------------------
    {"gpt-5", "openai", OpenAi(1.25_usd, 0.125_usd, 10_usd), 0, {}, 0, 1, 0, 0, kD3},
    {"gpt-5-codex", "openai", OpenAi(1.25_usd, 0.125_usd, 10_usd), 0, {}, 0, 1, 0, 0, kD3},
    {"gpt-5.1", "openai", OpenAi(1.25_usd, 0.125_usd, 10_usd), 0, {}, 0, 1, 0, 0, kD3},
    {"gpt-5.1-codex", "openai", OpenAi(1.25_usd, 0.125_usd, 10_usd), 0, {}, 0, 1, 0, 0, kD3},
    {"gpt-5-mini", "openai", OpenAi(0.25_usd, 0.025_usd, 2_usd), 0, {}, 0, 1, 0, 0, kD3},
    {"gpt-5.2", "openai", OpenAi(1.75_usd, 0.175_usd, 14_usd), 0, {}, 0, 1, 0, 0, kD3},
    {"gpt-5.2-codex", "openai", OpenAi(1.75_usd, 0.175_usd, 14_usd), 0, {}, 0, 1, 0, 0, kD3},
    {"gpt-5.3-codex", "openai", OpenAi(1.75_usd, 0.175_usd, 14_usd), 0, {}, 2, 1, 0, 0, kD3Fast},
    {"gpt-5.4", "openai", OpenAi(2.50_usd, 0.25_usd, 15_usd), 0, {}, 2, 1, 0, 0, kD3Fast},
    {"gpt-5.4-mini", "openai", OpenAi(0.75_usd, 0.075_usd, 4.50_usd), 0, {}, 0, 1, 0, 0, kD3},
    {"gpt-5.4-nano", "openai", OpenAi(0.20_usd, 0.02_usd, 1.25_usd), 0, {}, 0, 1, 0, 0, kD3},
    {"gpt-5.5", "openai", OpenAi(5_usd, 0.50_usd, 30_usd), 0, {}, 5, 2, 0, 0, kD3Fast},
    {"gpt-5.6", "openai", P(5_usd, 6.25_usd, 6.25_usd, 0.50_usd, 30_usd), 0, {}, 0, 1, 0, 0,
     "bundled: PRICING.md d3 (PrimeIntellect-ai/prime-agent#361; cache write 1.25x input per "
     "ccusage/ccusage#1422)"},

    // --- Google (d4): cached price unknown except gemini-3-flash-preview --------------------
    {"gemini-2.5-pro", "google", Gemini(1.25_usd, kUnknown, 10_usd),
     200'000, Gemini(2.50_usd, kUnknown, 15_usd), 0, 1, 0, 0, kD4},
    {"gemini-2.5-flash", "google", Gemini(0.30_usd, kUnknown, 2.50_usd), 0, {}, 0, 1, 0, 0, kD4},
    {"gemini-2.5-flash-lite", "google", Gemini(0.10_usd, kUnknown, 0.40_usd), 0, {}, 0, 1, 0, 0, kD4},
    {"gemini-3-pro-preview", "google", Gemini(2_usd, kUnknown, 12_usd),
     200'000, Gemini(4_usd, kUnknown, 18_usd), 0, 1, 0, 0, kD4},
    {"gemini-3.1-pro-preview", "google", Gemini(2_usd, kUnknown, 12_usd),
     200'000, Gemini(4_usd, kUnknown, 18_usd), 0, 1, 0, 0, kD4},
    {"gemini-3-flash-preview", "google", Gemini(0.50_usd, 0.05_usd, 3_usd), 0, {}, 0, 1, 0, 0,
     "bundled: PRICING.md d4 (factquire.com quoting ai.google.dev, 2026-07-04)"},
    {"gemini-3.1-flash-lite-preview", "google", Gemini(0.25_usd, kUnknown, 1.50_usd), 0, {}, 0, 1, 0, 0,
     kD4},
};

}  // namespace

std::vector<ModelPrice> BundledRows() {
  std::vector<ModelPrice> out;
  out.reserve(std::size(kRows));
  for (const Row& r : kRows) {
    ModelPrice p;
    p.model = r.model;
    p.provider = r.provider;
    p.valid_from_ms = r.valid_from_ms;
    p.valid_to_ms = r.valid_to_ms;
    p.base = r.base;
    p.tier_threshold_tokens = r.tier_threshold_tokens;
    p.tier = r.tier;
    p.fast_multiplier_num = r.fast_num;
    p.fast_multiplier_den = r.fast_den;
    p.source = r.source;
    out.push_back(std::move(p));
  }
  return out;
}

}  // namespace receipts::pricing::internal
