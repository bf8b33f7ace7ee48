// See catalog.h.
#include "reports/catalog.h"

#include <algorithm>
#include <charconv>
#include <chrono>

#include <fmt/format.h>

#include "core/time.h"
#include "reports/json.h"
#include "reports/view.h"
#include "sources/source.h"

namespace receipts::reports {
namespace {

std::vector<ParamDef> FilterParams() {
  return {
      {"since", "date", "first day, YYYY-MM-DD or YYYYMMDD (inclusive)", "", {}, false},
      {"until", "date", "last day, YYYY-MM-DD or YYYYMMDD (inclusive)", "", {}, false},
      {"tz", "zone", "IANA time zone for days", "the server's zone", {}, false},
      {"agent", "agents", "only these agents, comma-separated", "all", {}, false},
      {"project", "text", "only projects whose path contains this (any case)", "", {}, false},
      {"mode", "enum", "cost mode", "auto", {"auto", "calculate", "display", "compare"}, false},
      {"order", "enum", "sort order", "asc", {"asc", "desc"}, false},
  };
}

ReportDef Grouped(const char* name, const char* description, bool week) {
  ReportDef d{name, description, ReportKind::kGrouped, FilterParams()};
  if (week) {
    d.params.push_back({"startOfWeek", "enum", "first day of the week", "monday",
                        {"sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"},
                        false});
  }
  d.params.push_back({"breakdown", "bool", "per-model rows (always present in JSON)", "false", {}, false});
  return d;
}

// Dimension views (RunDimension) partition the total, so they list every row and take no limit.
bool IsDimension(const std::string& name) {
  for (const char* d : {"projects", "apps", "agents", "subagents", "people", "models"}) {
    if (name == d) return true;
  }
  return false;
}

std::vector<ReportDef> BuildCatalog() {
  std::vector<ReportDef> c;
  c.push_back(Grouped("daily", "usage and cost per day", false));
  c.push_back(Grouped("weekly", "usage and cost per week", true));
  c.push_back(Grouped("monthly", "usage and cost per month", false));
  ReportDef session = Grouped("session", "sessions by last activity; with id: every call of one session", false);
  session.kind = ReportKind::kSession;
  session.params.push_back({"id", "text", "one session: its id or a unique prefix", "", {}, false});
  c.push_back(std::move(session));
  ReportDef blocks{"blocks", "5-hour billing windows with burn rate and projection", ReportKind::kBlocks,
                   FilterParams()};
  blocks.params.push_back({"tokenLimit", "tokenLimit",
                           "token limit for the projection: a number, or max (the largest past block)",
                           "", {}, false});
  c.push_back(std::move(blocks));
  for (const ViewDef& v : Views()) {
    ReportDef d{v.name, v.description, ReportKind::kView, FilterParams()};
    if (v.name == "turns") {
      d.description = "one session turn by turn: prompt, calls, tools, tokens, cost";
      d.params.push_back({"id", "text", "the session: its id or a unique prefix", "", {}, true});
    } else if (!IsDimension(v.name)) {
      d.params.push_back({"limit", "int", "at most this many rows", "the view's default", {}, false});
    }
    if (v.by_session) {
      d.params.push_back({"session", "text", "only this session: its id or a unique prefix", "", {}, false});
    }
    c.push_back(std::move(d));
  }
  return c;
}

bool HasParam(const ReportDef& def, const std::string& name) {
  return std::any_of(def.params.begin(), def.params.end(),
                     [&](const ParamDef& p) { return p.name == name; });
}

Result<int64_t> PositiveInt(const std::string& text) {
  int64_t v = 0;
  auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || p != text.data() + text.size() || v <= 0) {
    return Status::Error("not positive");
  }
  return v;
}

}  // namespace

const std::vector<ReportDef>& Catalog() {
  static const std::vector<ReportDef> kCatalog = BuildCatalog();
  return kCatalog;
}

const ReportDef* FindReport(const std::string& name) {
  for (const ReportDef& d : Catalog()) {
    if (d.name == name) return &d;
  }
  return nullptr;
}

nlohmann::ordered_json CatalogJson() {
  nlohmann::ordered_json reports = nlohmann::ordered_json::array();
  for (const ReportDef& d : Catalog()) {
    nlohmann::ordered_json r;
    r["name"] = d.name;
    r["description"] = d.description;
    r["kind"] = d.kind == ReportKind::kGrouped   ? "grouped"
                : d.kind == ReportKind::kSession ? "session"
                : d.kind == ReportKind::kBlocks  ? "blocks"
                                                 : "view";
    nlohmann::ordered_json params = nlohmann::ordered_json::array();
    for (const ParamDef& p : d.params) {
      nlohmann::ordered_json j;
      j["name"] = p.name;
      j["type"] = p.type;
      j["description"] = p.description;
      if (!p.default_value.empty()) j["default"] = p.default_value;
      if (!p.values.empty()) j["values"] = p.values;
      j["required"] = p.required;
      params.push_back(std::move(j));
    }
    r["parameters"] = std::move(params);
    reports.push_back(std::move(r));
  }
  nlohmann::ordered_json out;
  out["reports"] = std::move(reports);
  return out;
}

