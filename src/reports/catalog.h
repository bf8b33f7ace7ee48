// The report catalog: the one entry point every JSON surface (API, dashboard, MCP, exports)
// uses to list reports, validate their parameters and run one into the exact JSON the CLI
// prints for `--json`. The option validators are shared with the CLI so a bad value gets the
// same wording everywhere; only the label differs (`--since` on the CLI, `since` in a query).
// Stateless apart from the immutable catalog; every function is thread-safe given its own Store.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/status.h"
#include "reports/report.h"
#include "store/store.h"

namespace receipts::reports {

// One parameter a report accepts, as spelled in a query string (camelCase).
struct ParamDef {
  std::string name;
  std::string type;           // "date", "zone", "agents", "text", "enum", "int", "tokenLimit", "bool"
  std::string description;
  std::string default_value;  // "" = none
  std::vector<std::string> values;  // for "enum"
  bool required = false;
};

enum class ReportKind { kGrouped, kSession, kBlocks, kView };

struct ReportDef {
  std::string name;
  std::string description;
  ReportKind kind = ReportKind::kView;
  std::vector<ParamDef> params;  // filters first, then the report's own
};

// Every report: daily, weekly, monthly, session (list, or one session with `id`), blocks, then
// every view of Views() in registry order (turns needs `id`).
const std::vector<ReportDef>& Catalog();
const ReportDef* FindReport(const std::string& name);
// {"reports":[{"name","description","parameters":[{"name","type","description",…}]}]}
nlohmann::ordered_json CatalogJson();

// What a report needs besides the filters.
struct ReportParams {
  std::string id;                          // session detail / turns: a session id or prefix
  std::string session;                     // views that take one: only this session ("" = all)
  int limit = 0;                           // views: 0 = the view's default
  std::optional<int64_t> token_limit;      // blocks
  bool token_limit_max = false;            // blocks: tokenLimit=max (the largest past block)
  bool breakdown = false;                  // grouped (JSON always carries the breakdowns)
  int64_t now_ms = 0;                      // blocks: 0 = the clock
};

// Runs `name` and returns exactly the JSON `receipts <name> --json` prints (ToJson of the
// GroupedReport, SessionDetail, BlocksReport or ViewResult). Error on an unknown report, a
// missing required id, or a failed query.
Result<nlohmann::ordered_json> RunReportJson(store::Store& store, const std::string& name,
                                             const Filters& filters, const ReportParams& params);

// ---- Validation shared by the CLI and the query parser. `label` is how the user spelled the
// option (`--since` or `since`); messages name the bad value and what was expected.
Result<std::optional<std::string>> ParseDayOption(const std::string& text, const std::string& label);
// Empty `text` = the machine's zone. Returns the canonical IANA name.
Result<std::string> ParseZoneOption(const std::string& text);
Result<CostMode> ParseModeOption(const std::string& text, const std::string& label);
Result<bool> ParseOrderOption(const std::string& text, const std::string& label);  // true = desc
Result<int> ParseWeekStartOption(const std::string& text, const std::string& label);
// Comma list of registered agent names; empty items are skipped.
Result<std::vector<std::string>> ParseAgentsOption(const std::string& text, const std::string& label);
// since ≤ until, with the labels used in the message.
Status CheckRange(const Filters& f, const std::string& since_label, const std::string& until_label);
// "" (none), a positive number of tokens, or "max".
Status ParseTokenLimitOption(const std::string& text, const std::string& label, ReportParams& out);

// A query string's parameters (name → value; a repeated name is an error).
using QueryParams = std::multimap<std::string, std::string>;

struct ReportRequest {
  Filters filters;
  ReportParams params;
};

// Validates `query` for report `def`: since, until (YYYY-MM-DD or YYYYMMDD), tz, agent (comma
// list), project, mode, order, and the report's own (startOfWeek, limit, id, tokenLimit,
// breakdown, session). Unset filters keep `defaults` (the server's zone and agents). An unknown or
// inapplicable parameter is an error naming it and listing the accepted ones.
Result<ReportRequest> ParseReportQuery(const ReportDef& def, const QueryParams& query,
                                       const Filters& defaults);

}  // namespace receipts::reports
