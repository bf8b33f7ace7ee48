// One Claude Code JSONL line read into the fields receipts uses (FORMATS.md §1.2–1.6).
// Views point into the parser's buffers: valid until the next ReadClaudeLine on this thread.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace receipts::sources::claude {

struct ClaudeUsage {
  bool present = false;
  int64_t input = 0, output = 0, cache_creation = 0, cache_read = 0;
  bool has_split = false;
  int64_t e5m = 0, e1h = 0;
  int64_t web_search = 0;
  std::string_view speed;
};

struct ToolUse {
  std::string_view id, name;
  std::string target;          // file path / command / url / skill / subagent type
  std::string subagent_type, description;  // Task/Agent only
  int64_t input_bytes = 0;
};

struct ToolResult {
  std::string_view tool_use_id;
  bool is_error = false;
  int64_t bytes = 0;
  std::string head;            // first characters of the result text
  std::string agent_id;        // "agentId: <id>" in the text (subagent link)
};

struct ClaudeLine {
  bool has_type = false;
  std::string_view type, uuid, message_id, model, request_id, session_id, timestamp, cwd,
      agent_id, parent_tool_use_id, progress_type, progress_agent_id, tool_use_result_agent_id;
  bool sidechain = false, is_meta = false, is_api_error = false, is_compact_summary = false;
  bool message_is_object = false;
  std::optional<double> cost_usd;
  ClaudeUsage usage;
  bool content_is_string = false;
  std::string text;            // user text (string content or text blocks)
  std::vector<ToolUse> tool_uses;
  std::vector<ToolResult> tool_results;

  // Back to the default state, keeping the buffers' capacity for the next line.
  void Clear() {
    std::string keep_text = std::move(text);
    auto keep_uses = std::move(tool_uses);
    auto keep_results = std::move(tool_results);
    *this = ClaudeLine{};
    keep_text.clear();
    keep_uses.clear();
    keep_results.clear();
    text = std::move(keep_text);
    tool_uses = std::move(keep_uses);
    tool_results = std::move(keep_results);
  }
};

// False when `json` is not one parseable JSON object (trailing content included).
bool ReadClaudeLine(std::string_view json, const char* buffer_end, ClaudeLine& line);

}  // namespace receipts::sources::claude
