// See common.h and report.h.
#include "reports/common.h"

#include <vector>

#include "core/time.h"

namespace receipts::reports {

void TokenSums::Add(const TokenSums& o) {
  calls += o.calls;
  input += o.input;
  output += o.output;
  cache_write_5m += o.cache_write_5m;
  cache_write_1h += o.cache_write_1h;
  cache_read += o.cache_read;
  reasoning += o.reasoning;
  web_search += o.web_search;
}

void Money::Add(const Money& o) {
  cost_nanos += o.cost_nanos;
  calc_nanos += o.calc_nanos;
  recorded_nanos += o.recorded_nanos;
  unpriced_calls += o.unpriced_calls;
}

std::optional<CostMode> ParseCostMode(const std::string& text) {
  if (text == "auto") return CostMode::kAuto;
  if (text == "calculate") return CostMode::kCalculate;
  if (text == "display") return CostMode::kDisplay;
  if (text == "compare") return CostMode::kCompare;
  return std::nullopt;
}

const char* CostModeName(CostMode mode) {
  switch (mode) {
    case CostMode::kAuto: return "auto";
    case CostMode::kCalculate: return "calculate";
    case CostMode::kDisplay: return "display";
    case CostMode::kCompare: return "compare";
  }
  return "auto";
}

const char* GroupByName(GroupBy g) {
  switch (g) {
    case GroupBy::kDay: return "daily";
    case GroupBy::kWeek: return "weekly";
    case GroupBy::kMonth: return "monthly";
    case GroupBy::kSession: return "session";
  }
  return "daily";
}

namespace internal {

std::string TimeClause(const std::string& time_col) {
  // ?2/?3: the UTC instants at which the since day starts and the day after until starts, in
  // the report's zone (BindFilters) — the same days as rc_day(time_col, zone), without calling
  // it for every row (a 15-minute rollup bucket never straddles a local midnight).
  return "(?2 IS NULL OR " + time_col + " >= ?2) AND (?3 IS NULL OR " + time_col + " < ?3) AND "
         "(?6 IS NOT NULL)";
}

std::string SessionClause() {
  return "(?4 IS NULL OR instr(lower(s.project), lower(?4)) > 0) AND "
         "(?5 IS NULL OR instr(?5, ',' || s.agent || ',') > 0) AND (?6 IS NOT NULL)";
}

std::string WhereClause(const std::string& time_col) {
  return TimeClause(time_col) + " AND " + SessionClause();
}

void BindFilters(store::Stmt& st, const Filters& f) {
  st.Bind(1, f.zone);
  auto zone = Zone::Find(f.zone);
  auto day_start = [&](const std::optional<std::string>& day, int after) -> std::optional<int64_t> {
    if (!day || !zone) return std::nullopt;
    auto d = parse_user_date(*day);
    if (!d) return std::nullopt;
    return zone->day_start_utc_ms(*d + after);
  };
  st.Bind(2, day_start(f.since, 0));
  st.Bind(3, day_start(f.until, 1));
  st.Bind(4, f.project);
  if (f.agents.empty()) {
    st.BindNull(5);
  } else {
    std::string list = ",";
    for (const auto& a : f.agents) list += a + ",";
    st.Bind(5, list);
  }
  st.Bind(6, int64_t(f.week_start));
}

ViewResult NewView(std::string name, const Filters& f) {
  ViewResult v;
  v.name = std::move(name);
  v.mode = f.mode;
  v.zone = f.zone;
  return v;
}

std::string RollupCostExpr(CostMode mode) {
  switch (mode) {
    case CostMode::kAuto: return "r.cost_auto_nanos";
    case CostMode::kDisplay: return "r.cost_recorded_nanos";
    default: return "r.cost_calc_nanos";
  }
}

std::string RollupUnpricedExpr(CostMode mode) {
  switch (mode) {
    case CostMode::kAuto: return "r.unpriced_auto";
    case CostMode::kDisplay: return "0";
    default: return "r.unpriced_calc";
  }
}

std::string CallCostExpr(CostMode mode) {
  switch (mode) {
    case CostMode::kAuto:
      return "coalesce(CASE WHEN c.cost_recorded_nanos > 0 THEN c.cost_recorded_nanos "
             "ELSE c.cost_calc_nanos END, 0)";
    case CostMode::kDisplay: return "coalesce(c.cost_recorded_nanos, 0)";
    default: return "coalesce(c.cost_calc_nanos, 0)";
  }
}

std::string CallUnpricedExpr(CostMode mode) {
  switch (mode) {
    case CostMode::kAuto:
      return "(c.cost_calc_nanos IS NULL AND coalesce(c.cost_recorded_nanos, 0) <= 0)";
    case CostMode::kDisplay: return "0";
    default: return "(c.cost_calc_nanos IS NULL)";
  }
}

Result<SessionRef> ResolveSession(store::Store& store, const std::string& id) {
  store::Stmt find = store.db().MustPrepare(
      "SELECT id, session_id, agent, project FROM sessions "
      "WHERE session_id = ?1 OR substr(session_id, 1, length(?1)) = ?1 "
      "ORDER BY session_id = ?1 DESC LIMIT 3");
  find.Bind(1, id);
  std::vector<SessionRef> found;
  while (find.Step()) found.push_back({find.Int(0), find.Text(1), find.Text(2), find.Text(3)});
  if (found.empty() || id.empty()) {
    return Status::Error("no session '" + id + "' in the store (list them with `receipts session`)");
  }
  if (found.size() > 1 && found[0].session_id != id) {
    return Status::Error("session id '" + id + "' is ambiguous: it matches " +
                         found[0].session_id + ", " + found[1].session_id +
                         (found.size() > 2 ? ", …" : "") + " (give more characters)");
  }
  return found[0];
}

Result<SessionFilter> SessionFilterOf(store::Store& store, const std::string& id) {
  if (id.empty()) return SessionFilter{};
  auto s = ResolveSession(store, id);
  if (!s.ok()) return s.status();
  return SessionFilter{s.value().ref};
}

}  // namespace internal
}  // namespace receipts::reports
