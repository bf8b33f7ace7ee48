// Truth merging and the generator's own, deliberately independent, price table (PRICING.md d2).
#include "demo/truth_builder.h"

#include <algorithm>

namespace receipts::demo {

namespace {

// Micro-dollars per million tokens.
struct Prices {
  int64_t input, output, write_5m, write_1h, read;
};

struct ModelRow {
  const char* model;
  Prices base;
  bool has_tier;   // Sonnet 4 / 4.5: whole call at `tier` when the prompt exceeds 200K
  Prices tier;
  int64_t fast_mult;  // 0 = no fast mode
};

constexpr Prices kNoTier{0, 0, 0, 0, 0};
constexpr Prices kSonnet{3'000'000, 15'000'000, 3'750'000, 6'000'000, 300'000};
constexpr Prices kSonnetLong{6'000'000, 22'500'000, 7'500'000, 12'000'000, 600'000};

constexpr ModelRow kRows[] = {
    {"claude-opus-4-6", {5'000'000, 25'000'000, 6'250'000, 10'000'000, 500'000}, false, kNoTier,
     6},
    {"claude-sonnet-4-5-20250929", kSonnet, true, kSonnetLong, 0},
    {"claude-sonnet-4-20250514", kSonnet, true, kSonnetLong, 0},
    {"claude-haiku-4-5-20251001", {1'000'000, 5'000'000, 1'250'000, 2'000'000, 100'000}, false,
     kNoTier, 0},
};

constexpr int64_t kLongContextThreshold = 200'000;
constexpr int64_t kWebSearchNanos = 10'000'000;  // $10 per 1,000 requests

}  // namespace

std::optional<int64_t> ExpectedCostNanos(const std::string& model, const TokenCounts& t,
                                         int64_t web_search_requests, const std::string& speed) {
  const ModelRow* row = nullptr;
  for (const auto& r : kRows) {
    if (model == r.model) row = &r;
  }
  if (row == nullptr) return std::nullopt;
  int64_t prompt = t.input + t.cache_write_5m + t.cache_write_1h + t.cache_read;
  const Prices& p = (row->has_tier && prompt > kLongContextThreshold) ? row->tier : row->base;
  int64_t mult = (speed == "fast" && row->fast_mult > 0) ? row->fast_mult : 1;
  __int128 sum = static_cast<__int128>(t.input) * p.input +
                 static_cast<__int128>(t.output) * p.output +
                 static_cast<__int128>(t.cache_write_5m) * p.write_5m +
                 static_cast<__int128>(t.cache_write_1h) * p.write_1h +
                 static_cast<__int128>(t.cache_read) * p.read;
  sum *= mult;
  // tokens × micro-$/MTok = 1e-12 $ = 1e-3 nano-$: divide by 1000 once, half up.
  __int128 nanos = (sum + 500) / 1000;
  return static_cast<int64_t>(nanos) + web_search_requests * kWebSearchNanos;
}

void TruthBuilder::Add(const WrittenRecord& r) {
  auto [it, inserted] = index_.try_emplace(std::string(r.message_id), calls_.size());
  if (inserted) {
    Merged m;
    m.call.message_id = std::string(r.message_id);
    m.call.ts_ms = r.ts_ms;
    m.call.session_id = std::string(r.session_id);
    m.call.project = std::string(r.cwd);
    m.call.model = std::string(r.model);
    m.call.sidechain = r.sidechain;
    m.call.agent_type = std::string(r.agent_type);
    m.call.tokens.input = r.input;
    m.call.tokens.output = r.output;
    m.call.tokens.cache_read = r.cache_read;
    m.call.web_search_requests = r.web_search;
    m.call.speed = std::string(r.speed);
    m.call.recorded_cost_usd = r.cost_usd;
    m.cache_creation = r.cache_creation;
    m.cache_1h = r.cache_1h;
    m.has_main_copy = !r.sidechain;
    calls_.push_back(std::move(m));
    return;
  }
  Merged& m = calls_[it->second];
  TruthCall& c = m.call;
  c.ts_ms = std::min(c.ts_ms, r.ts_ms);
  c.tokens.input = std::max(c.tokens.input, r.input);
  c.tokens.output = std::max(c.tokens.output, r.output);
  c.tokens.cache_read = std::max(c.tokens.cache_read, r.cache_read);
  c.web_search_requests = std::max(c.web_search_requests, r.web_search);
  m.cache_creation = std::max(m.cache_creation, r.cache_creation);
  m.cache_1h = std::max(m.cache_1h, r.cache_1h);
  if (c.speed.empty()) c.speed = std::string(r.speed);
  if (!c.recorded_cost_usd && r.cost_usd) c.recorded_cost_usd = r.cost_usd;
  if (!m.has_main_copy && !r.sidechain) {
    // The first non-sidechain copy decides the attribution.
    m.has_main_copy = true;
    c.session_id = std::string(r.session_id);
    c.project = std::string(r.cwd);
    c.sidechain = false;
    c.agent_type = std::string(r.agent_type);
  }
}

void TruthBuilder::Finish(Truth& truth) {
  truth.calls.clear();
  truth.calls.reserve(calls_.size());
  for (auto& m : calls_) {
    TruthCall c = std::move(m.call);
    c.tokens.cache_write_1h = m.cache_1h;
    c.tokens.cache_write_5m = m.cache_creation - m.cache_1h;
    c.cost_nanos = ExpectedCostNanos(c.model, c.tokens, c.web_search_requests, c.speed).value_or(0);
    truth.calls.push_back(std::move(c));
  }
  std::sort(truth.calls.begin(), truth.calls.end(), [](const TruthCall& a, const TruthCall& b) {
    return a.ts_ms != b.ts_ms ? a.ts_ms < b.ts_ms : a.message_id < b.message_id;
  });
  calls_.clear();
  index_.clear();
}

}  // namespace receipts::demo
