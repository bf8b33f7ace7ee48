// The one interface every agent adapter implements (DESIGN.md §2): find its files under its
// roots, and parse a file from a checkpoint into canonical usage records, reporting malformed
// lines without stopping. Adapters never write to the store, price, or format.
// Sources are stateless and thread-safe: Parse may run concurrently on different files.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/usage.h"

namespace receipts::sources {

// The process environment as the sources see it, injectable so that tests never read the real
// home directory.
struct Environment {
  std::string home;
  std::map<std::string, std::string> vars;

  static Environment FromProcess();
  std::optional<std::string> get(const std::string& name) const;
};

// One usage record as written in a log line (before the global dedupe and merge).
struct UsageRecord {
  std::string dedupe_key;     // "m:<message.id>", else "r:<requestId>", else "" (count as is)
  int64_t ts_ms = 0;
  std::string session_id;
  std::string project;        // the cwd on the line (falls back to the project directory)
  std::string model;
  bool sidechain = false;
  std::string subagent_id;    // agentId of a subagent line ("" in the main thread)
  TokenCounts tokens;
  int64_t web_search_requests = 0;
  std::string speed;
  std::optional<int64_t> recorded_cost_nanos;  // old Claude `costUSD` (number only)
  uint64_t offset = 0;        // byte offset of the line in its file
};

struct MalformedLine {
  uint64_t offset = 0;
  std::string reason;
};

struct ParseOutput {
  std::vector<UsageRecord> records;
  std::vector<MalformedLine> malformed;
  uint64_t consumed_to = 0;   // absolute offset just past the last complete line consumed
  int64_t lines = 0;          // complete lines seen
  int64_t usage_lines = 0;    // lines that yielded usage records
  int64_t first_ts_ms = 0;    // earliest record timestamp seen (0 = none)
};

struct DiscoveredFile {
  std::string path;
  std::string root;           // the root it was found under
};

class Source {
 public:
  virtual ~Source() = default;
  virtual std::string_view name() const = 0;  // agent spelling, e.g. "claude"
  // Root directories to scan, from the environment (existing or not, for `doctor`).
  virtual std::vector<std::string> Roots(const Environment& env) const = 0;
  // Every log file under the roots, sorted by path.
  virtual std::vector<DiscoveredFile> Discover(const std::vector<std::string>& roots) const = 0;
  // Parses `data`, the bytes of `path` starting at absolute offset `base_offset`. `data` must be
  // followed by at least kParsePadding readable bytes. Only complete lines are consumed.
  virtual ParseOutput Parse(const std::string& path, std::string_view data,
                            uint64_t base_offset) const = 0;
};

inline constexpr size_t kParsePadding = 64;

// The explicit registry of every source, in a fixed order.
const std::vector<const Source*>& Registry();
const Source* FindSource(std::string_view name);

}  // namespace receipts::sources