Result<nlohmann::ordered_json> RunReportJson(store::Store& store, const std::string& name,
                                             const Filters& filters, const ReportParams& params) {
  const ReportDef* def = FindReport(name);
  if (!def) return Status::Error("unknown report '" + name + "'");
  switch (def->kind) {
    case ReportKind::kGrouped:
    case ReportKind::kSession: {
      if (def->kind == ReportKind::kSession && !params.id.empty()) {
        auto detail = RunSessionDetail(store, params.id, filters);
        if (!detail.ok()) return detail.status();
        return ToJson(detail.value());
      }
      GroupBy by = name == "daily"     ? GroupBy::kDay
                   : name == "weekly"  ? GroupBy::kWeek
                   : name == "monthly" ? GroupBy::kMonth
                                       : GroupBy::kSession;
      auto report = RunGrouped(store, by, filters);
      if (!report.ok()) return report.status();
      return ToJson(report.value(), params.breakdown);
    }
    case ReportKind::kBlocks: {
      int64_t now = params.now_ms;
      if (now == 0) {
        now = now_utc_ms();
      }
      auto report = RunBlocks(store, filters, now, params.token_limit, params.token_limit_max);
      if (!report.ok()) return report.status();
      return ToJson(report.value());
    }
    case ReportKind::kView: {
      const ViewDef* view = FindView(name);
      if (!view) return Status::Error("unknown report '" + name + "'");
      if (name == "turns" && params.id.empty()) {
        return Status::Error("turns needs a session id: pass id=<session id or unique prefix>");
      }
      ViewParams vp;
      vp.limit = params.limit;
      vp.session_id = name == "turns" ? params.id : params.session;
      auto result = view->run(store, filters, vp);
      if (!result.ok()) return result.status();
      return ToJson(result.value());
    }
  }
  return Status::Error("unknown report '" + name + "'");
}

// ---- Validators (wording shared with src/cli/context.cpp).

Result<std::optional<std::string>> ParseDayOption(const std::string& text, const std::string& label) {
  if (text.empty()) return std::optional<std::string>();
  auto d = parse_user_date(text);
  if (!d) {
    return Status::Error(fmt::format("{} '{}' is not a valid date; expected YYYY-MM-DD or "
                                     "YYYYMMDD, e.g. 2026-01-31",
                                     label, text));
  }
  return std::optional<std::string>(format_civil_day(*d));
}

Result<std::string> ParseZoneOption(const std::string& text) {
  std::string name = text.empty() ? machine_zone_name() : text;
  auto zone = Zone::Find(name);
  if (!zone) {
    return Status::Error(fmt::format("unknown time zone '{}'; expected an IANA name such as "
                                     "UTC, Europe/Berlin or America/New_York",
                                     text));
  }
  return zone->name();
}

Result<CostMode> ParseModeOption(const std::string& text, const std::string& label) {
  auto mode = ParseCostMode(text);
  if (!mode) {
    return Status::Error(fmt::format("{} '{}' is not a cost mode; expected auto, calculate, "
                                     "display or compare",
                                     label, text));
  }
  return *mode;
}

Result<bool> ParseOrderOption(const std::string& text, const std::string& label) {
  if (text != "asc" && text != "desc") {
    return Status::Error(fmt::format("{} '{}' is not valid; expected asc or desc", label, text));
  }
  return text == "desc";
}

Result<int> ParseWeekStartOption(const std::string& text, const std::string& label) {
  auto wd = parse_weekday(text);
  if (!wd) {
    return Status::Error(fmt::format("{} '{}' is not a weekday; expected e.g. monday or sunday",
                                     label, text));
  }
  return *wd;
}

