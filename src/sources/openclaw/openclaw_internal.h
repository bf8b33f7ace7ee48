// One pi / OpenClaw session line read into the fields the parser uses (FORMATS.md §4): the
// shared declarations of openclaw_parser.cpp (dispatch, state, records) and openclaw_line.cpp
// (the simdjson reading). Not a public API. Views point into the parser's buffers: valid until
// the next ReadLine with that parser. Plain data; ReadLine is thread-safe with one parser per
// thread.
#pragma once

#include <simdjson.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace receipts::sources::openclaw::internal {
namespace od = simdjson::ondemand;

// ---- one line --------------------------------------------------------------------------------

struct Usage {
  bool present = false;
  int64_t input = 0, output = 0, cache_read = 0, cache_write = 0, total = 0;
  std::optional<double> cost_total;
};

struct ToolCall {
  std::string id, name, target;
  int64_t input_bytes = 0;
};

struct Message {
  bool present = false;
  std::string_view role, model, model_id, provider, stop_reason, error_message, tool_call_id;
  std::string_view command, output;
  std::optional<int64_t> ts_ms;
  bool is_error = false;
  std::optional<double> exit_code;
  Usage usage;
  std::string text;           // text parts joined by '\n'
  int64_t content_bytes = 0;  // bytes of text (and image data) in the content
  std::vector<ToolCall> calls;
};

struct Line {
  std::string_view type, id, timestamp, cwd, provider, model_id, model, custom_type;
  std::string_view data_provider, data_model_id, data_model;
  Message message;
};

// Reads one line's JSON text into `line`. Returns false when the text is not one parseable JSON
// object.
bool ReadLine(od::parser& parser, std::string_view json, const char* buffer_end, Line& line);

}  // namespace receipts::sources::openclaw::internal
