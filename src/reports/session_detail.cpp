// `session ID`: every call of one session, from the calls table.
#include <set>

#include "reports/common.h"

namespace receipts::reports {

Result<SessionDetail> RunSessionDetail(store::Store& store, const std::string& id,
                                       const Filters& f) {
  auto found = internal::ResolveSession(store, id);
  if (!found.ok()) return found.status();
  SessionDetail d;
  int64_t ref = found.value().ref;
  d.session_id = found.value().session_id;
  d.agent = found.value().agent;
  d.project = found.value().project;
  std::string sql =
      "SELECT c.ts_ms, m.name, s.agent, c.subagent_id, c.sidechain, c.input, c.output, "
      "c.cache_write_total - c.cache_write_1h, c.cache_write_1h, c.cache_read, c.reasoning, "
      "c.web_search, " + internal::CallCostExpr(f.mode) + ", coalesce(c.cost_calc_nanos, 0), "
      "coalesce(c.cost_recorded_nanos, 0), " + internal::CallUnpricedExpr(f.mode) + " "
      "FROM calls c JOIN sessions s ON s.id = c.session_ref JOIN models m ON m.id = c.model_ref "
      "WHERE c.session_ref = ?7 AND " + internal::WhereClause("c.ts_ms") +
      " ORDER BY c.ts_ms " + (f.descending ? "DESC" : "ASC") + ", c.id";
  auto st = store.db().Prepare(sql);
  if (!st.ok()) return Status::Error("session query failed: " + st.status().message());
  internal::BindFilters(st.value(), f);
  st.value().Bind(7, ref);
  std::set<std::string> unpriced;
  while (st.value().Step()) {
    store::Stmt& s = st.value();
    CallRow row;
    row.ts_ms = s.Int(0);
    row.model = s.Text(1);
    row.agent = s.Text(2);
    row.subagent_id = s.Text(3);
    row.sidechain = s.Int(4) != 0;
    row.tokens = {1, s.Int(5), s.Int(6), s.Int(7), s.Int(8), s.Int(9), s.Int(10), s.Int(11)};
    row.money = {s.Int(12), s.Int(13), s.Int(14), s.Int(15)};
    if (row.money.unpriced_calls) unpriced.insert(row.model);
    d.tokens.Add(row.tokens);
    d.money.Add(row.money);
    d.calls.push_back(std::move(row));
  }
  if (!st.value().status().ok()) return st.value().status();
  d.unpriced_models.assign(unpriced.begin(), unpriced.end());
  return d;
}

}  // namespace receipts::reports
