// Shared helpers for the pricing tests.
#pragma once

#include <string>

#include "core/time.h"
#include "pricing/pricing.h"

namespace receipts::pricing::testing {

inline int64_t Ts(const char* iso) { return *parse_iso8601_ms(iso); }

// A mid-January 2026 call, before every effective-dated change in the table.
inline const int64_t kJan2026 = Ts("2026-01-15T12:00:00Z");

inline PricedCall Call(std::string model, TokenCounts t, int64_t ts = kJan2026,
                       std::string speed = "", int64_t web_searches = 0) {
  PricedCall c;
  c.model = std::move(model);
  c.tokens = t;
  c.ts_ms = ts;
  c.speed = std::move(speed);
  c.web_search_requests = web_searches;
  return c;
}

// TokenCounts in the order input, output, 5m write, 1h write, read.
inline TokenCounts Tok(int64_t in, int64_t out = 0, int64_t w5 = 0, int64_t w1 = 0, int64_t rd = 0) {
  TokenCounts t;
  t.input = in;
  t.output = out;
  t.cache_write_5m = w5;
  t.cache_write_1h = w1;
  t.cache_read = rd;
  return t;
}

}  // namespace receipts::pricing::testing
