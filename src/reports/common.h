// Shared pieces of the report queries: the filter WHERE clause and cost-mode columns.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "reports/report.h"
#include "reports/view.h"

namespace receipts::reports::internal {

// Parameters ?1 zone, ?2/?3 the UTC ms bounds [start of since, start of the day after until)
// in the zone, ?4 project, ?5 agents (",a,b,"), ?6 week start.
// `time_col` is the UTC ms column to filter on; sessions are aliased `s`.
std::string WhereClause(const std::string& time_col);
// Its two halves (each valid with BindFilters alone): the time bounds, and the session filters.
std::string TimeClause(const std::string& time_col);
std::string SessionClause();
void BindFilters(store::Stmt& st, const Filters& f);

// An empty view named `name` in the filters' cost mode and zone.
ViewResult NewView(std::string name, const Filters& f);

// Column expressions over the rollup (alias r) for the cost in the mode and its unpriced count.
std::string RollupCostExpr(CostMode mode);
std::string RollupUnpricedExpr(CostMode mode);
// The same over calls (alias c).
std::string CallCostExpr(CostMode mode);
std::string CallUnpricedExpr(CostMode mode);

// One session, resolved from an id or a unique prefix of one.
struct SessionRef {
  int64_t ref = 0;  // sessions.id
  std::string session_id, agent, project;
};
// Errors: "no session 'x' in the store (…)" (surfaces map it to not found) or ambiguous.
Result<SessionRef> ResolveSession(store::Store& store, const std::string& id);

// The session filter of an event view: none, or `<col> = ?8` with the resolved session.
// Generated only when set, so the unfiltered query plan stays as it was.
struct SessionFilter {
  std::optional<int64_t> ref;
  std::string Clause(const std::string& col) const { return ref ? col + " = ?8 AND " : ""; }
  void Bind(store::Stmt& st) const {
    if (ref) st.Bind(8, *ref);
  }
};
// "" = every session.
Result<SessionFilter> SessionFilterOf(store::Store& store, const std::string& id);

}  // namespace receipts::reports::internal
