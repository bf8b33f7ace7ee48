// The query layer (DESIGN.md §2): every view is one query over the store returning typed rows,
// and every surface (CLI table/JSON/CSV today; API, dashboard, MCP later) renders only these.
// Functions take the Store they read; not thread-safe per Store.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/status.h"
#include "store/store.h"

namespace receipts::reports {

enum class CostMode { kAuto, kCalculate, kDisplay, kCompare };
std::optional<CostMode> ParseCostMode(const std::string& text);
const char* CostModeName(CostMode mode);

struct Filters {
  std::optional<std::string> since;  // local day "YYYY-MM-DD", inclusive
  std::optional<std::string> until;
  std::string zone = "UTC";          // IANA name, already validated
  std::optional<std::string> project;  // case-insensitive substring
  std::vector<std::string> agents;   // empty = all
  CostMode mode = CostMode::kAuto;
  int week_start = 1;                // 0 = Sunday … 6 = Saturday
  bool descending = false;
};

struct TokenSums {
  int64_t calls = 0;
  int64_t input = 0, output = 0, cache_write_5m = 0, cache_write_1h = 0, cache_read = 0;
  int64_t reasoning = 0, web_search = 0;
  int64_t cache_write() const { return cache_write_5m + cache_write_1h; }
  int64_t total() const { return input + output + cache_write() + cache_read; }
  void Add(const TokenSums& o);
};

struct Money {
  int64_t cost_nanos = 0;      // in the report's mode (compare: calculated)
  int64_t calc_nanos = 0;      // calculated from tokens
  int64_t recorded_nanos = 0;  // recorded by the agent
  int64_t unpriced_calls = 0;  // calls with no price in the report's mode
  void Add(const Money& o);
};

struct ModelLine {
  std::string model;
  TokenSums tokens;
  Money money;
};

struct Group {
  std::string key;            // day / week start / month / session id
  std::string agent;          // sessions: the agent
  std::vector<std::string> agents;  // every agent with usage in the group
  std::string project;        // sessions: the project path
  int64_t last_activity_ms = 0;
  TokenSums tokens;
  Money money;
  std::vector<ModelLine> models;
};

enum class GroupBy { kDay, kWeek, kMonth, kSession };
const char* GroupByName(GroupBy g);  // "daily", "weekly", "monthly", "session"

struct GroupedReport {
  GroupBy by = GroupBy::kDay;
  CostMode mode = CostMode::kAuto;
  std::string zone;
  std::vector<Group> groups;
  Group totals;
  std::vector<std::string> unpriced_models;
};

Result<GroupedReport> RunGrouped(store::Store& store, GroupBy by, const Filters& filters);

// One session, every call.
struct CallRow {
  int64_t ts_ms = 0;
  std::string model, agent, subagent_id;
  bool sidechain = false;
  TokenSums tokens;
  Money money;
};
struct SessionDetail {
  std::string session_id, agent, project;
  std::vector<CallRow> calls;
  TokenSums tokens;
  Money money;
  std::vector<std::string> unpriced_models;
};
// `id` may be a unique prefix. Error when unknown or ambiguous.
Result<SessionDetail> RunSessionDetail(store::Store& store, const std::string& id,
                                       const Filters& filters);

// 5-hour billing windows (DESIGN.md §1 `blocks`).
struct Block {
  int64_t start_ms = 0, end_ms = 0;       // window
  int64_t first_ms = 0, last_ms = 0;      // activity inside
  bool active = false;
  bool gap = false;                       // a gap row between blocks
  TokenSums tokens;
  Money money;
  std::vector<std::string> models;
  // Active block only.
  double tokens_per_minute = 0, cost_per_hour_usd = 0;
  int64_t projected_tokens = 0, projected_cost_nanos = 0;
};
struct BlocksReport {
  std::vector<Block> blocks;
  std::optional<int64_t> token_limit;
  CostMode mode = CostMode::kAuto;
};
// `token_limit_max`: the limit is the largest total of any completed block (ccusage's `max`).
Result<BlocksReport> RunBlocks(store::Store& store, const Filters& filters, int64_t now_ms,
                               std::optional<int64_t> token_limit, bool token_limit_max = false);

}  // namespace receipts::reports
