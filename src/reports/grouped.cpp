// daily / weekly / monthly / session list: one query over the rollup grouped by period (or
// session) and model; groups, model breakdowns and totals are sums of its rows.
#include <sqlite3.h>

#include <algorithm>
#include <map>
#include <set>
#include <unordered_map>

#include "core/time.h"

#include "reports/common.h"
#include "reports/result_cache.h"
#include "store/derived.h"

namespace receipts::reports {

namespace {

// One report group while rows stream in: its per-model lines by model id, its agents as a bit
// per interned agent.
struct GroupAcc {
  Group group;
  std::unordered_map<int64_t, ModelLine> models;  // by models.id
  uint64_t agents = 0;
};

struct SessionInfo {
  bool keep = false;  // passes the project/agent filters
  int agent = 0;      // index in the interned agent names
  std::string agent_name, project, session_id;
};

}  // namespace

static Result<GroupedReport> ComputeGrouped(store::Store& store, GroupBy by, const Filters& f) {
  using internal::RollupCostExpr;
  using internal::RollupUnpricedExpr;
  auto zone = Zone::Find(f.zone);
  if (!zone) return Status::Error("unknown time zone '" + f.zone + "'");
  auto fail = [](const Status& s) { return Status::Error("report query failed: " + s.message()); };

  // The sessions that pass the filters and the model names, read once; then the rollup rows of
  // the time range, integers only, summed here rather than by a SQL GROUP BY: the rollup is
  // ordered by session, so grouping by period in SQL sorts every row on a text key, and joining
  // each row to its session and model costs more than the sums themselves.
  std::vector<SessionInfo> sessions;
  std::vector<std::string> agent_names;  // interned, at most 64 (one bit each in GroupAcc)
  {
    auto st = store.db().Prepare("SELECT s.id, s.agent, s.project, s.session_id FROM sessions s WHERE " +
                                 internal::SessionClause());
    if (!st.ok()) return fail(st.status());
    internal::BindFilters(st.value(), f);
    while (st.value().Step()) {
      int64_t id = st.value().Int(0);
      if (id < 0) continue;
      if (static_cast<size_t>(id) >= sessions.size()) sessions.resize(static_cast<size_t>(id) + 1);
      SessionInfo& si = sessions[static_cast<size_t>(id)];
      si.keep = true;
      si.agent_name = st.value().Text(1);
      si.project = st.value().Text(2);
      si.session_id = st.value().Text(3);
      auto a = std::find(agent_names.begin(), agent_names.end(), si.agent_name);
      if (a == agent_names.end() && agent_names.size() == 64) return Status::Error("more than 64 agents");
      si.agent = static_cast<int>(a - agent_names.begin());
      if (a == agent_names.end()) agent_names.push_back(si.agent_name);
    }
    if (!st.value().status().ok()) return fail(st.value().status());
  }
  std::unordered_map<int64_t, std::string> model_names;
  {
    auto st = store.db().Prepare("SELECT id, name FROM models");
    if (!st.ok()) return fail(st.status());
    while (st.value().Step()) model_names[st.value().Int(0)] = st.value().Text(1);
  }
  std::string sql =
      "SELECT r.session_ref, r.bucket_ms, r.model_ref, r.calls, r.input, r.output, "
      "r.cache_write_5m, r.cache_write_1h, r.cache_read, r.reasoning, r.web_search, " +
      RollupCostExpr(f.mode) + ", r.cost_calc_nanos, r.cost_recorded_nanos, " +
      RollupUnpricedExpr(f.mode) + ", r.unpriced_calc FROM rollup r WHERE " +
      internal::TimeClause("r.bucket_ms");
  auto prepared = store.db().Prepare(sql);
  if (!prepared.ok()) return fail(prepared.status());
  store::Stmt& st = prepared.value();
  internal::BindFilters(st, f);

  auto period = [&](int64_t bucket_ms) {
    int32_t day = zone->local_day(bucket_ms);
    return by == GroupBy::kWeek    ? format_civil_day(week_start_day(day, f.week_start))
           : by == GroupBy::kMonth ? format_month(day)
                                   : format_civil_day(day);
  };
  // Periods sort by their text; sessions by id, then store order (ccusage's tie-break).
  std::map<std::pair<std::string, int64_t>, GroupAcc> groups;
  std::unordered_map<int64_t, GroupAcc*> group_of;  // bucket (periods) or session ref → group
  std::set<int64_t> unpriced_refs;
  uint64_t all_agents = 0;
  while (st.Step()) {
    int64_t ref = st.Int(0);
    if (ref < 0 || static_cast<size_t>(ref) >= sessions.size() || !sessions[static_cast<size_t>(ref)].keep) {
      continue;
    }
    int64_t model_ref = st.Int(2);
    if (!model_names.count(model_ref)) continue;  // as the inner join it replaces
    const SessionInfo& si = sessions[static_cast<size_t>(ref)];
    int64_t bucket = st.Int(1);
    GroupAcc*& slot = group_of[by == GroupBy::kSession ? ref : bucket];
    if (!slot) {
      auto key = by == GroupBy::kSession ? std::make_pair(si.session_id, ref)
                                         : std::make_pair(period(bucket), int64_t{0});
      auto [it, fresh] = groups.try_emplace(std::move(key));
      slot = &it->second;
      if (fresh) {
        slot->group.key = it->first.first;
        slot->group.agent = si.agent_name;  // sessions: their one agent
        slot->group.project = si.project;
      }
    }
    GroupAcc& acc = *slot;
    acc.agents |= uint64_t{1} << si.agent;
    all_agents |= uint64_t{1} << si.agent;
    ModelLine& line = acc.models[model_ref];
    TokenSums t{st.Int(3), st.Int(4), st.Int(5), st.Int(6), st.Int(7), st.Int(8), st.Int(9), st.Int(10)};
    Money m{st.Int(11), st.Int(12), st.Int(13), st.Int(14)};
    line.tokens.Add(t);
    line.money.Add(m);
    if (st.Int(15) > 0 && f.mode != CostMode::kDisplay) unpriced_refs.insert(model_ref);
    acc.group.last_activity_ms = std::max(acc.group.last_activity_ms, bucket);
  }
  if (!st.status().ok()) return fail(st.status());
  auto agents_of = [&](uint64_t mask) {
    std::vector<std::string> out;
    for (size_t i = 0; i < agent_names.size(); ++i) {
      if (mask >> i & 1) out.push_back(agent_names[i]);
    }
    std::sort(out.begin(), out.end());
    return out;
  };
  auto model_name = [&](int64_t ref) {
    auto it = model_names.find(ref);
    return it == model_names.end() ? std::string() : it->second;
  };

  GroupedReport report;
  report.by = by;
  report.mode = f.mode;
  report.zone = f.zone;
  report.totals.agents = agents_of(all_agents);
  for (auto& [key, acc] : groups) {
    Group& g = acc.group;
    g.agents = agents_of(acc.agents);
    std::map<std::string, ModelLine> by_name;  // model lines in name order
    for (auto& [ref, line] : acc.models) {
      ModelLine& named = by_name[model_name(ref)];
      named.tokens.Add(line.tokens);
      named.money.Add(line.money);
    }
    for (auto& [model, line] : by_name) {
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
  std::set<std::string> unpriced;
  for (int64_t ref : unpriced_refs) unpriced.insert(model_name(ref));
  report.unpriced_models.assign(unpriced.begin(), unpriced.end());
  return report;
}

Result<GroupedReport> RunGrouped(store::Store& store, GroupBy by, const Filters& f) {
  // One read snapshot for the generation, the stored result and the queries (unless the
  // caller is inside a transaction already); a result computed here is kept for its generation.
  sqlite3* raw = store.db().raw();
  const bool own_snapshot = sqlite3_get_autocommit(raw) != 0 && store.db().Exec("BEGIN").ok();
  auto end_snapshot = [&] {
    if (own_snapshot) store.db().Exec("COMMIT");
  };
  const int64_t gen = store::DataGen(store);
  const std::string key = result_cache::GroupedKey(by, f);
  if (auto kept = result_cache::Load(store, key, gen)) {
    end_snapshot();
    return std::move(*kept);
  }
  auto report = ComputeGrouped(store, by, f);
  end_snapshot();
  if (report.ok() && own_snapshot) result_cache::Save(store, key, gen, report.value());
  return report;
}

}  // namespace receipts::reports
