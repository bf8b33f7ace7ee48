// prompts (the most expensive prompts with their calls, tool calls and largest tool results)
// and turns (one session, turn by turn). A turn's cost includes the calls of subagents spawned
// by its tool calls.
#include "core/time.h"
#include "reports/common.h"
#include "reports/view.h"

namespace receipts::reports {
namespace {

// (agent, turn, call id) for every call that belongs to a turn, directly or via a subagent.
constexpr const char* kAttributed = R"sql(
WITH attributed AS (
  SELECT s.agent AS agent, c.turn_id AS turn, c.id AS call_id
  FROM calls c JOIN sessions s ON s.id = c.session_ref WHERE c.turn_id <> ''
  UNION ALL
  SELECT s.agent, tc.turn_id, c.id
  FROM calls c JOIN sessions s ON s.id = c.session_ref
  JOIN subagent_types st ON st.agent = s.agent AND st.agent_id = c.subagent_id
  JOIN tool_calls tc ON tc.agent = s.agent AND tc.tool_use_id = st.tool_use_id
  WHERE c.subagent_id <> '' AND c.turn_id = '' AND tc.turn_id <> '')
)sql";

std::string Snippet(const std::string& text, size_t n = 80) {
  std::string out;
  for (char c : text) {
    out += (c == '\n' || c == '\r' || c == '\t') ? ' ' : c;
    if (out.size() >= n) break;
  }
  if (text.size() > n) {
    while (!out.empty() && (static_cast<unsigned char>(out.back()) & 0xC0) == 0x80) out.pop_back();
    if (!out.empty() && (static_cast<unsigned char>(out.back()) & 0x80)) out.pop_back();
    out += "…";
  }
  return out;
}

nlohmann::ordered_json TurnDetail(store::Store& store, const std::string& agent,
                                  const std::string& turn, CostMode mode) {
  nlohmann::ordered_json d;
  std::string calls_sql = std::string(kAttributed) +
      "SELECT c.ts_ms, m.name, c.subagent_id, c.input, c.output, "
      "c.cache_write_total, c.cache_read, " + internal::CallCostExpr(mode) +
      " FROM attributed a JOIN calls c ON c.id = a.call_id JOIN models m ON m.id = c.model_ref "
      "WHERE a.agent = ?1 AND a.turn = ?2 ORDER BY c.ts_ms LIMIT 200";
  nlohmann::ordered_json calls = nlohmann::ordered_json::array();
  if (auto st = store.db().Prepare(calls_sql); st.ok()) {
    st.value().Bind(1, agent).Bind(2, turn);
    while (st.value().Step()) {
      auto& s = st.value();
      calls.push_back({{"timestamp", format_iso8601_ms(s.Int(0))}, {"model", s.Text(1)},
                       {"subagentId", s.Text(2)}, {"inputTokens", s.Int(3)},
                       {"outputTokens", s.Int(4)}, {"cacheCreationTokens", s.Int(5)},
                       {"cacheReadTokens", s.Int(6)}, {"costNanos", s.Int(7)}});
    }
  }
  d["calls"] = std::move(calls);
  nlohmann::ordered_json tools = nlohmann::ordered_json::array();
  if (auto st = store.db().Prepare(
          "SELECT tc.name, tc.target, coalesce(tr.result_bytes, 0), coalesce(tr.is_error, 0) "
          "FROM tool_calls tc LEFT JOIN tool_results tr ON tr.agent = tc.agent AND "
          "tr.tool_use_id = tc.tool_use_id WHERE tc.agent = ?1 AND tc.turn_id = ?2 "
          "ORDER BY tc.ts_ms LIMIT 500");
      st.ok()) {
    st.value().Bind(1, agent).Bind(2, turn);
    while (st.value().Step()) {
      auto& s = st.value();
      tools.push_back({{"tool", s.Text(0)}, {"target", s.Text(1)}, {"resultBytes", s.Int(2)},
                       {"estimatedResultTokens", s.Int(2) / 4}, {"isError", s.Int(3) != 0}});
    }
  }
  nlohmann::ordered_json largest = tools;
  std::sort(largest.begin(), largest.end(), [](const auto& a, const auto& b) {
    return a["resultBytes"].template get<int64_t>() > b["resultBytes"].template get<int64_t>();
  });
  if (largest.size() > 5) largest.erase(largest.begin() + 5, largest.end());
  d["toolCalls"] = std::move(tools);
  d["largestToolResults"] = std::move(largest);
  return d;
}

}  // namespace

