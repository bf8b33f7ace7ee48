// See json.h.
#include "reports/json.h"

#include "core/time.h"

namespace receipts::reports {
using nlohmann::ordered_json;

double NanosToUsd(int64_t nanos) { return static_cast<double>(nanos) / 1e9; }

namespace {

void PutTokens(ordered_json& j, const TokenSums& t) {
  j["inputTokens"] = t.input;
  j["outputTokens"] = t.output;
  j["cacheCreationTokens"] = t.cache_write();
  j["cacheReadTokens"] = t.cache_read;
  j["totalTokens"] = t.total();
}

void PutExtras(ordered_json& j, const TokenSums& t, const Money& m, CostMode mode) {
  j["cacheCreation5mTokens"] = t.cache_write_5m;
  j["cacheCreation1hTokens"] = t.cache_write_1h;
  j["reasoningTokens"] = t.reasoning;
  j["webSearchRequests"] = t.web_search;
  j["calls"] = t.calls;
  j["totalCostNanos"] = m.cost_nanos;
  if (mode == CostMode::kCompare) {
    j["calculatedCost"] = NanosToUsd(m.calc_nanos);
    j["recordedCost"] = NanosToUsd(m.recorded_nanos);
    j["costDifference"] = NanosToUsd(m.recorded_nanos - m.calc_nanos);
  }
  if (m.unpriced_calls) j["unpricedCalls"] = m.unpriced_calls;
}

ordered_json Breakdowns(const std::vector<ModelLine>& models, CostMode mode) {
  ordered_json arr = ordered_json::array();
  for (const ModelLine& l : models) {
    ordered_json b;
    b["modelName"] = l.model;
    b["inputTokens"] = l.tokens.input;
    b["outputTokens"] = l.tokens.output;
    b["cacheCreationTokens"] = l.tokens.cache_write();
    b["cacheReadTokens"] = l.tokens.cache_read;
    b["cost"] = NanosToUsd(l.money.cost_nanos);
    b["costNanos"] = l.money.cost_nanos;
    arr.push_back(std::move(b));
  }
  return arr;
}

}  // namespace

ordered_json ToJson(const GroupedReport& r, bool breakdown) {
  const char* list_name = r.by == GroupBy::kSession ? "sessions" : GroupByName(r.by);
  const char* key_name = r.by == GroupBy::kDay     ? "date"
                         : r.by == GroupBy::kWeek  ? "week"
                         : r.by == GroupBy::kMonth ? "month"
                                                   : "sessionId";
  ordered_json out;
  ordered_json rows = ordered_json::array();
  for (const Group& g : r.groups) {
    ordered_json j;
    j[key_name] = g.key;
    PutTokens(j, g.tokens);
    j["totalCost"] = NanosToUsd(g.money.cost_nanos);
    if (r.by == GroupBy::kSession) {
      j["lastActivity"] = format_civil_day(Zone::Find(r.zone).value_or(Zone::Utc())
                                               .local_day(g.last_activity_ms));
      j["projectPath"] = g.project;
      j["agent"] = g.agent;
    }
    ordered_json models = ordered_json::array();
    for (const ModelLine& l : g.models) {
      if (std::find(models.begin(), models.end(), l.model) == models.end()) models.push_back(l.model);
    }
    j["modelsUsed"] = models;
    j["agents"] = g.agents;
    j["modelBreakdowns"] = Breakdowns(g.models, r.mode);
    PutExtras(j, g.tokens, g.money, r.mode);
    rows.push_back(std::move(j));
  }
  out[list_name] = std::move(rows);
  ordered_json totals;
  PutTokens(totals, r.totals.tokens);
  totals["totalCost"] = NanosToUsd(r.totals.money.cost_nanos);
  PutExtras(totals, r.totals.tokens, r.totals.money, r.mode);
  out["totals"] = std::move(totals);
  out["costMode"] = CostModeName(r.mode);
  out["timezone"] = r.zone;
  out["unpricedModels"] = r.unpriced_models;
  (void)breakdown;  // breakdowns are always present in JSON, as in ccusage
  return out;
}

ordered_json ToJson(const SessionDetail& d) {
  ordered_json out;
  out["sessionId"] = d.session_id;
  out["agent"] = d.agent;
  out["projectPath"] = d.project;
  ordered_json calls = ordered_json::array();
  for (const CallRow& c : d.calls) {
    ordered_json j;
    j["timestamp"] = format_iso8601_ms(c.ts_ms);
    j["model"] = c.model;
    j["agent"] = c.agent;
    j["subagent"] = c.sidechain ? (c.subagent_id.empty() ? "sidechain" : c.subagent_id) : "main";
    PutTokens(j, c.tokens);
    j["cost"] = NanosToUsd(c.money.cost_nanos);
    j["costNanos"] = c.money.cost_nanos;
    j["cacheCreation5mTokens"] = c.tokens.cache_write_5m;
    j["cacheCreation1hTokens"] = c.tokens.cache_write_1h;
    j["webSearchRequests"] = c.tokens.web_search;
    calls.push_back(std::move(j));
  }
  out["entries"] = std::move(calls);
  ordered_json totals;
  PutTokens(totals, d.tokens);
  totals["totalCost"] = NanosToUsd(d.money.cost_nanos);
  totals["totalCostNanos"] = d.money.cost_nanos;
  totals["calls"] = d.tokens.calls;
  out["totals"] = std::move(totals);
  out["unpricedModels"] = d.unpriced_models;
  return out;
}

ordered_json ToJson(const BlocksReport& r) {
  ordered_json out;
  ordered_json blocks = ordered_json::array();
  for (const Block& b : r.blocks) {
    ordered_json j;
    j["id"] = format_iso8601_ms(b.start_ms);
    j["startTime"] = format_iso8601_ms(b.start_ms);
    j["endTime"] = format_iso8601_ms(b.end_ms);
    j["actualEndTime"] = b.gap ? ordered_json(nullptr) : ordered_json(format_iso8601_ms(b.last_ms));
    j["isActive"] = b.active;
    j["isGap"] = b.gap;
    j["entries"] = b.tokens.calls;
    ordered_json tc;
    PutTokens(tc, b.tokens);
    j["tokenCounts"] = tc;
    j["totalTokens"] = b.tokens.total();
    j["costUSD"] = NanosToUsd(b.money.cost_nanos);
    j["costNanos"] = b.money.cost_nanos;
    j["models"] = b.models;
    if (b.active) {
      j["burnRate"] = {{"tokensPerMinute", b.tokens_per_minute},
                       {"costPerHour", b.cost_per_hour_usd}};
      j["projection"] = {{"totalTokens", b.projected_tokens},
                         {"totalCost", NanosToUsd(b.projected_cost_nanos)}};
      if (r.token_limit) {
        j["tokenLimitStatus"] = {
            {"limit", *r.token_limit},
            {"projectedUsage", b.projected_tokens},
            {"percentUsed", 100.0 * double(b.projected_tokens) / double(*r.token_limit)},
            {"status", b.projected_tokens > *r.token_limit ? "exceeds" : "ok"}};
      }
    }
    blocks.push_back(std::move(j));
  }
  out["blocks"] = std::move(blocks);
  return out;
}

}  // namespace receipts::reports
