// PriceBook: row lookup by canonical id and instant, exact integer cost, effective-dated
// overrides and the fingerprint. See pricing.h. Const methods are thread-safe.
#include "pricing/pricing.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <limits>
#include <numeric>

#include "core/hash.h"
#include "core/time.h"
#include "pricing/internal.h"

namespace receipts::pricing {
namespace {

constexpr int64_t kMin = std::numeric_limits<int64_t>::min();
constexpr int64_t kMax = std::numeric_limits<int64_t>::max();

// [valid_from, valid_to) with the 0 = open convention turned into real bounds.
int64_t Lo(int64_t valid_from_ms) { return valid_from_ms == 0 ? kMin : valid_from_ms; }
int64_t Hi(int64_t valid_to_ms) { return valid_to_ms == 0 ? kMax : valid_to_ms; }
int64_t FromLo(int64_t lo) { return lo == kMin ? 0 : lo; }
int64_t FromHi(int64_t hi) { return hi == kMax ? 0 : hi; }

// floor(a / b) for b > 0.
__int128 FloorDiv(__int128 a, __int128 b) {
  __int128 q = a / b;
  if ((a % b != 0) && (a < 0)) --q;
  return q;
}


std::string DescribeInstant(int64_t ts_ms) {
  return ts_ms == 0 ? std::string("(no timestamp)") : format_iso8601_ms(ts_ms);
}

}  // namespace

PriceBook PriceBook::Bundled() {
  PriceBook book;
  book.rows_ = internal::BundledRows();
  book.Reindex();
  return book;
}

void PriceBook::Reindex() {
  std::stable_sort(rows_.begin(), rows_.end(), [](const ModelPrice& a, const ModelPrice& b) {
    if (a.model != b.model) return a.model < b.model;
    return Lo(a.valid_from_ms) < Lo(b.valid_from_ms);
  });
  index_.clear();
  for (size_t i = 0; i < rows_.size(); ++i) index_[rows_[i].model].push_back(i);
}

void PriceBook::ApplyOverride(ModelPrice row) {
  row.model = Canonicalize(row.model);
  if (row.fast_multiplier_den <= 0) {
    row.fast_multiplier_num = 0;
    row.fast_multiplier_den = 1;
  }
  const int64_t lo = Lo(row.valid_from_ms);
  const int64_t hi = Hi(row.valid_to_ms);
  std::vector<ModelPrice> kept;
  kept.reserve(rows_.size() + 2);
  for (ModelPrice& r : rows_) {
    const int64_t r_lo = Lo(r.valid_from_ms);
    const int64_t r_hi = Hi(r.valid_to_ms);
    if (r.model != row.model || r_hi <= lo || r_lo >= hi) {  // untouched
      kept.push_back(std::move(r));
      continue;
    }
    if (r_lo < lo) {  // the part before the override stays for earlier calls
      ModelPrice before = r;
      before.valid_to_ms = FromHi(lo);
      kept.push_back(std::move(before));
    }
    if (r_hi > hi) {  // the part after a bounded override resumes
      ModelPrice after = r;
      after.valid_from_ms = FromLo(hi);
      kept.push_back(std::move(after));
    }
  }
  kept.push_back(std::move(row));
  rows_ = std::move(kept);
  Reindex();
}

const ModelPrice* PriceBook::FindCanonical(const std::string& canonical, int64_t ts_ms) const {
  if (canonical.empty() || canonical == "<synthetic>") return nullptr;
  auto it = index_.find(canonical);
  if (it == index_.end()) return nullptr;
  const ModelPrice* best = nullptr;
  for (size_t i : it->second) {
    const ModelPrice& r = rows_[i];
    if (ts_ms < Lo(r.valid_from_ms) || ts_ms >= Hi(r.valid_to_ms)) continue;
    if (best == nullptr || Lo(r.valid_from_ms) >= Lo(best->valid_from_ms)) best = &r;
  }
  return best;
}

const ModelPrice* PriceBook::Find(std::string_view raw_model, int64_t ts_ms) const {
  return FindCanonical(Canonicalize(raw_model), ts_ms);
}

namespace {

// Canonicalize allocates several strings, and a scan prices one call after another from a
// handful of spellings: each thread remembers its last few (Canonicalize depends on the text
// alone, not on the book).
const std::string& CanonicalOf(const PriceBook& book, std::string_view raw) {
  struct Entry {
    std::string raw, canonical;
    bool used = false;
  };
  thread_local std::array<Entry, 8> memo;
  thread_local size_t next = 0;
  for (const Entry& e : memo) {
    if (e.used && e.raw == raw) return e.canonical;
  }
  Entry& e = memo[next];
  next = (next + 1) % memo.size();
  e.raw.assign(raw);
  e.canonical = book.Canonicalize(raw);
  e.used = true;
  return e.canonical;
}

}  // namespace

CostBreakdown PriceBook::Cost(const PricedCall& call) const {
  CostBreakdown out;
  const std::string& canonical = CanonicalOf(*this, call.model);
  const ModelPrice* row = FindCanonical(canonical, call.ts_ms);
  if (row == nullptr) {
    if (canonical.empty() || canonical == "<synthetic>") {
      out.unpriced_reason = fmt::format("model '{}' is never priced", call.model);
    } else if (index_.count(canonical) != 0) {
      out.unpriced_reason = fmt::format("no price for model '{}' at {}", canonical,
                                        DescribeInstant(call.ts_ms));
    } else {
      out.unpriced_reason = fmt::format("unknown model '{}'", call.model);
    }
    return out;
  }

  const TokenCounts& t = call.tokens;
  const __int128 prompt = static_cast<__int128>(t.input) + t.cache_write_5m + t.cache_write_1h +
                          t.cache_read;
  const bool tiered = row->tier_threshold_tokens > 0 && prompt > row->tier_threshold_tokens;
  const TokenPrices& p = tiered ? row->tier : row->base;

  struct Kind {
    const char* name;
    int64_t tokens;
    int64_t price;
  };
  const Kind kinds[] = {{"input", t.input, p.input},
                        {"output", t.output, p.output},
                        {"cache_write_5m", t.cache_write_5m, p.cache_write_5m},
                        {"cache_write_1h", t.cache_write_1h, p.cache_write_1h},
                        {"cache_read", t.cache_read, p.cache_read}};
  __int128 micro_tokens = 0;  // Σ tokens × micro-dollars per million tokens
  for (const Kind& k : kinds) {
    if (k.tokens == 0) continue;
    if (k.price < 0) {
      out.unpriced_reason =
          fmt::format("the {}{} price of '{}' is not confirmed (PRICING.md '?')",
                      tiered ? "long-context " : "", k.name, row->model);
      return out;
    }
    micro_tokens += static_cast<__int128>(k.tokens) * k.price;
  }

  int64_t num = 1;
  int64_t den = 1;
  if (call.speed == "fast") {
    if (row->fast_multiplier_num > 0 && row->fast_multiplier_den > 0) {
      num = row->fast_multiplier_num;
      den = row->fast_multiplier_den;
    } else {
      out.fast_unknown = true;
    }
  }
  // micro-$/MTok × tokens = 1e-12 $ = 1e-3 nano-$: one division by 1000 × den, rounded half up.
  const __int128 divisor = static_cast<__int128>(1000) * den;
  __int128 nanos = FloorDiv(2 * micro_tokens * num + divisor, 2 * divisor);
  // Each kind's share: its exact value floored, then the units the single rounding above adds
  // go one each to the kinds with the largest remainders (earlier kinds first on ties).
  __int128 floors[5], rems[5], floor_sum = 0;
  for (int k = 0; k < 5; ++k) {
    __int128 exact = static_cast<__int128>(kinds[k].tokens) * (kinds[k].price < 0 ? 0 : kinds[k].price) * num;
    floors[k] = FloorDiv(exact, divisor);
    rems[k] = exact - floors[k] * divisor;
    floor_sum += floors[k];
  }
  for (__int128 left = nanos - floor_sum; left > 0; --left) {
    int best = -1;
    for (int k = 0; k < 5; ++k) {
      if (rems[k] > 0 && (best < 0 || rems[k] > rems[best])) best = k;
    }
    if (best < 0) break;
    floors[best] += 1;
    rems[best] = 0;
  }
  const __int128 web = static_cast<__int128>(call.web_search_requests) * kWebSearchNanosPerRequest;
  nanos += web;
  if (nanos > kMax || nanos < kMin) {
    out.unpriced_reason = fmt::format("cost of a '{}' call overflows", row->model);
    return out;
  }
  for (int k = 0; k < 5; ++k) out.part_nanos[k] = static_cast<int64_t>(floors[k]);
  out.part_nanos[kPartWebSearch] = static_cast<int64_t>(web);
  out.cost_nanos = static_cast<int64_t>(nanos);
  out.canonical_model = row->model;
  out.long_context = tiered;
  return out;
}

std::string PriceBook::Fingerprint() const {
  // Every number that can change a cost, one line per row; the source text is left out on
  // purpose (rewording a source must not force a recompute). Bump kEngine when Cost() changes.
  static constexpr std::string_view kEngine = "receipts-pricing-v2";  // v2: cost parts
  std::vector<std::string> lines;
  lines.reserve(rows_.size());
  auto prices = [](const TokenPrices& p) {
    return fmt::format("{},{},{},{},{}", p.input, p.output, p.cache_write_5m, p.cache_write_1h,
                       p.cache_read);
  };
  for (const ModelPrice& r : rows_) {
    lines.push_back(fmt::format("{}|{}|{}|{}|{}|{}|{}|{}/{}", r.model, r.provider, r.valid_from_ms,
                                r.valid_to_ms, prices(r.base), r.tier_threshold_tokens,
                                prices(r.tier), r.fast_multiplier_num, r.fast_multiplier_den));
  }
  std::sort(lines.begin(), lines.end());
  uint64_t h = Fnv1a(kEngine);
  for (const std::string& line : lines) {
    h = Fnv1a(line, h);
    h = Fnv1a("\n", h);
  }
  return fmt::format("{}:{:016x}", kEngine, h);
}

}  // namespace receipts::pricing
