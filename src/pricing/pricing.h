// Pricing engine: a bundled, effective-dated price table (PRICING.md), model-id aliases and
// provider prefixes, user overrides from config.toml, and exact per-call cost in nano-dollars.
// A PriceBook is immutable after construction/overrides and safe to share across threads.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/status.h"
#include "core/usage.h"

namespace receipts::pricing {

// Prices are integers: micro-dollars per million tokens ($3.00/MTok = 3'000'000), so every
// published price, down to $0.01/MTok, is exact.
// A price nobody has confirmed (PRICING.md `?`). A call that has tokens of such a kind is
// unpriced (cost nullopt, with a reason); a call without them is priced normally.
inline constexpr int64_t kUnknownPrice = -1;

struct TokenPrices {
  int64_t input = 0;
  int64_t output = 0;
  int64_t cache_write_5m = 0;
  int64_t cache_write_1h = 0;
  int64_t cache_read = 0;
};

struct ModelPrice {
  std::string model;           // canonical id, e.g. "claude-sonnet-4-5"
  std::string provider;        // "anthropic", "openai", "google"
  int64_t valid_from_ms = 0;   // inclusive, UTC ms; 0 = since forever
  int64_t valid_to_ms = 0;     // exclusive; 0 = still valid
  TokenPrices base;
  // Long-context tier: when a call's prompt (input + cache writes + cache reads) exceeds
  // `tier_threshold_tokens`, EVERY token of the call is billed at `tier` prices. 0 = no tier.
  int64_t tier_threshold_tokens = 0;
  TokenPrices tier;
  // Fast mode (`usage.speed == "fast"`): multiplier num/den on all token prices; 0 = unknown.
  int64_t fast_multiplier_num = 0;
  int64_t fast_multiplier_den = 1;
  std::string source;          // where the number comes from ("bundled: PRICING.md d2", "config")
};

// The parts of a priced call's cost, in CostBreakdown::part_nanos order.
enum CostPart { kPartInput, kPartOutput, kPartCacheWrite5m, kPartCacheWrite1h, kPartCacheRead,
                kPartWebSearch, kCostParts };

struct CostBreakdown {
  std::optional<int64_t> cost_nanos;  // nullopt = unpriced model (never a silent 0)
  // The cost by token kind plus web search; Σ = *cost_nanos exactly (the one rounding of the
  // call's token cost goes to the kinds with the largest remainders). All 0 when unpriced.
  std::array<int64_t, kCostParts> part_nanos{};
  std::string canonical_model;        // the table row used ("" when unpriced)
  bool long_context = false;          // the tier applied
  bool fast_unknown = false;          // speed=fast but no known multiplier: standard price used
  std::string unpriced_reason;        // why cost_nanos is nullopt ("" when priced)
};

class PriceBook {
 public:
  // The table bundled into the binary.
  static PriceBook Bundled();

  // Applies `[pricing.models."<id>"]` tables from a config.toml file (see docs/CONFIG.md).
  // A missing file is not an error. A malformed one is, naming file, key and reason.
  Status ApplyOverridesFile(const std::string& path);
  Status ApplyOverridesToml(std::string_view toml_text, const std::string& origin);

  // Installs `row` as the price of `row.model` (canonicalized) from `row.valid_from_ms` on:
  // rows of that model starting at or after it are dropped, the one in force then is cut
  // short at it, earlier rows stay for earlier calls. `row.valid_to_ms` is kept as given.
  void ApplyOverride(ModelPrice row);

  // Maps a logged model id to its canonical id: strips provider/cloud prefixes
  // (`anthropic/`, `us.anthropic.`, `…-v1:0`), date suffixes (`-20250514`), `[1m]`, and
  // dotted versions (`claude-sonnet-4.5` → `claude-sonnet-4-5`).
  std::string Canonicalize(std::string_view raw_model) const;

  // The row in force for the model at the instant, or nullptr when unpriced.
  const ModelPrice* Find(std::string_view raw_model, int64_t ts_ms) const;

  // Exact cost: Σ tokens × price (× fast multiplier) + web searches at $10/1000,
  // rounded once (half up) to the nano-dollar.
  CostBreakdown Cost(const PricedCall& call) const;

  // Every row, for `receipts pricing list/show`.
  const std::vector<ModelPrice>& rows() const { return rows_; }

  // Changes whenever any price in the book changes (stored costs are recomputed then).
  std::string Fingerprint() const;

 private:
  void Reindex();
  const ModelPrice* FindCanonical(const std::string& canonical, int64_t ts_ms) const;
  std::vector<ModelPrice> rows_;
  std::unordered_map<std::string, std::vector<size_t>> index_;  // model → rows_ positions
};

// Web search: $10 per 1,000 requests = 10'000'000 nano-dollars per request.
inline constexpr int64_t kWebSearchNanosPerRequest = 10'000'000;

}  // namespace receipts::pricing
