// Internal to the Gemini source: what its three parts share. gemini_record.cpp reads one JSON
// record (a JSONL line or a legacy document) into a Record; gemini_fold.cpp folds the versions
// of each message id and emits the canonical records; gemini_parser.cpp holds the resume state
// and dispatches lines. Plain data and functions; Fold is thread-compatible (one per Parse).
#pragma once

#include <simdjson.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "sources/gemini/gemini_source.h"

namespace receipts::sources::gemini {
namespace od = simdjson::ondemand;

inline constexpr size_t kHeadBytes = 300;  // result and error excerpts

// Cuts `s` to at most `max` bytes without splitting a UTF-8 sequence.
void TruncateUtf8(std::string& s, size_t max);

struct RawTokens {
  bool present = false;
  int64_t input = 0, output = 0, cached = 0, thoughts = 0, tool = 0, total = 0;
};

struct ToolCall {
  std::string id, name, status, timestamp, agent_id, target, head, display;
  int64_t input_bytes = 0, result_bytes = 0;
  bool has_result = false;
};

// One JSONL line, or one element of a legacy document's `messages`.
struct Record {
  bool has_id = false;
  std::string id, type, timestamp, model, text, display_text;
  bool has_display = false;
  RawTokens tokens;
  bool has_tool_calls = false;
  std::vector<ToolCall> calls;
  // Header and metadata fields.
  std::string session_id, kind, start_time, first_dir;
  bool is_rewind = false, is_set = false;
};

struct Ctx {
  const char* buffer_end = nullptr;
  od::parser* aux = nullptr;  // for args/result excerpts while the main document is live
};

// Parses one JSON text as one record object; false when it is not exactly one JSON object.
bool ReadJson(od::parser& parser, std::string_view json, const Ctx& ctx, Record& r,
              std::vector<Record>* messages);

// One message id folded over its versions.
struct Message {
  Record rec;
  std::string turn_id;  // the user prompt current when the id first appeared
  uint64_t offset = 0;  // of the version whose tokens count
};

struct Fold {
  std::string session_id, turn_id, first_dir, start_time, kind;
  std::vector<Message> messages;
  std::unordered_map<std::string, size_t> index;

  // Folds one more version of a record in (gemini_fold.cpp).
  void Add(Record&& r, uint64_t offset);
};

// The canonical records of a folded file (prompts, errors, usage, tool calls and results,
// subagent runs).
void Emit(const std::string& path, const Fold& fold, ParseOutput& out);

}  // namespace receipts::sources::gemini
