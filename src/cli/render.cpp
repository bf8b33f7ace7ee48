// See render.h.
#include "cli/render.h"

#include <fmt/format.h>

#include "cli/table.h"
#include "core/time.h"

namespace receipts::cli {
namespace {
using reports::CostMode;

const char* KeyHeader(reports::GroupBy by) {
  switch (by) {
    case reports::GroupBy::kDay: return "Date";
    case reports::GroupBy::kWeek: return "Week";
    case reports::GroupBy::kMonth: return "Month";
    case reports::GroupBy::kSession: return "Session";
  }
  return "";
}

std::string ShortModel(const std::string& m) {
  std::string s = m;
  if (s.rfind("claude-", 0) == 0) s = s.substr(7);
  if (s.size() > 9 && s[s.size() - 9] == '-' &&
      s.find_first_not_of("0123456789", s.size() - 8) == std::string::npos) {
    s = s.substr(0, s.size() - 9);  // drop -YYYYMMDD
  }
  return s;
}

std::vector<std::string> TokenCells(const reports::TokenSums& t) {
  return {FormatInt(t.input), FormatInt(t.output), FormatInt(t.cache_write()),
          FormatInt(t.cache_read), FormatInt(t.total())};
}

void AddMoneyColumns(Table& t, CostMode mode) {
  t.columns.push_back({"Cost (USD)", true, 0});
  if (mode == CostMode::kCompare) {
    t.columns.push_back({"Recorded", true, 0});
    t.columns.push_back({"Difference", true, 0});
  }
}

void AppendMoney(std::vector<std::string>& row, const reports::Money& m, CostMode mode) {
  row.push_back(FormatUsd(m.cost_nanos));
  if (mode == CostMode::kCompare) {
    row.push_back(FormatUsd(m.recorded_nanos));
    row.push_back(FormatUsd(m.recorded_nanos - m.calc_nanos));
  }
}

}  // namespace

std::string Footer(const std::vector<std::string>& unpriced, CostMode mode, const std::string& zone) {
  std::string out = fmt::format("Cost mode: {} · times in {}\n", reports::CostModeName(mode), zone);
  if (!unpriced.empty()) {
    std::string list;
    for (const auto& m : unpriced) list += (list.empty() ? "" : ", ") + m;
    out += fmt::format("Unpriced models (tokens counted, cost not included): {}\n"
                       "  add a price under [pricing.models] in config.toml; see `receipts doctor`\n",
                       list);
  }
  return out;
}

std::string GroupedTable(const reports::GroupedReport& r, bool breakdown) {
  Table t;
  t.columns = {{KeyHeader(r.by), false, 0}};
  bool sessions = r.by == reports::GroupBy::kSession;
  if (sessions) {
    t.columns.push_back({"Project", false, 4});
    t.columns.push_back({"Last Activity", false, 5});
  }
  t.columns.push_back({"Agents", false, 7});
  t.columns.push_back({"Models", false, 6});
  for (auto [h, p] : {std::pair{"Input", 0}, {"Output", 0}, {"Cache Create", 2},
                      {"Cache Read", 1}, {"Total Tokens", 3}}) {
    t.columns.push_back({h, true, p});
  }
  AddMoneyColumns(t, r.mode);
  auto zone = Zone::Find(r.zone).value_or(Zone::Utc());
  for (const auto& g : r.groups) {
    std::vector<std::string> row = {sessions && g.key.size() > 36 ? g.key.substr(0, 36) : g.key};
    if (sessions) {
      row.push_back(g.project);
      row.push_back(format_civil_day(zone.local_day(g.last_activity_ms)));
    }
    std::string agents, models;
    for (const auto& a : g.agents) agents += (agents.empty() ? "" : ", ") + a;
    for (const auto& m : g.models) {
      std::string s = ShortModel(m.model);
      if (models.find(s) == std::string::npos) models += (models.empty() ? "" : ", ") + s;
    }
    row.push_back(agents);
    row.push_back(models);
    for (auto& c : TokenCells(g.tokens)) row.push_back(c);
    AppendMoney(row, g.money, r.mode);
    t.AddRow(row);
    if (breakdown) {
      for (const auto& m : g.models) {
        std::vector<std::string> sub = {"  └ " + ShortModel(m.model)};
        if (sessions) sub.insert(sub.end(), {"", ""});
        sub.insert(sub.end(), {"", ""});
        for (auto& c : TokenCells(m.tokens)) sub.push_back(c);
        AppendMoney(sub, m.money, r.mode);
        t.AddRow(sub);
      }
    }
  }
  std::vector<std::string> total = {"Total"};
  if (sessions) total.insert(total.end(), {"", ""});
  total.insert(total.end(), {"", ""});
  for (auto& c : TokenCells(r.totals.tokens)) total.push_back(c);
  AppendMoney(total, r.totals.money, r.mode);
  t.AddRow(total, true);
  return RenderTable(t, 0, UseColor()) + Footer(r.unpriced_models, r.mode, r.zone);
}

std::string GroupedCsv(const reports::GroupedReport& r, bool breakdown) {
  std::vector<std::string> header = {reports::GroupByName(r.by) == std::string("session")
                                         ? "session_id"
                                         : KeyHeader(r.by)};
  header[0] = r.by == reports::GroupBy::kSession ? "session_id"
              : r.by == reports::GroupBy::kDay   ? "date"
              : r.by == reports::GroupBy::kWeek  ? "week"
                                                 : "month";
  if (r.by == reports::GroupBy::kSession) header.insert(header.end(), {"agent", "project"});
  header.insert(header.end(), {"agents", "model", "input_tokens", "output_tokens", "cache_write_5m_tokens",
                               "cache_write_1h_tokens", "cache_read_tokens", "total_tokens",
                               "cost_usd", "calculated_usd", "recorded_usd"});
  std::vector<std::vector<std::string>> rows;
  auto add = [&](const std::string& key, const reports::Group& g, const std::string& model,
                 const reports::TokenSums& t, const reports::Money& m) {
    std::vector<std::string> row = {key};
    if (r.by == reports::GroupBy::kSession) row.insert(row.end(), {g.agent, g.project});
    std::string agents;
    for (const auto& a : g.agents) agents += (agents.empty() ? "" : ";") + a;
    row.insert(row.end(), {agents, model, std::to_string(t.input), std::to_string(t.output),
                           std::to_string(t.cache_write_5m), std::to_string(t.cache_write_1h),
                           std::to_string(t.cache_read), std::to_string(t.total()),
                           FormatUsdExact(m.cost_nanos), FormatUsdExact(m.calc_nanos),
                           FormatUsdExact(m.recorded_nanos)});
    rows.push_back(std::move(row));
  };
  for (const auto& g : r.groups) {
    if (breakdown) {
      for (const auto& m : g.models) add(g.key, g, m.model, m.tokens, m.money);
    } else {
      std::string models;
      for (const auto& m : g.models) models += (models.empty() ? "" : ";") + m.model;
      add(g.key, g, models, g.tokens, g.money);
    }
  }
  add("TOTAL", r.totals, "", r.totals.tokens, r.totals.money);
  return RenderCsv(header, rows);
}

std::string SessionTable(const reports::SessionDetail& d) {
  Table t;
  t.columns = {{"Time (UTC)", false, 0}, {"Model", false, 0}, {"Agent", false, 5},
               {"Subagent", false, 4}, {"Input", true, 0}, {"Output", true, 0},
               {"Cache Create", true, 2}, {"Cache Read", true, 1}, {"Cost (USD)", true, 0}};
  for (const auto& c : d.calls) {
    std::string ts = format_iso8601_ms(c.ts_ms);
    t.AddRow({ts.substr(0, 19), ShortModel(c.model), c.agent,
              c.sidechain ? (c.subagent_id.empty() ? "sidechain" : c.subagent_id) : "main",
              FormatInt(c.tokens.input), FormatInt(c.tokens.output),
              FormatInt(c.tokens.cache_write()), FormatInt(c.tokens.cache_read),
              FormatUsd(c.money.cost_nanos)});
  }
  t.AddRow({"Total", fmt::format("{} calls", d.calls.size()), "", "", FormatInt(d.tokens.input),
            FormatInt(d.tokens.output), FormatInt(d.tokens.cache_write()),
            FormatInt(d.tokens.cache_read), FormatUsd(d.money.cost_nanos)},
           true);
  return fmt::format("Session {} ({}) — {}\n", d.session_id, d.agent, d.project) +
         RenderTable(t, 0, UseColor());
}

std::string SessionCsv(const reports::SessionDetail& d) {
  std::vector<std::vector<std::string>> rows;
  for (const auto& c : d.calls) {
    rows.push_back({format_iso8601_ms(c.ts_ms), c.model, c.agent,
                    c.sidechain ? (c.subagent_id.empty() ? "sidechain" : c.subagent_id) : "main",
                    std::to_string(c.tokens.input), std::to_string(c.tokens.output),
                    std::to_string(c.tokens.cache_write_5m), std::to_string(c.tokens.cache_write_1h),
                    std::to_string(c.tokens.cache_read), FormatUsdExact(c.money.cost_nanos)});
  }
  return RenderCsv({"timestamp", "model", "agent", "subagent", "input_tokens", "output_tokens",
                    "cache_write_5m_tokens", "cache_write_1h_tokens", "cache_read_tokens",
                    "cost_usd"},
                   rows);
}

std::string BlocksTable(const reports::BlocksReport& r, const std::string& zone_name) {
  auto zone = Zone::Find(zone_name).value_or(Zone::Utc());
  auto local = [&](int64_t ms) {
    int64_t l = ms + zone.offset_ms(ms);
    return format_iso8601_ms(l).substr(0, 16).replace(10, 1, " ");
  };
  Table t;
  t.columns = {{"Block Start", false, 0}, {"Status", false, 0}, {"Models", false, 3},
               {"Calls", true, 2}, {"Tokens", true, 0}, {"Cost (USD)", true, 0},
               {"Burn / Projection", false, 1}};
  for (const auto& b : r.blocks) {
    if (b.gap) {
      t.AddRow({local(b.start_ms), "gap", "", "", "", "", ""});
      continue;
    }
    std::string models;
    for (const auto& m : b.models) models += (models.empty() ? "" : ", ") + ShortModel(m);
    std::string burn;
    if (b.active) {
      burn = fmt::format("{:.0f} tok/min, {}/h → {} tokens, {}", b.tokens_per_minute,
                         FormatUsd(static_cast<int64_t>(b.cost_per_hour_usd * 1e9)),
                         FormatInt(b.projected_tokens), FormatUsd(b.projected_cost_nanos));
      if (r.token_limit) {
        burn += fmt::format(" ({:.0f}% of {})", 100.0 * b.projected_tokens / *r.token_limit,
                            FormatInt(*r.token_limit));
      }
    }
    t.AddRow({local(b.start_ms), b.active ? "ACTIVE" : "done", models, FormatInt(b.tokens.calls),
              FormatInt(b.tokens.total()), FormatUsd(b.money.cost_nanos), burn});
  }
  return RenderTable(t, 0, UseColor()) +
         fmt::format("Blocks are 5-hour windows starting at the first activity's hour (estimates; "
                     "times in {}).\n", zone_name);
}

std::string BlocksCsv(const reports::BlocksReport& r) {
  std::vector<std::vector<std::string>> rows;
  for (const auto& b : r.blocks) {
    rows.push_back({format_iso8601_ms(b.start_ms), format_iso8601_ms(b.end_ms),
                    b.gap ? "gap" : (b.active ? "active" : "done"), std::to_string(b.tokens.calls),
                    std::to_string(b.tokens.total()), FormatUsdExact(b.money.cost_nanos)});
  }
  return RenderCsv({"start", "end", "status", "calls", "total_tokens", "cost_usd"}, rows);
}

}  // namespace receipts::cli
