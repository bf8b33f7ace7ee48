// The effective price table as JSON: every row of a PriceBook (bundled, with the user's
// overrides from config.toml applied), for `receipts pricing list --json` and
// GET /api/v1/pricing (the dashboard's Settings page), which print the same object.
// Pure function of its arguments; thread-safe.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "pricing/pricing.h"

namespace receipts::reports {

// {"pricing":[{"model","provider","validFrom","validTo","input","output","cacheWrite5m",
//   "cacheWrite1h","cacheRead","longContext":{"aboveTokens",…same five…}|null,
//   "fastMultiplier"|null,"source","override"}],
//  "unit":"USD per million tokens","webSearchPerThousand":10,
//  "config":{"path","exists"},"overrides":N}
// Prices are USD per million tokens (exact: the book holds integer micro-dollars); a price no
// source confirms is null. validFrom/validTo are UTC days (validTo exclusive) or null = open.
nlohmann::ordered_json PriceTableJson(const pricing::PriceBook& book, const std::string& config_path);

}  // namespace receipts::reports
