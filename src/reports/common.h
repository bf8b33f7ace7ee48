// Shared pieces of the report queries: the filter WHERE clause and cost-mode columns.
#pragma once

#include <string>

#include "reports/report.h"

namespace receipts::reports::internal {

// Parameters ?1 zone, ?2 since, ?3 until, ?4 project, ?5 agents (",a,b,"), ?6 week start.
// `time_col` is the UTC ms column to filter on; sessions are aliased `s`.
std::string WhereClause(const std::string& time_col);
void BindFilters(store::Stmt& st, const Filters& f);

// Column expressions over the rollup (alias r) for the cost in the mode and its unpriced count.
std::string RollupCostExpr(CostMode mode);
std::string RollupUnpricedExpr(CostMode mode);
// The same over calls (alias c).
std::string CallCostExpr(CostMode mode);
std::string CallUnpricedExpr(CostMode mode);

}  // namespace receipts::reports::internal