Result<std::vector<std::string>> ParseAgentsOption(const std::string& text, const std::string& label) {
  std::vector<std::string> agents;
  size_t start = 0;
  while (!text.empty() && start <= text.size()) {
    size_t comma = text.find(',', start);
    std::string name =
        text.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    if (!name.empty()) {
      if (!sources::FindSource(name)) {
        std::string known;
        for (const auto* s : sources::Registry()) {
          known += (known.empty() ? "" : ", ") + std::string(s->name());
        }
        return Status::Error(fmt::format("{} '{}' is not a supported agent; expected one of: {}",
                                         label, name, known));
      }
      agents.push_back(name);
    }
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return agents;
}

Status CheckRange(const Filters& f, const std::string& since_label, const std::string& until_label) {
  if (f.since && f.until && *f.since > *f.until) {
    return Status::Error(
        fmt::format("{} {} is after {} {}", since_label, *f.since, until_label, *f.until));
  }
  return Status::Ok();
}

Status ParseTokenLimitOption(const std::string& text, const std::string& label, ReportParams& out) {
  out.token_limit.reset();
  out.token_limit_max = false;
  if (text.empty()) return Status::Ok();
  if (text == "max") {
    out.token_limit_max = true;
    return Status::Ok();
  }
  auto v = PositiveInt(text);
  if (!v.ok()) {
    return Status::Error(fmt::format("{} '{}' is not valid; expected a positive number of tokens "
                                     "or max",
                                     label, text));
  }
  out.token_limit = v.value();
  return Status::Ok();
}

Result<ReportRequest> ParseReportQuery(const ReportDef& def, const QueryParams& query,
                                       const Filters& defaults) {
  ReportRequest req;
  req.filters = defaults;
  for (auto it = query.begin(); it != query.end(); ++it) {
    if (!HasParam(def, it->first)) {
      std::string accepted;
      for (const ParamDef& p : def.params) accepted += (accepted.empty() ? "" : ", ") + p.name;
      return Status::Error(fmt::format("unknown parameter '{}' for report {}; accepted: {}",
                                       it->first, def.name, accepted));
    }
    if (query.count(it->first) > 1) {
      return Status::Error(fmt::format("parameter '{}' is given more than once; pass it once",
                                       it->first));
    }
  }
  auto get = [&](const char* name) -> std::optional<std::string> {
    auto it = query.find(name);
    if (it == query.end()) return std::nullopt;
    return it->second;
  };
  if (auto v = get("since")) {
    auto d = ParseDayOption(*v, "since");
    if (!d.ok()) return d.status();
    req.filters.since = d.value();
  }
  if (auto v = get("until")) {
    auto d = ParseDayOption(*v, "until");
    if (!d.ok()) return d.status();
    req.filters.until = d.value();
  }
  if (Status s = CheckRange(req.filters, "since", "until"); !s.ok()) return s;
  if (auto v = get("tz")) {
    if (v->empty()) return Status::Error("tz is empty; expected an IANA name such as UTC");
    auto z = ParseZoneOption(*v);
    if (!z.ok()) return z.status();
    req.filters.zone = z.value();
  }
  if (auto v = get("agent")) {
    auto a = ParseAgentsOption(*v, "agent");
    if (!a.ok()) return a.status();
    req.filters.agents = a.value();
  }
  if (auto v = get("project")) {
    if (v->empty()) {
      req.filters.project.reset();
    } else {
      req.filters.project = *v;
    }
  }
  if (auto v = get("mode")) {
    auto m = ParseModeOption(*v, "mode");
    if (!m.ok()) return m.status();
    req.filters.mode = m.value();
  }
  if (auto v = get("order")) {
    auto o = ParseOrderOption(*v, "order");
    if (!o.ok()) return o.status();
    req.filters.descending = o.value();
  }
  if (auto v = get("startOfWeek")) {
    auto w = ParseWeekStartOption(*v, "startOfWeek");
    if (!w.ok()) return w.status();
    req.filters.week_start = w.value();
  }
  if (auto v = get("breakdown")) {
    if (*v == "true" || *v == "1" || v->empty()) {
      req.params.breakdown = true;
    } else if (*v == "false" || *v == "0") {
      req.params.breakdown = false;
    } else {
      return Status::Error(fmt::format("breakdown '{}' is not valid; expected true or false", *v));
    }
  }
  if (auto v = get("limit")) {
    auto n = PositiveInt(*v);
    if (!n.ok() || n.value() > 1'000'000) {
      return Status::Error(fmt::format("limit '{}' is not valid; expected a whole number from 1 "
                                       "to 1000000",
                                       *v));
    }
    req.params.limit = static_cast<int>(n.value());
  }
  if (auto v = get("id")) req.params.id = *v;
  if (auto v = get("session")) {
    if (v->empty()) return Status::Error("session is empty; expected a session id or a unique prefix");
    req.params.session = *v;
  }
  if (def.name == "turns" && req.params.id.empty()) {
    return Status::Error("turns needs a session id: pass id=<session id or unique prefix>");
  }
  if (auto v = get("tokenLimit")) {
    if (Status s = ParseTokenLimitOption(*v, "tokenLimit", req.params); !s.ok()) return s;
  }
  return req;
}

}  // namespace receipts::reports