Result<ViewResult> RunPrompts(store::Store& store, const Filters& f, const ViewParams& p) {
  auto session = internal::SessionFilterOf(store, p.session_id);
  if (!session.ok()) return session.status();
  ViewResult v;
  v.name = "prompts";
  v.mode = f.mode;
  v.zone = f.zone;
  v.columns = {{"time", "Time", ColType::kTime, 3},      {"agent", "Agent", ColType::kText, 5},
               {"sessionId", "Session", ColType::kText, 6}, {"project", "Project", ColType::kText, 4},
               {"prompt", "Prompt", ColType::kText, 0},  {"calls", "Calls", ColType::kInt, 2},
               {"toolCalls", "Tools", ColType::kInt, 1}, {"totalTokens", "Tokens", ColType::kInt, 0},
               {"totalCostNanos", "Cost (USD)", ColType::kNanos, 0}};
  int limit = p.limit > 0 ? p.limit : 20;
  std::string sql = std::string(kAttributed) +
      "SELECT p.agent, p.turn_id, p.ts_ms, coalesce(p.text, '(text not stored: ' || p.text_hash || ')'), "
      "s.session_id, s.project, count(*), "
      "sum(c.input + c.output + c.cache_write_total + c.cache_read), "
      "sum(" + internal::CallCostExpr(f.mode) + ") AS cost, "
      "(SELECT count(*) FROM tool_calls t WHERE t.agent = p.agent AND t.turn_id = p.turn_id) "
      "FROM prompts p JOIN sessions s ON s.id = p.session_ref "
      "JOIN attributed a ON a.agent = p.agent AND a.turn = p.turn_id "
      "JOIN calls c ON c.id = a.call_id "
      "WHERE p.sidechain = 0 AND " + session.value().Clause("p.session_ref") +
      internal::WhereClause("p.ts_ms") +
      " GROUP BY p.agent, p.turn_id ORDER BY cost DESC, p.ts_ms LIMIT ?7";
  auto st = store.db().Prepare(sql);
  if (!st.ok()) return Status::Error("prompts query failed: " + st.status().message());
  internal::BindFilters(st.value(), f);
  st.value().Bind(7, int64_t(limit));
  session.value().Bind(st.value());
  while (st.value().Step()) {
    auto& s = st.value();
    ViewRow row;
    std::string agent = s.Text(0), turn = s.Text(1), text = s.Text(3);
    row.cells = {s.Int(2), agent, s.Text(4), s.Text(5), Snippet(text), s.Int(6), s.Int(9),
                 s.Int(7), s.Int(8)};
    row.extra = TurnDetail(store, agent, turn, f.mode);
    row.extra["turnId"] = turn;
    row.extra["promptText"] = text;
    v.rows.push_back(std::move(row));
  }
  if (!st.value().status().ok()) return st.value().status();
  v.notes.push_back("A prompt's cost includes the calls of subagents its tool calls spawned.");
  return v;
}

Result<ViewResult> RunTurns(store::Store& store, const Filters& f, const ViewParams& p) {
  auto found = internal::ResolveSession(store, p.session_id);  // prefixes, clear errors
  if (!found.ok()) return found.status();
  int64_t ref = found.value().ref;
  std::string agent = found.value().agent;
  ViewResult v;
  v.name = "turns";
  v.mode = f.mode;
  v.zone = f.zone;
  v.columns = {{"time", "Time", ColType::kTime, 0},     {"prompt", "Prompt", ColType::kText, 0},
               {"calls", "Calls", ColType::kInt, 0},    {"toolCalls", "Tools", ColType::kInt, 1},
               {"inputTokens", "Input", ColType::kInt, 2}, {"outputTokens", "Output", ColType::kInt, 2},
               {"cacheCreationTokens", "Cache Create", ColType::kInt, 3},
               {"cacheReadTokens", "Cache Read", ColType::kInt, 3},
               {"totalCostNanos", "Cost (USD)", ColType::kNanos, 0}};
  std::string sql =
      "WITH turned AS (SELECT c.*, coalesce(nullif(c.turn_id, ''), tc.turn_id, '') AS turn "
      "FROM calls c LEFT JOIN subagent_types st ON st.agent = ?8 AND st.agent_id = c.subagent_id "
      "AND c.subagent_id <> '' "
      "LEFT JOIN tool_calls tc ON tc.agent = ?8 AND tc.tool_use_id = st.tool_use_id "
      "WHERE c.session_ref = ?7) "
      "SELECT t.turn, coalesce(p.ts_ms, min(t.ts_ms)), p.text, count(*), "
      "(SELECT count(*) FROM tool_calls x WHERE x.agent = ?8 AND x.turn_id = t.turn AND t.turn <> ''), "
      "sum(t.input), sum(t.output), sum(t.cache_write_total), sum(t.cache_read), "
      "sum(" + std::string(f.mode == CostMode::kAuto
                               ? "coalesce(CASE WHEN t.cost_recorded_nanos > 0 THEN "
                                 "t.cost_recorded_nanos ELSE t.cost_calc_nanos END, 0)"
                           : f.mode == CostMode::kDisplay ? "coalesce(t.cost_recorded_nanos, 0)"
                                                          : "coalesce(t.cost_calc_nanos, 0)") +
      ") FROM turned t LEFT JOIN prompts p ON p.agent = ?8 AND p.turn_id = t.turn "
      "JOIN sessions s ON s.id = t.session_ref "
      "WHERE " + internal::WhereClause("t.ts_ms") + " GROUP BY t.turn ORDER BY 2";
  auto st = store.db().Prepare(sql);
  if (!st.ok()) return Status::Error("turns query failed: " + st.status().message());
  internal::BindFilters(st.value(), f);
  st.value().Bind(7, ref).Bind(8, agent);
  std::vector<int64_t> sums(7, 0);
  while (st.value().Step()) {
    auto& s = st.value();
    ViewRow row;
    std::string prompt = s.Text(0).empty() ? "(before the first prompt)"
                         : s.IsNull(2)    ? "(prompt not in the logs)"
                                          : Snippet(s.Text(2), 70);
    row.cells = {s.Int(1), prompt, s.Int(3), s.Int(4), s.Int(5), s.Int(6), s.Int(7), s.Int(8), s.Int(9)};
    for (int j = 0; j < 7; ++j) sums[j] += s.Int(3 + j);
    row.extra["turnId"] = s.Text(0);
    v.rows.push_back(std::move(row));
  }
  if (!st.value().status().ok()) return st.value().status();
  v.totals = {Value{}, std::string("Total")};
  for (int j = 0; j < 7; ++j) v.totals.push_back(sums[j]);
  v.notes.push_back("Session " + found.value().session_id + " (" + agent + ") — " +
                    found.value().project);
  return v;
}

}  // namespace receipts::reports
