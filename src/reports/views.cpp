// The view registry and the JSON shape of a view.
#include "core/time.h"
#include "reports/json.h"
#include "reports/view.h"

namespace receipts::reports {
namespace {

ViewDef Dim(const char* name, const char* description) {
  return {name, description, [n = std::string(name)](store::Store& s, const Filters& f,
                                                     const ViewParams& p) {
            return RunDimension(s, n, f, p);
          }};
}

}  // namespace

const std::vector<ViewDef>& Views() {
  static const std::vector<ViewDef> kViews = {
      Dim("projects", "spend per project (repository root)"),
      Dim("apps", "spend per app (the cwd's path inside its project)"),
      Dim("agents", "spend per coding agent"),
      Dim("subagents", "spend per subagent type, who delegates to it and what it touches"),
      Dim("people", "spend per person"),
      Dim("models", "spend per model, provider and agent"),
      {"tokens", "spend by token type (input, output, cache writes, cache reads, web search) per model", RunTokens},
      {"prompts", "the most expensive prompts with their calls, tools and largest results", RunPrompts, true},
      {"turns", "one session turn by turn (receipts session ID --turns)", RunTurns},
      {"tools", "tool calls per tool: count, errors, result sizes", RunTools, true},
      {"files", "files read and edited, repeated reads", RunFiles, true},
      {"skills", "skills used", RunSkills, true},
      {"mcp", "MCP servers and tools", RunMcp, true},
      {"commits", "git commits made through the agents' shell tools", RunCommits, true},
      {"errors", "tool failures, API errors and rate-limit hits", RunErrors, true},
  };
  return kViews;
}

const ViewDef* FindView(const std::string& name) {
  for (const ViewDef& v : Views()) {
    if (v.name == name) return &v;
  }
  return nullptr;
}

nlohmann::ordered_json ToJson(const ViewResult& v) {
  auto cell = [&](const ColumnDef& c, const Value& value) -> nlohmann::ordered_json {
    if (std::holds_alternative<std::monostate>(value)) return nullptr;
    if (auto* s = std::get_if<std::string>(&value)) return *s;
    if (auto* d = std::get_if<double>(&value)) return *d;
    int64_t i = std::get<int64_t>(value);
    if (c.type == ColType::kTime) return format_iso8601_ms(i);
    return i;
  };
  auto object = [&](const std::vector<Value>& cells) {
    nlohmann::ordered_json o;
    for (size_t i = 0; i < v.columns.size() && i < cells.size(); ++i) {
      const ColumnDef& c = v.columns[i];
      o[c.key] = cell(c, cells[i]);
      if (c.type == ColType::kNanos && std::holds_alternative<int64_t>(cells[i])) {
        std::string usd_key = c.key.substr(0, c.key.size() - 5);  // totalCostNanos → totalCost
        o[usd_key] = NanosToUsd(std::get<int64_t>(cells[i]));
      }
    }
    return o;
  };
  nlohmann::ordered_json out;
  nlohmann::ordered_json rows = nlohmann::ordered_json::array();
  for (const ViewRow& r : v.rows) {
    nlohmann::ordered_json o = object(r.cells);
    if (r.extra.is_object()) {
      for (auto it = r.extra.begin(); it != r.extra.end(); ++it) o[it.key()] = it.value();
    }
    rows.push_back(std::move(o));
  }
  out[v.name] = std::move(rows);
  if (!v.totals.empty()) out["totals"] = object(v.totals);
  out["costMode"] = CostModeName(v.mode);
  out["timezone"] = v.zone;
  out["unpricedModels"] = v.unpriced_models;
  return out;
}

}  // namespace receipts::reports
