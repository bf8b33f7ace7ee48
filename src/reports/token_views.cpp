// The `tokens` view: spend by token type per model — input, output, 5-minute and 1-hour cache
// writes, cache reads and web searches — from the cost parts stored with each call
// (pricing::CostPart, summed in the rollup). The parts are of the calculated cost; where the
// report's mode uses a cost the agent recorded (auto: OpenClaw, pi, opencode, old Claude
// costUSD; display), one more row per model carries the difference, so every model's rows and
// the whole view sum to the same total as every other report.
#include <map>
#include <set>

#include "reports/common.h"
#include "reports/view.h"

namespace receipts::reports {

Result<ViewResult> RunTokens(store::Store& store, const Filters& f, const ViewParams&) {
  ViewResult v = internal::NewView("tokens", f);
  v.columns = {{"model", "Model", ColType::kText, 0},
               {"provider", "Provider", ColType::kText, 3},
               {"tokenType", "Token type", ColType::kText, 0},
               {"tokens", "Tokens", ColType::kInt, 1},
               {"totalCostNanos", "Cost (USD)", ColType::kNanos, 0},
               {"share", "Share", ColType::kPercent, 2}};
  std::string sql =
      "SELECT m.name, m.provider, sum(r.input), sum(r.output), sum(r.cache_write_5m), "
      "sum(r.cache_write_1h), sum(r.cache_read), sum(r.web_search), sum(r.cost_input_nanos), "
      "sum(r.cost_output_nanos), sum(r.cost_cache_write_5m_nanos), "
      "sum(r.cost_cache_write_1h_nanos), sum(r.cost_cache_read_nanos), "
      "sum(r.cost_web_search_nanos), sum(" + internal::RollupCostExpr(f.mode) + ") AS cost, sum(" +
      internal::RollupUnpricedExpr(f.mode) + ") "
      "FROM rollup r JOIN sessions s ON s.id = r.session_ref JOIN models m ON m.id = r.model_ref "
      "WHERE " + internal::WhereClause("r.bucket_ms") + " GROUP BY m.name ORDER BY cost " +
      (f.descending ? "ASC" : "DESC") + ", m.name";
  auto st = store.db().Prepare(sql);
  if (!st.ok()) return Status::Error("tokens query failed: " + st.status().message());
  internal::BindFilters(st.value(), f);
  static const char* kTypes[] = {"input", "output", "cache write 5m", "cache write 1h",
                                 "cache read", "web search (requests)"};
  const bool calculated_only = f.mode == CostMode::kCalculate || f.mode == CostMode::kCompare;
  int64_t total = 0;
  std::map<std::string, int64_t> tokens_by_type;
  std::set<std::string> unpriced;
  while (st.value().Step()) {
    store::Stmt& s = st.value();
    std::string model = s.Text(0), provider = s.Text(1);
    int64_t parts_sum = 0;
    for (int k = 0; k < 6; ++k) {
      int64_t tokens = s.Int(2 + k), cost = s.Int(8 + k);
      parts_sum += cost;
      if (tokens == 0 && cost == 0) continue;
      v.rows.push_back({{model, provider, std::string(kTypes[k]), tokens, cost, 0.0}, {}});
      if (k < 5) tokens_by_type[kTypes[k]] += tokens;
    }
    int64_t model_cost = s.Int(14);
    if (!calculated_only && model_cost != parts_sum) {
      // Recorded costs replace calculated ones in this mode: their difference, by model.
      v.rows.push_back({{model, provider, std::string("recorded by the agent (difference)"),
                         Value{}, model_cost - parts_sum, 0.0},
                        {}});
    }
    if (s.Int(15) > 0) unpriced.insert(model);
    total += model_cost;
  }
  if (!st.value().status().ok()) return st.value().status();
  for (ViewRow& row : v.rows) {
    int64_t cost = std::get<int64_t>(row.cells[4]);
    row.cells[5] = total != 0 ? 100.0 * double(cost) / double(total) : 0.0;
  }
  int64_t all_tokens = 0;
  for (const auto& [type, n] : tokens_by_type) all_tokens += n;
  v.totals = {std::string("Total"), Value{}, Value{}, all_tokens, total, total != 0 ? 100.0 : 0.0};
  v.unpriced_models.assign(unpriced.begin(), unpriced.end());
  v.notes.push_back(
      "Cost by token type is the calculated price of each kind; a call's one rounding goes to "
      "its kinds with the largest remainders, so the rows sum exactly to the total.");
  return v;
}

}  // namespace receipts::reports
