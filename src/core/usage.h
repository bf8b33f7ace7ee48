// The canonical usage event every source emits and the store keeps: one model call with four
// disjoint token kinds (DESIGN.md §3). Plain data; thread-compatible.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace receipts {

// Agent spellings, defined once (CLI, JSON, SQL).
inline constexpr const char* kAgentClaude = "claude";

struct TokenCounts {
  int64_t input = 0;           // uncached input
  int64_t output = 0;          // all billed output, reasoning included
  int64_t cache_write_5m = 0;  // cache writes with a 5-minute TTL (or unsplit writes)
  int64_t cache_write_1h = 0;  // cache writes with a 1-hour TTL
  int64_t cache_read = 0;
  int64_t reasoning = 0;       // informational subset of output

  int64_t cache_write() const { return cache_write_5m + cache_write_1h; }
  int64_t total() const { return input + output + cache_write() + cache_read; }
  bool operator==(const TokenCounts&) const = default;
};

// What the pricing engine needs to price one call.
struct PricedCall {
  std::string model;        // raw model id as logged
  int64_t ts_ms = 0;        // UTC instant of the call (selects the effective-dated price)
  TokenCounts tokens;
  int64_t web_search_requests = 0;
  std::string speed;        // "", "standard", "fast"
};

}  // namespace receipts
