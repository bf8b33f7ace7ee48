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
// "a, b,,a" → {"a", "b"}: a comma-separated list (as in CLAUDE_CONFIG_DIR), items trimmed,
// empty and repeated items dropped.
std::vector<std::string> SplitList(std::string_view list);

struct Environment {
  std::string home;
  std::map<std::string, std::string> vars;

  static Environment FromProcess();
  std::optional<std::string> get(const std::string& name) const;
};

// One usage record (one model call, or one copy of it) as written in a log.
struct UsageRecord {
  // Identifies the call across every file of the agent; copies with the same key are merged
  // (per-field max of tokens, earliest timestamp). Claude: "m:<message.id>" else
  // "r:<requestId>"; other agents prefix their own ("codex:<session>:<n>" …). "" = count as is.
  std::string dedupe_key;
  int64_t ts_ms = 0;
  std::string session_id;
  std::string project;        // the cwd of the call (ingest resolves the repository root and app)
  std::string model;
  std::string provider;       // "anthropic", "openai", "google", … ("" = derive from the model)
  bool sidechain = false;
  std::string subagent_id;    // the subagent run this call belongs to ("" = main thread)
  std::string turn_id;        // the prompt/turn this call answers ("" = unknown)
  TokenCounts tokens;
  int64_t web_search_requests = 0;
  std::string speed;
  std::optional<int64_t> recorded_cost_nanos;  // cost the agent recorded (Claude costUSD, pi …)
  uint64_t offset = 0;        // byte offset of the line in its file (or a row id)
};

// A user prompt: starts a turn. Text is raw here; ingest redacts it before storing.
struct PromptRecord {
  std::string turn_id;        // unique within the agent (e.g. the prompt line's uuid)
  std::string session_id;
  std::string project;        // cwd
  int64_t ts_ms = 0;
  std::string text;
  bool sidechain = false;     // a subagent's task prompt rather than a human prompt
  std::string subagent_id;
  uint64_t offset = 0;
};

// A tool call made by the model. Its result usually arrives later (ToolResultRecord).
struct ToolCallRecord {
  std::string tool_use_id;    // unique within the agent; copies merge ("" = count as is)
  std::string session_id;
  std::string turn_id;
  std::string call_key;       // dedupe_key of the model call that issued it
  int64_t ts_ms = 0;
  std::string name;           // as logged: Read, Bash, Task, Skill, mcp__github__create_issue …
  std::string target;         // file path, shell command, URL, skill or subagent type ("" = none)
  int64_t input_bytes = 0;
  bool sidechain = false;
  std::string subagent_id;
  uint64_t offset = 0;
};

struct ToolResultRecord {
  std::string tool_use_id;
  std::string session_id;
  int64_t ts_ms = 0;
  int64_t result_bytes = 0;   // size of the result content as logged
  bool is_error = false;
  std::string head;           // first ~300 characters of the result text (redacted at ingest)
  uint64_t offset = 0;
};

// A subagent run and the tool call that spawned it (Claude Task/Agent, Codex thread_spawn …).
struct SubagentRunRecord {
  std::string agent_id;       // matches UsageRecord::subagent_id of its calls
  std::string session_id;     // the parent session
  std::string tool_use_id;    // the spawning tool call ("" = unknown)
  std::string type;           // subagent_type, e.g. code-reviewer ("" = unknown yet)
  std::string description;
  int64_t ts_ms = 0;
};

// Something that went wrong: a failed tool, an API error, a rate-limit hit.
struct ErrorRecord {
  std::string session_id;
  std::string turn_id;
  int64_t ts_ms = 0;
  std::string kind;           // "tool_error", "api_error", "rate_limit"
  std::string message;        // short; redacted at ingest
  std::string tool_use_id;    // for tool errors
  uint64_t offset = 0;
};

// A rate-limit snapshot (Codex token_count.rate_limits), kept for a later limits view.
struct RateLimitRecord {
  std::string session_id;
  int64_t ts_ms = 0;
  std::string limit_id;       // "primary", "secondary", or the logged id
  int64_t window_minutes = 0;
  double used_percent = 0;
  int64_t resets_at_ms = 0;
  std::string plan;
};

struct MalformedLine {
  uint64_t offset = 0;
  std::string reason;
};

struct ParseOutput {
  std::vector<UsageRecord> records;
  std::vector<PromptRecord> prompts;
  std::vector<ToolCallRecord> tool_calls;
  std::vector<ToolResultRecord> tool_results;
  std::vector<SubagentRunRecord> subagent_runs;
  std::vector<ErrorRecord> errors;
  std::vector<RateLimitRecord> rate_limits;
  std::vector<MalformedLine> malformed;
  uint64_t consumed_to = 0;   // absolute offset just past the last complete line consumed
  int64_t lines = 0;          // complete lines seen
  int64_t usage_lines = 0;    // lines that yielded usage records
  int64_t first_ts_ms = 0;    // earliest record timestamp seen (0 = none)
  std::string state;          // the source's resume state after `consumed_to` (see Parse)
};

struct DiscoveredFile {
  std::string path;
  std::string root;           // the root it was found under
};

// How ingest reads a file.
enum class ReadMode {
  kAppend,    // append-only (JSONL): parse new bytes from the checkpoint
  kWhole,     // a document rewritten whole (Gemini legacy .json): re-read fully on any change
  kPathOnly,  // not bytes (a SQLite database): the source opens the path itself
};

class Source {
 public:
  virtual ~Source() = default;
  virtual std::string_view name() const = 0;  // agent spelling, e.g. "claude"
  // Root directories to scan, from the environment (existing or not, for `doctor`).
  virtual std::vector<std::string> Roots(const Environment& env) const = 0;
  // Every log file under the roots, sorted by path.
  virtual std::vector<DiscoveredFile> Discover(const std::vector<std::string>& roots) const = 0;
  // The directories whose subtrees Discover lists: a scan that finds none of their directories
  // changed (mtime) skips discovery (ingest/tree_cache.h). Narrower than the roots where an
  // agent keeps busy directories beside its logs (Claude Code's todos/, file-history/, debug/
  // change all the time). A directory that does not exist yet may be named: its creation counts.
  virtual std::vector<std::string> WatchedDirs(const std::vector<std::string>& roots) const {
    return roots;
  }
  virtual ReadMode read_mode(std::string_view path) const { return ReadMode::kAppend; }
  // Parses `data`, the bytes of `path` starting at absolute offset `base_offset` (kAppend), the
  // whole file (kWhole), or nothing (kPathOnly: open `path`). `data` is followed by at least
  // kParsePadding readable zero bytes. Only complete lines are consumed. `state` is the
  // ParseOutput::state returned by the previous parse of this file ("" on a first or full
  // re-read): sources whose meaning depends on earlier lines (the current turn, Codex's running
  // totals and model) keep what they need there.
  virtual ParseOutput Parse(const std::string& path, std::string_view data, uint64_t base_offset,
                            std::string_view state) const = 0;
};

inline constexpr size_t kParsePadding = 64;

// The explicit registry of every source, in a fixed order.
const std::vector<const Source*>& Registry();
const Source* FindSource(std::string_view name);

}  // namespace receipts::sources
