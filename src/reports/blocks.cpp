// `blocks`: 5-hour windows. A block starts at the first activity floored to the UTC hour and
// lasts 5 hours; activity after its end, or after a 5-hour gap, starts a new block.
#include <algorithm>
#include <set>

#include "core/time.h"
#include "reports/common.h"

namespace receipts::reports {
namespace {
constexpr int64_t kBlockMs = 5 * kMsPerHour;
}

Result<BlocksReport> RunBlocks(store::Store& store, const Filters& f, int64_t now_ms,
                               std::optional<int64_t> token_limit, bool token_limit_max) {
  std::string sql =
      "SELECT c.ts_ms, m.name, c.input, c.output, c.cache_write_total - c.cache_write_1h, "
      "c.cache_write_1h, c.cache_read, c.reasoning, c.web_search, " +
      internal::CallCostExpr(f.mode) + ", coalesce(c.cost_calc_nanos, 0), "
      "coalesce(c.cost_recorded_nanos, 0), " + internal::CallUnpricedExpr(f.mode) + " "
      "FROM calls c JOIN sessions s ON s.id = c.session_ref JOIN models m ON m.id = c.model_ref "
      "WHERE " + internal::WhereClause("c.ts_ms") + " ORDER BY c.ts_ms, c.id";
  auto st = store.db().Prepare(sql);
  if (!st.ok()) return Status::Error("blocks query failed: " + st.status().message());
  internal::BindFilters(st.value(), f);
  BlocksReport report;
  report.token_limit = token_limit;
  report.mode = f.mode;
  std::vector<std::set<std::string>> models;
  while (st.value().Step()) {
    store::Stmt& s = st.value();
    int64_t ts = s.Int(0);
    bool start_new = report.blocks.empty() || ts >= report.blocks.back().end_ms ||
                     ts - report.blocks.back().last_ms > kBlockMs;
    if (start_new) {
      if (!report.blocks.empty()) {
        Block gap;
        gap.gap = true;
        gap.start_ms = report.blocks.back().last_ms;
        gap.end_ms = ts - ts % kMsPerHour;
        if (gap.end_ms - gap.start_ms > kBlockMs) {
          report.blocks.push_back(gap);
          models.emplace_back();
        }
      }
      Block b;
      b.start_ms = ts - ts % kMsPerHour;
      b.end_ms = b.start_ms + kBlockMs;
      b.first_ms = ts;
      report.blocks.push_back(b);
      models.emplace_back();
    }
    Block& b = report.blocks.back();
    b.last_ms = ts;
    b.tokens.Add({1, s.Int(2), s.Int(3), s.Int(4), s.Int(5), s.Int(6), s.Int(7), s.Int(8)});
    b.money.Add({s.Int(9), s.Int(10), s.Int(11), s.Int(12)});
    models.back().insert(s.Text(1));
  }
  if (!st.value().status().ok()) return st.value().status();
  for (size_t i = 0; i < report.blocks.size(); ++i) {
    Block& b = report.blocks[i];
    b.models.assign(models[i].begin(), models[i].end());
    if (b.gap) continue;
    b.active = now_ms >= b.start_ms && now_ms < b.end_ms && now_ms - b.last_ms < kBlockMs;
    if (b.active) {
      double minutes = std::max(1.0, double(b.last_ms - b.first_ms) / kMsPerMinute);
      b.tokens_per_minute = double(b.tokens.total()) / minutes;
      b.cost_per_hour_usd = double(b.money.cost_nanos) / 1e9 / minutes * 60.0;
      double remaining = std::max(0.0, double(b.end_ms - now_ms) / kMsPerMinute);
      b.projected_tokens = b.tokens.total() + static_cast<int64_t>(b.tokens_per_minute * remaining);
      b.projected_cost_nanos =
          b.money.cost_nanos + static_cast<int64_t>(double(b.money.cost_nanos) / minutes * remaining);
    }
  }
  if (token_limit_max) {
    int64_t most = 0;
    for (const Block& b : report.blocks) {
      if (!b.gap && !b.active) most = std::max(most, b.tokens.total());
    }
    if (most > 0) report.token_limit = most;
  }
  if (f.descending) std::reverse(report.blocks.begin(), report.blocks.end());
  return report;
}

}  // namespace receipts::reports
