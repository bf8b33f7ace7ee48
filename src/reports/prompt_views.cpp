// prompts (the most expensive prompts with their calls, tool calls and largest tool results)
// and turns (one session, turn by turn). A turn's cost includes the calls of subagents spawned
// by its tool calls.
#include <algorithm>
#include <tuple>
#include <unordered_map>
#include <vector>

#include "core/time.h"
#include "reports/common.h"
#include "reports/view.h"

namespace receipts::reports {
namespace {

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

// One model call of a turn, as the prompts view lists it.
struct TurnCall {
  int64_t ts_ms = 0, model_ref = 0;
  std::string subagent_id;
  int64_t input = 0, output = 0, cache_write = 0, cache_read = 0, cost = 0;
};

struct Turn {
  std::string agent, turn, text, session_id, project;
  int64_t ts_ms = 0, tokens = 0, cost = 0;
  std::vector<TurnCall> calls;
};

// Every call that belongs to a prompt of `sel` (?1–?6 filters, ?8 the session), directly
// (calls.turn_id) or through a subagent its tool calls spawned (subagent_runs → the spawning
// tool call's turn). Index-driven on the direct side; the subagent side scans the calls once.
std::string TurnCallsSql(const std::string& sel_where, CostMode mode) {
  // CROSS JOIN fixes the join order: left of it is the outer loop. Otherwise SQLite prefers
  // sessions by agent and then every call of each session (minutes on a large store).
  return "WITH sel AS MATERIALIZED (SELECT p.agent AS agent, p.turn_id AS turn FROM prompts p "
         "JOIN sessions s ON s.id = p.session_ref WHERE " + sel_where + "), "
         "spawn AS MATERIALIZED (SELECT st.agent AS agent, st.agent_id AS agent_id, "
         "tc.turn_id AS turn FROM subagent_types st CROSS JOIN tool_calls tc ON "
         "tc.key_hash = rc_key_hash(st.agent, st.tool_use_id) AND tc.agent = st.agent AND "
         "tc.tool_use_id = st.tool_use_id "
         "CROSS JOIN sel ON sel.agent = tc.agent AND sel.turn = tc.turn_id) "
         "SELECT sel.agent, sel.turn, c.ts_ms, c.model_ref, c.subagent_id, c.input, c.output, "
         "c.cache_write_total, c.cache_read, " + internal::CallCostExpr(mode) +
         " FROM sel CROSS JOIN calls c ON c.turn_id = sel.turn AND c.turn_id <> '' "
         "CROSS JOIN sessions s ON s.id = c.session_ref WHERE s.agent = sel.agent "
         "UNION ALL "
         "SELECT sp.agent, sp.turn, c.ts_ms, c.model_ref, c.subagent_id, c.input, c.output, "
         "c.cache_write_total, c.cache_read, " + internal::CallCostExpr(mode) +
         " FROM calls c CROSS JOIN spawn sp ON sp.agent_id = c.subagent_id "
         "CROSS JOIN sessions s ON s.id = c.session_ref "
         "WHERE c.subagent_id <> '' AND c.turn_id = '' AND s.agent = sp.agent";
}

// calls, toolCalls, largestToolResults of one turn.
nlohmann::ordered_json TurnDetail(store::Store& store, Turn& t,
                                  const std::unordered_map<int64_t, std::string>& models) {
  nlohmann::ordered_json d;
  std::stable_sort(t.calls.begin(), t.calls.end(),
                   [](const TurnCall& a, const TurnCall& b) { return a.ts_ms < b.ts_ms; });
  nlohmann::ordered_json calls = nlohmann::ordered_json::array();
  for (size_t i = 0; i < t.calls.size() && i < 200; ++i) {
    const TurnCall& c = t.calls[i];
    auto m = models.find(c.model_ref);
    calls.push_back({{"timestamp", format_iso8601_ms(c.ts_ms)},
                     {"model", m == models.end() ? std::string() : m->second},
                     {"subagentId", c.subagent_id}, {"inputTokens", c.input},
                     {"outputTokens", c.output}, {"cacheCreationTokens", c.cache_write},
                     {"cacheReadTokens", c.cache_read}, {"costNanos", c.cost}});
  }
  d["calls"] = std::move(calls);
  nlohmann::ordered_json tools = nlohmann::ordered_json::array();
  store::Stmt st = store.db().MustPrepare(
      "SELECT tc.name, tc.target, coalesce(tr.result_bytes, 0), coalesce(tr.is_error, 0) "
      "FROM tool_calls tc LEFT JOIN tool_results tr ON tr.agent = tc.agent AND "
      "tr.tool_use_id = tc.tool_use_id AND tr.key_hash = tc.key_hash "
      "WHERE tc.agent = ?1 AND tc.turn_id = ?2 AND tc.turn_id <> '' "  // the partial index
      "ORDER BY tc.ts_ms");
  st.Bind(1, t.agent).Bind(2, t.turn);
  int64_t count = 0;
  while (st.Step()) {
    if (++count > 500) continue;  // counted, not listed
    tools.push_back({{"tool", st.Text(0)}, {"target", st.Text(1)}, {"resultBytes", st.Int(2)},
                     {"estimatedResultTokens", st.Int(2) / 4}, {"isError", st.Int(3) != 0}});
  }
  nlohmann::ordered_json largest = tools;
  std::stable_sort(largest.begin(), largest.end(), [](const auto& a, const auto& b) {
    return a["resultBytes"].template get<int64_t>() > b["resultBytes"].template get<int64_t>();
  });
  if (largest.size() > 5) largest.erase(largest.begin() + 5, largest.end());
  d["toolCalls"] = std::move(tools);
  d["largestToolResults"] = std::move(largest);
  d["toolCallCount"] = count;
  return d;
}

}  // namespace

Result<ViewResult> RunPrompts(store::Store& store, const Filters& f, const ViewParams& p) {
  auto session = internal::SessionFilterOf(store, p.session_id);
  if (!session.ok()) return session.status();
  ViewResult v = internal::NewView("prompts", f);
  v.columns = {{"time", "Time", ColType::kTime, 3},      {"agent", "Agent", ColType::kText, 5},
               {"sessionId", "Session", ColType::kText, 6}, {"project", "Project", ColType::kText, 4},
               {"prompt", "Prompt", ColType::kText, 0},  {"calls", "Calls", ColType::kInt, 2},
               {"toolCalls", "Tools", ColType::kInt, 1}, {"totalTokens", "Tokens", ColType::kInt, 0},
               {"totalCostNanos", "Cost (USD)", ColType::kNanos, 0}};
  int limit = p.limit > 0 ? p.limit : 20;
  std::string sel_where = "p.sidechain = 0 AND " + session.value().Clause("p.session_ref") +
                          internal::WhereClause("p.ts_ms");
  // The prompts in range, then every call attributed to them, summed here: one pass over the
  // calls instead of one per prompt.
  std::vector<Turn> turns;
  std::unordered_map<std::string, size_t> index;
  {
    auto st = store.db().Prepare(
        "SELECT p.agent, p.turn_id, p.ts_ms, coalesce(p.text, '(text not stored: ' || "
        "p.text_hash || ')'), s.session_id, s.project FROM prompts p JOIN sessions s ON "
        "s.id = p.session_ref WHERE " + sel_where);
    if (!st.ok()) return Status::Error("prompts query failed: " + st.status().message());
    internal::BindFilters(st.value(), f);
    session.value().Bind(st.value());
    while (st.value().Step()) {
      auto& s = st.value();
      Turn t;
      t.agent = s.Text(0);
      t.turn = s.Text(1);
      t.ts_ms = s.Int(2);
      t.text = s.Text(3);
      t.session_id = s.Text(4);
      t.project = s.Text(5);
      index.emplace(t.agent + '\n' + t.turn, turns.size());
      turns.push_back(std::move(t));
    }
    if (!st.value().status().ok()) return st.value().status();
  }
  {
    auto st = store.db().Prepare(TurnCallsSql(sel_where, f.mode));
    if (!st.ok()) return Status::Error("prompts query failed: " + st.status().message());
    internal::BindFilters(st.value(), f);
    session.value().Bind(st.value());
    while (st.value().Step()) {
      auto& s = st.value();
      auto it = index.find(s.Text(0) + '\n' + s.Text(1));
      if (it == index.end()) continue;
      TurnCall c{s.Int(2), s.Int(3), s.Text(4), s.Int(5), s.Int(6), s.Int(7), s.Int(8), s.Int(9)};
      Turn& t = turns[it->second];
      t.tokens += c.input + c.output + c.cache_write + c.cache_read;
      t.cost += c.cost;
      t.calls.push_back(std::move(c));
    }
    if (!st.value().status().ok()) return st.value().status();
  }
  std::vector<Turn*> ranked;
  for (Turn& t : turns) {
    if (!t.calls.empty()) ranked.push_back(&t);  // a prompt that led to no call is not listed
  }
  std::sort(ranked.begin(), ranked.end(), [](const Turn* a, const Turn* b) {
    if (a->cost != b->cost) return a->cost > b->cost;
    if (a->ts_ms != b->ts_ms) return a->ts_ms < b->ts_ms;
    return std::tie(a->agent, a->turn) < std::tie(b->agent, b->turn);
  });
  if (ranked.size() > static_cast<size_t>(limit)) ranked.resize(static_cast<size_t>(limit));
  std::unordered_map<int64_t, std::string> models;
  {
    store::Stmt st = store.db().MustPrepare("SELECT id, name FROM models");
    while (st.Step()) models.emplace(st.Int(0), st.Text(1));
  }
  for (Turn* t : ranked) {
    ViewRow row;
    row.extra = TurnDetail(store, *t, models);
    int64_t tool_calls = row.extra["toolCallCount"].get<int64_t>();
    row.extra.erase("toolCallCount");
    row.cells = {t->ts_ms, t->agent, t->session_id, t->project, Snippet(t->text),
                 static_cast<int64_t>(t->calls.size()), tool_calls, t->tokens, t->cost};
    row.extra["turnId"] = t->turn;
    row.extra["promptText"] = t->text;
    v.rows.push_back(std::move(row));
  }
  v.notes.push_back("A prompt's cost includes the calls of subagents its tool calls spawned.");
  return v;
}

Result<ViewResult> RunTurns(store::Store& store, const Filters& f, const ViewParams& p) {
  auto found = internal::ResolveSession(store, p.session_id);  // prefixes, clear errors
  if (!found.ok()) return found.status();
  int64_t ref = found.value().ref;
  std::string agent = found.value().agent;
  ViewResult v = internal::NewView("turns", f);
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
      "LEFT JOIN tool_calls tc ON tc.key_hash = rc_key_hash(?8, st.tool_use_id) AND "
      "tc.agent = ?8 AND tc.tool_use_id = st.tool_use_id "
      "WHERE c.session_ref = ?7) "
      "SELECT t.turn, coalesce(p.ts_ms, min(t.ts_ms)), p.text, count(*), "
      "(SELECT count(*) FROM tool_calls x WHERE x.agent = ?8 AND x.turn_id = t.turn AND "
      "x.turn_id <> ''), "
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
