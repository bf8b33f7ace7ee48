// daily / weekly / monthly / session list: one query over the rollup grouped by period (or
// session) and model; groups, model breakdowns and totals are sums of its rows.
#include <algorithm>
#include <map>
#include <set>
#include <unordered_map>

#include "core/time.h"

#include "reports/common.h"

namespace receipts::reports {

namespace {

// One report group while rows stream in: its per-model lines by model name.
struct GroupAcc {
  Group group;
  std::map<std::string, ModelLine> models;
  std::set<std::string> agents;
};

}  // namespace

Result<GroupedReport> RunGrouped(store::Store& store, GroupBy by, const Filters& f) {
  using internal::RollupCostExpr;
  using internal::RollupUnpricedExpr;
  // The rollup rows that pass the filters, summed here rather than by a SQL GROUP BY: the
  // rollup is ordered by session, so grouping by period in SQL sorts every row on a text key
  // (most of a warm report's time); a scan plus a hash of ~3k distinct buckets is cheaper.
  std::string sql =
      "SELECT r.bucket_ms, m.name, s.agent, s.project, s.session_id, s.id, r.calls, r.input, "
      "r.output, r.cache_write_5m, r.cache_write_1h, r.cache_read, r.reasoning, r.web_search, " +
      RollupCostExpr(f.mode) + ", r.cost_calc_nanos, r.cost_recorded_nanos, " +
      RollupUnpricedExpr(f.mode) + ", r.unpriced_calc "
      "FROM rollup r JOIN sessions s ON s.id = r.session_ref JOIN models m ON m.id = r.model_ref "
      "WHERE " + internal::WhereClause("r.bucket_ms");
  auto prepared = store.db().Prepare(sql);
  if (!prepared.ok()) return Status::Error("report query failed: " + prepared.status().message());
  store::Stmt& st = prepared.value();
  internal::BindFilters(st, f);
  auto zone = Zone::Find(f.zone);
  if (!zone) return Status::Error("unknown time zone '" + f.zone + "'");

  std::unordered_map<int64_t, std::string> period_of;  // bucket → day / week / month
  auto period = [&](int64_t bucket_ms) -> const std::string& {
    auto [it, fresh] = period_of.try_emplace(bucket_ms);
    if (fresh) {
      int32_t day = zone->local_day(bucket_ms);
      it->second = by == GroupBy::kWeek    ? format_civil_day(week_start_day(day, f.week_start))
                   : by == GroupBy::kMonth ? format_month(day)
                                           : format_civil_day(day);
    }
    return it->second;
  };
  // Periods sort by their text; sessions by id, then store order (ccusage's tie-break).
  std::map<std::pair<std::string, int64_t>, GroupAcc> groups;
  std::set<std::string> unpriced, all_agents;
  while (st.Step()) {
    std::pair<std::string, int64_t> key = by == GroupBy::kSession
                                              ? std::make_pair(st.Text(4), st.Int(5))
                                              : std::make_pair(period(st.Int(0)), int64_t{0});
    auto [it, fresh] = groups.try_emplace(std::move(key));
    GroupAcc& acc = it->second;
    std::string agent = st.Text(2);
    if (fresh) {
      acc.group.key = it->first.first;
      acc.group.agent = agent;  // sessions: their one agent
      acc.group.project = st.Text(3);
    }
    acc.agents.insert(agent);
    all_agents.insert(agent);
    ModelLine& line = acc.models[st.Text(1)];
    TokenSums t{st.Int(6), st.Int(7), st.Int(8), st.Int(9), st.Int(10), st.Int(11), st.Int(12),
                st.Int(13)};
    Money m{st.Int(14), st.Int(15), st.Int(16), st.Int(17)};
    line.tokens.Add(t);
    line.money.Add(m);
    if (st.Int(18) > 0 && f.mode != CostMode::kDisplay) unpriced.insert(st.Text(1));
    acc.group.last_activity_ms = std::max(acc.group.last_activity_ms, st.Int(0));
  }
  if (!st.status().ok()) return Status::Error("report query failed: " + st.status().message());

  GroupedReport report;
  report.by = by;
  report.mode = f.mode;
  report.zone = f.zone;
  report.totals.agents.assign(all_agents.begin(), all_agents.end());
  for (auto& [key, acc] : groups) {
    Group& g = acc.group;
    g.agents.assign(acc.agents.begin(), acc.agents.end());
    for (auto& [model, line] : acc.models) {
      line.model = model;
      g.tokens.Add(line.tokens);
      g.money.Add(line.money);
      report.totals.tokens.Add(line.tokens);
      report.totals.money.Add(line.money);
      g.models.push_back(std::move(line));
    }
    report.groups.push_back(std::move(g));
  }
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
