// daily / weekly / monthly / session list: one query over the rollup grouped by period (or
// session) and model; groups, model breakdowns and totals are sums of its rows.
#include <algorithm>
#include <set>

#include "reports/common.h"

namespace receipts::reports {

Result<GroupedReport> RunGrouped(store::Store& store, GroupBy by, const Filters& f) {
  using internal::RollupCostExpr;
  using internal::RollupUnpricedExpr;
  std::string key;
  switch (by) {
    case GroupBy::kDay: key = "rc_day(r.bucket_ms, ?1)"; break;
    case GroupBy::kWeek: key = "rc_week(r.bucket_ms, ?1, ?6)"; break;
    case GroupBy::kMonth: key = "rc_month(r.bucket_ms, ?1)"; break;
    case GroupBy::kSession: key = "s.session_id"; break;
  }
  std::string group_cols = by == GroupBy::kSession ? "s.id, m.name" : "k, m.name";
  std::string sql =
      "SELECT " + key + " AS k, m.name, group_concat(DISTINCT s.agent), min(s.project), max(r.bucket_ms), "
      "sum(r.calls), sum(r.input), sum(r.output), sum(r.cache_write_5m), sum(r.cache_write_1h), "
      "sum(r.cache_read), sum(r.reasoning), sum(r.web_search), "
      "sum(" + RollupCostExpr(f.mode) + "), sum(r.cost_calc_nanos), sum(r.cost_recorded_nanos), "
      "sum(" + RollupUnpricedExpr(f.mode) + "), max(r.unpriced_calc), s.id "
      "FROM rollup r JOIN sessions s ON s.id = r.session_ref JOIN models m ON m.id = r.model_ref "
      "WHERE " + internal::WhereClause("r.bucket_ms") +
      " GROUP BY " + group_cols + " ORDER BY k, s.id, m.name";
  auto prepared = store.db().Prepare(sql);
  if (!prepared.ok()) return Status::Error("report query failed: " + prepared.status().message());
  store::Stmt& st = prepared.value();
  internal::BindFilters(st, f);

  GroupedReport report;
  report.by = by;
  report.mode = f.mode;
  report.zone = f.zone;
  std::set<std::string> unpriced;
  int64_t current_session = -1;
  while (st.Step()) {
    std::string k = st.Text(0);
    int64_t session_ref = st.Int(18);
    bool new_group = report.groups.empty() || report.groups.back().key != k ||
                     (by == GroupBy::kSession && session_ref != current_session);
    if (new_group) {
      Group g;
      g.key = k;
      g.agent = st.Text(2);  // sessions: one agent
      g.project = st.Text(3);
      report.groups.push_back(std::move(g));
      current_session = session_ref;
    }
    Group& g = report.groups.back();
    for (size_t a = 0, b; a <= st.Text(2).size(); a = b + 1) {  // "claude,codex"
      std::string list = st.Text(2);
      b = list.find(',', a);
      if (b == std::string::npos) b = list.size();
      std::string name = list.substr(a, b - a);
      for (auto* list_of : {&g.agents, &report.totals.agents}) {
        if (!name.empty() && std::find(list_of->begin(), list_of->end(), name) == list_of->end()) {
          list_of->push_back(name);
        }
      }
    }
    ModelLine line;
    line.model = st.Text(1);
    line.tokens = {st.Int(5), st.Int(6), st.Int(7), st.Int(8), st.Int(9), st.Int(10), st.Int(11),
                   st.Int(12)};
    line.money = {st.Int(13), st.Int(14), st.Int(15), st.Int(16)};
    if (st.Int(17) > 0 && f.mode != CostMode::kDisplay) unpriced.insert(line.model);
    g.last_activity_ms = std::max(g.last_activity_ms, st.Int(4));
    g.tokens.Add(line.tokens);
    g.money.Add(line.money);
    report.totals.tokens.Add(line.tokens);
    report.totals.money.Add(line.money);
    g.models.push_back(std::move(line));
  }
  if (!st.status().ok()) return Status::Error("report query failed: " + st.status().message());
  if (by == GroupBy::kSession) {
    // ccusage orders sessions by last activity.
    std::stable_sort(report.groups.begin(), report.groups.end(), [](const Group& a, const Group& b) {
      return a.last_activity_ms < b.last_activity_ms;
    });
  }
  if (f.descending) std::reverse(report.groups.begin(), report.groups.end());
  report.unpriced_models.assign(unpriced.begin(), unpriced.end());
  return report;
}

}  // namespace receipts::reports
