// Generic views (DESIGN.md §2 "one descriptor per view"): a name, its columns and one query
// returning typed rows. The attribution and event reports (projects, agents, subagents, people,
// models, apps, prompts, tools, files, skills, mcp, commits, errors, turns) are views; every
// surface renders a ViewResult the same way (table, CSV, JSON, later the API and dashboard).
#pragma once

#include <functional>
#include <string>
#include <variant>
#include <vector>

#include <nlohmann/json.hpp>

#include "reports/report.h"

namespace receipts::reports {

enum class ColType {
  kText,
  kInt,     // a count of tokens, calls …
  kNanos,   // money in nano-dollars
  kBytes,
  kTime,    // UTC ms, rendered in the report's zone
  kPercent, // 0..100 as a double
};

struct ColumnDef {
  std::string key;        // JSON/CSV name, camelCase
  std::string header;     // table header
  ColType type = ColType::kText;
  int drop_priority = 0;  // > 0: may be dropped to fit a narrow terminal
};

using Value = std::variant<std::monostate, int64_t, double, std::string>;

struct ViewRow {
  std::vector<Value> cells;
  nlohmann::ordered_json extra;  // nested detail for JSON (e.g. a prompt's calls)
};

struct ViewResult {
  std::string name;
  std::vector<ColumnDef> columns;
  std::vector<ViewRow> rows;
  std::vector<Value> totals;     // empty = no totals row
  std::vector<std::string> notes;
  std::vector<std::string> unpriced_models;
  CostMode mode = CostMode::kAuto;
  std::string zone;
};

struct ViewParams {
  int limit = 0;                 // 0 = the view's default
  std::string session_id;        // `turns`: required; views with by_session: "" = every session
};

struct ViewDef {
  std::string name;
  std::string description;
  std::function<Result<ViewResult>(store::Store&, const Filters&, const ViewParams&)> run;
  bool by_session = false;       // takes ViewParams::session_id to show one session's rows
};

// Every view, in a fixed order (one registry, shared by every surface).
const std::vector<ViewDef>& Views();
const ViewDef* FindView(const std::string& name);

// Dimension views over the rollup (each partitions the total).
Result<ViewResult> RunDimension(store::Store& store, const std::string& name, const Filters& f,
                                const ViewParams& p);
// Event views.
Result<ViewResult> RunPrompts(store::Store& store, const Filters& f, const ViewParams& p);
Result<ViewResult> RunTurns(store::Store& store, const Filters& f, const ViewParams& p);
Result<ViewResult> RunTools(store::Store& store, const Filters& f, const ViewParams& p);
Result<ViewResult> RunFiles(store::Store& store, const Filters& f, const ViewParams& p);
Result<ViewResult> RunSkills(store::Store& store, const Filters& f, const ViewParams& p);
Result<ViewResult> RunMcp(store::Store& store, const Filters& f, const ViewParams& p);
Result<ViewResult> RunCommits(store::Store& store, const Filters& f, const ViewParams& p);
Result<ViewResult> RunErrors(store::Store& store, const Filters& f, const ViewParams& p);
// Spend by token type per model (token_views.cpp).
Result<ViewResult> RunTokens(store::Store& store, const Filters& f, const ViewParams& p);

nlohmann::ordered_json ToJson(const ViewResult& view);

}  // namespace receipts::reports
