// Attribution views over the rollup: projects, apps, agents, subagents, people, models. Each
// groups the same rows by another key, so every view's rows sum to the same total.
#include <algorithm>
#include <set>

#include "reports/common.h"
#include "reports/view.h"

namespace receipts::reports {
namespace {

struct Dimension {
  const char* name;
  std::vector<std::pair<std::string, ColumnDef>> keys;  // SQL expression → column
};

const std::string kSubagentExpr =
    "CASE WHEN r.subagent_id = '' THEN 'main' ELSE coalesce(nullif(st.type, ''), 'subagent') END";

const std::vector<Dimension>& Dimensions() {
  static const std::vector<Dimension> kDims = {
      {"projects", {{"s.project", {"project", "Project", ColType::kText, 0}}}},
      {"apps",
       {{"s.project", {"project", "Project", ColType::kText, 0}},
        {"CASE WHEN s.app = '' THEN '.' ELSE s.app END", {"app", "App", ColType::kText, 0}}}},
      {"agents", {{"s.agent", {"agent", "Agent", ColType::kText, 0}}}},
      {"subagents",
       {{kSubagentExpr, {"subagent", "Subagent", ColType::kText, 0}},
        {"s.agent", {"agent", "Agent", ColType::kText, 7}}}},
      {"people", {{"s.person", {"person", "Person", ColType::kText, 0}}}},
      {"models",
       {{"m.name", {"model", "Model", ColType::kText, 0}},
        {"m.provider", {"provider", "Provider", ColType::kText, 6}},
        {"s.agent", {"agent", "Agent", ColType::kText, 7}}}},
  };
  return kDims;
}

// For the subagents view: runs, who delegates to each type, and what its calls touch.
void AddSubagentDetail(store::Store& store, const Filters& f, ViewResult& v) {
  std::string sql =
      "SELECT " + kSubagentExpr + " AS t, count(DISTINCT r.subagent_id) "
      "FROM rollup r JOIN sessions s ON s.id = r.session_ref "
      "LEFT JOIN subagent_types st ON st.agent = s.agent AND st.agent_id = r.subagent_id "
      "WHERE r.subagent_id <> '' AND " + internal::WhereClause("r.bucket_ms") + " GROUP BY t";
  auto runs = store.db().Prepare(sql);
  std::map<std::string, int64_t> run_counts;
  if (runs.ok()) {
    internal::BindFilters(runs.value(), f);
    while (runs.value().Step()) run_counts[runs.value().Text(0)] = runs.value().Int(1);
  }
  // Tools used inside runs of each type, and the types (or main) that spawned them.
  std::string tools_sql =
      "SELECT coalesce(nullif(st.type, ''), 'subagent'), tc.name, count(*) "
      "FROM tool_calls tc JOIN sessions s ON s.id = tc.session_ref "
      "JOIN subagent_types st ON st.agent = tc.agent AND st.agent_id = tc.subagent_id "
      "WHERE tc.subagent_id <> '' AND " + internal::WhereClause("tc.ts_ms") +
      " GROUP BY 1, 2 ORDER BY 3 DESC";
  std::map<std::string, std::vector<std::pair<std::string, int64_t>>> tools;
  if (auto st = store.db().Prepare(tools_sql); st.ok()) {
    internal::BindFilters(st.value(), f);
    while (st.value().Step()) tools[st.value().Text(0)].emplace_back(st.value().Text(1), st.value().Int(2));
  }
  std::string spawn_sql =
      "SELECT coalesce(nullif(st.type, ''), 'subagent'), "
      "CASE WHEN tc.subagent_id = '' THEN 'main' ELSE coalesce(nullif(pt.type, ''), 'subagent') END, "
      "count(*) FROM subagent_runs st "
      // CROSS JOIN keeps this order: each run looks its Task call up by key (tool_calls_key).
      // Left to itself the planner scanned the tool calls and, for each, every run of the
      // agent (161k × 11k on the bench store: ten minutes).
      "CROSS JOIN tool_calls tc ON tc.key_hash = rc_key_hash(st.agent, st.tool_use_id) AND "
      "tc.agent = st.agent AND tc.tool_use_id = st.tool_use_id "
      "JOIN sessions s ON s.id = tc.session_ref "
      "LEFT JOIN subagent_types pt ON pt.agent = tc.agent AND pt.agent_id = tc.subagent_id "
      "WHERE " + internal::WhereClause("tc.ts_ms") + " GROUP BY 1, 2 ORDER BY 3 DESC";
  std::map<std::string, std::vector<std::pair<std::string, int64_t>>> spawners;
  if (auto st = store.db().Prepare(spawn_sql); st.ok()) {
    internal::BindFilters(st.value(), f);
    while (st.value().Step()) spawners[st.value().Text(0)].emplace_back(st.value().Text(1), st.value().Int(2));
  }
  auto summary = [](const std::vector<std::pair<std::string, int64_t>>& items) {
    std::string out;
    for (size_t i = 0; i < items.size() && i < 3; ++i) {
      out += (i ? ", " : "") + items[i].first + " ×" + std::to_string(items[i].second);
    }
    return out;
  };
  v.columns.insert(v.columns.begin() + 2, {"runs", "Runs", ColType::kInt, 3});
  v.columns.push_back({"delegatedBy", "Delegated by", ColType::kText, 5});
  v.columns.push_back({"topTools", "Top tools", ColType::kText, 4});
  for (ViewRow& row : v.rows) {
    std::string type = std::get<std::string>(row.cells[0]);
    row.cells.insert(row.cells.begin() + 2,
                     type == "main" ? Value{} : Value{run_counts.count(type) ? run_counts[type] : 0});
    row.cells.push_back(summary(spawners[type]));
    row.cells.push_back(summary(tools[type]));
  }
  if (!v.totals.empty()) {
    v.totals.insert(v.totals.begin() + 2, Value{});
    v.totals.push_back(Value{});
    v.totals.push_back(Value{});
  }
}

}  // namespace

Result<ViewResult> RunDimension(store::Store& store, const std::string& name, const Filters& f,
                                const ViewParams&) {
  auto dim = std::find_if(Dimensions().begin(), Dimensions().end(),
                          [&](const Dimension& d) { return name == d.name; });
  if (dim == Dimensions().end()) return Status::Error("unknown view " + name);
  std::string keys, group;
  ViewResult v = internal::NewView(name, f);
  for (size_t i = 0; i < dim->keys.size(); ++i) {
    keys += dim->keys[i].first + " AS k" + std::to_string(i) + ", ";
    group += (i ? ", k" : "k") + std::to_string(i);
    v.columns.push_back(dim->keys[i].second);
  }
  std::string sql =
      "SELECT " + keys +
      "sum(r.calls), count(DISTINCT r.session_ref), sum(r.input), sum(r.output), "
      "sum(r.cache_write_5m + r.cache_write_1h), sum(r.cache_read), sum(r.reasoning), "
      "sum(" + internal::RollupCostExpr(f.mode) + ") AS cost, sum(" +
      internal::RollupUnpricedExpr(f.mode) + "), group_concat(DISTINCT CASE WHEN " +
      internal::RollupUnpricedExpr(f.mode) + " > 0 THEN m.name END) "
      "FROM rollup r JOIN sessions s ON s.id = r.session_ref JOIN models m ON m.id = r.model_ref "
      "LEFT JOIN subagent_types st ON st.agent = s.agent AND st.agent_id = r.subagent_id "
      "WHERE " + internal::WhereClause("r.bucket_ms") + " GROUP BY " + group +
      " ORDER BY cost " + (f.descending ? "ASC" : "DESC") + ", " + group;
  auto st = store.db().Prepare(sql);
  if (!st.ok()) return Status::Error(name + " query failed: " + st.status().message());
  internal::BindFilters(st.value(), f);
  for (auto c : std::vector<ColumnDef>{{"calls", "Calls", ColType::kInt, 3},
                                       {"sessions", "Sessions", ColType::kInt, 4},
                                       {"inputTokens", "Input", ColType::kInt, 0},
                                       {"outputTokens", "Output", ColType::kInt, 0},
                                       {"cacheCreationTokens", "Cache Create", ColType::kInt, 2},
                                       {"cacheReadTokens", "Cache Read", ColType::kInt, 1},
                                       {"reasoningTokens", "Reasoning", ColType::kInt, 5},
                                       {"totalCostNanos", "Cost (USD)", ColType::kNanos, 0},
                                       {"share", "Share", ColType::kPercent, 2}}) {
    v.columns.push_back(c);
  }
  size_t nk = dim->keys.size();
  std::vector<int64_t> sums(8, 0);
  std::set<std::string> unpriced;
  while (st.value().Step()) {
    store::Stmt& s = st.value();
    ViewRow row;
    for (size_t i = 0; i < nk; ++i) row.cells.push_back(s.Text(static_cast<int>(i)));
    for (int j = 0; j < 8; ++j) {
      int64_t x = s.Int(static_cast<int>(nk) + j);
      sums[j] += x;
      row.cells.push_back(x);
    }
    row.cells.push_back(0.0);  // share, filled below
    if (!s.IsNull(static_cast<int>(nk) + 9)) {
      std::string list = s.Text(static_cast<int>(nk) + 9);
      for (size_t a = 0, b; a <= list.size(); a = b + 1) {
        b = list.find(',', a);
        if (b == std::string::npos) b = list.size();
        if (b > a) unpriced.insert(list.substr(a, b - a));
      }
    }
    v.rows.push_back(std::move(row));
  }
  if (!st.value().status().ok()) return st.value().status();
  int64_t total_cost = sums[7];
  for (ViewRow& row : v.rows) {
    int64_t cost = std::get<int64_t>(row.cells[nk + 7]);
    row.cells[nk + 8] = total_cost > 0 ? 100.0 * double(cost) / double(total_cost) : 0.0;
  }
  v.totals.push_back(std::string("Total"));
  for (size_t i = 1; i < nk; ++i) v.totals.push_back(Value{});
  v.totals.push_back(sums[0]);
  v.totals.push_back(Value{});  // distinct sessions do not add up across rows
  for (int j = 2; j < 8; ++j) v.totals.push_back(sums[j]);
  v.totals.push_back(total_cost > 0 ? 100.0 : 0.0);
  v.unpriced_models.assign(unpriced.begin(), unpriced.end());
  if (name == "subagents") AddSubagentDetail(store, f, v);
  return v;
}

}  // namespace receipts::reports
