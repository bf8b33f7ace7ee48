// See price_table.h.
#include "reports/price_table.h"

#include <filesystem>

#include "core/time.h"

namespace receipts::reports {
namespace {

using nlohmann::ordered_json;

ordered_json Usd(int64_t micro_per_mtok) {
  if (micro_per_mtok < 0) return nullptr;  // pricing::kUnknownPrice
  return static_cast<double>(micro_per_mtok) / 1e6;
}

void AddPrices(ordered_json& o, const pricing::TokenPrices& p) {
  o["input"] = Usd(p.input);
  o["output"] = Usd(p.output);
  o["cacheWrite5m"] = Usd(p.cache_write_5m);
  o["cacheWrite1h"] = Usd(p.cache_write_1h);
  o["cacheRead"] = Usd(p.cache_read);
}

ordered_json Day(int64_t ms) {
  if (ms == 0) return nullptr;
  return format_iso8601_ms(ms).substr(0, 10);
}

}  // namespace

ordered_json PriceTableJson(const pricing::PriceBook& book, const std::string& config_path) {
  ordered_json rows = ordered_json::array();
  int64_t overrides = 0;
  for (const pricing::ModelPrice& p : book.rows()) {
    ordered_json r;
    r["model"] = p.model;
    r["provider"] = p.provider;
    r["validFrom"] = Day(p.valid_from_ms);
    r["validTo"] = Day(p.valid_to_ms);
    AddPrices(r, p.base);
    if (p.tier_threshold_tokens > 0) {
      ordered_json tier;
      tier["aboveTokens"] = p.tier_threshold_tokens;
      AddPrices(tier, p.tier);
      r["longContext"] = std::move(tier);
    } else {
      r["longContext"] = nullptr;
    }
    r["fastMultiplier"] = p.fast_multiplier_num > 0
                              ? ordered_json(static_cast<double>(p.fast_multiplier_num) /
                                             static_cast<double>(p.fast_multiplier_den))
                              : ordered_json(nullptr);
    r["source"] = p.source;
    bool is_override = p.source.rfind("config:", 0) == 0;  // pricing/overrides.cpp
    r["override"] = is_override;
    overrides += is_override;
    rows.push_back(std::move(r));
  }
  ordered_json out;
  out["pricing"] = std::move(rows);
  out["unit"] = "USD per million tokens";
  out["webSearchPerThousand"] =
      static_cast<double>(pricing::kWebSearchNanosPerRequest) * 1000 / 1e9;
  std::error_code ec;
  out["config"] = {{"path", config_path},
                   {"exists", !config_path.empty() && std::filesystem::exists(config_path, ec)}};
  out["overrides"] = overrides;
  return out;
}

}  // namespace receipts::reports
