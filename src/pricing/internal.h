// Internal helpers shared by the pricing module's translation units (not a public API):
// exact decimal-USD → micro-dollar conversion, civil-date → UTC ms, the bundled rows.
// Pure functions; thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "pricing/pricing.h"

namespace receipts::pricing::internal {

// `3.75_usd` → 3'750'000 micro-dollars, parsed from the literal's characters at compile time,
// so no floating point is ever involved in a bundled price.
consteval int64_t operator""_usd(const char* s) {
  int64_t whole = 0;
  int64_t frac = 0;
  int frac_digits = 0;
  bool in_frac = false;
  for (; *s; ++s) {
    if (*s == '\'') continue;
    if (*s == '.') {
      if (in_frac) throw "two decimal points";
      in_frac = true;
      continue;
    }
    if (*s < '0' || *s > '9') throw "not a decimal literal";
    if (in_frac) {
      if (++frac_digits > 6) throw "more than 6 decimals";
      frac = frac * 10 + (*s - '0');
    } else {
      whole = whole * 10 + (*s - '0');
    }
  }
  for (; frac_digits < 6; ++frac_digits) frac *= 10;
  return whole * 1'000'000 + frac;
}

// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
constexpr int64_t DaysFromCivil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

// 00:00 UTC of the date, in ms since the epoch.
constexpr int64_t UtcMidnightMs(int64_t y, unsigned m, unsigned d) {
  return DaysFromCivil(y, m, d) * 86'400'000;
}

// The rows compiled into the binary (bundled_table.cpp).
std::vector<ModelPrice> BundledRows();

// Parses a non-negative decimal USD amount ("3", "0.30", "1e-1" is rejected) into micro-dollars,
// rounding half up beyond the 6th decimal. nullopt when the text is not such a number.
std::optional<int64_t> ParseUsdText(std::string_view text);

// Nearest micro-dollar of a non-negative finite double (0.3 → 300000 exactly).
std::optional<int64_t> UsdDoubleToMicros(double usd);

}  // namespace receipts::pricing::internal
