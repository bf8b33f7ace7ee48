// Reads one pi / OpenClaw session line into a Line (see openclaw_internal.h), simdjson on-demand
// in one pass over the fields in document order, with a second per-thread parser for tool
// arguments. Thread-safe with one parser per thread.
#include "sources/openclaw/openclaw_internal.h"

#include <utility>

#include "core/time.h"
#include "sources/json_lenient.h"

namespace receipts::sources::openclaw::internal {
using json::ForFields;
using json::LenientDouble;
using json::StringOr;

namespace {

// ---- lenient scalars -------------------------------------------------------------------------

// Token counts: numbers or numeric strings; negative, null and junk count as 0.
int64_t LenientCount(od::value v) {
  auto d = LenientDouble(v);
  if (!d || !(*d > 0)) return 0;
  if (*d >= 9.2e18) return INT64_MAX;
  return static_cast<int64_t>(*d);
}


// Epoch number (ms above 1e10, else seconds) or an ISO string.
std::optional<int64_t> Timestamp(od::value v) {
  od::json_type type;
  if (v.type().get(type)) return std::nullopt;
  if (type == od::json_type::number) {
    double d;
    if (v.get_double().get(d) || !(d > 0)) return std::nullopt;
    return epoch_number_to_ms(d);
  }
  if (type == od::json_type::string) return parse_iso8601_ms(StringOr(v));
  return std::nullopt;
}

bool ReadUsage(od::value v, Usage& u) {
  od::object obj;
  if (v.get_object().get(obj)) return true;  // null or junk: no usage
  u.present = true;
  return ForFields(obj, [&u](std::string_view key, od::value val) {
    if (key == "input")
      u.input = LenientCount(val);
    else if (key == "output")
      u.output = LenientCount(val);
    else if (key == "cacheRead")
      u.cache_read = LenientCount(val);
    else if (key == "cacheWrite")
      u.cache_write = LenientCount(val);
    else if (key == "totalTokens")
      u.total = LenientCount(val);
    else if (key == "cost") {
      od::object cost;
      if (val.get_object().get(cost)) return true;
      return ForFields(cost, [&u](std::string_view ck, od::value cv) {
        if (ck == "total") u.cost_total = LenientDouble(cv);
        return true;
      });
    }
    return true;
  });
}

// Tool arguments: their size as logged, and the target (path, file_path or command) read with
// a second parser from the object's raw text.
void ReadArguments(od::value v, ToolCall& call, const char* buffer_end) {
  od::json_type type;
  if (v.type().get(type)) return;
  if (type == od::json_type::string) {
    call.input_bytes = static_cast<int64_t>(StringOr(v).size());
    return;
  }
  if (type != od::json_type::object) return;
  od::object obj;
  std::string_view raw;
  if (v.get_object().get(obj) || obj.raw_json().get(raw)) return;
  call.input_bytes = static_cast<int64_t>(raw.size());
  thread_local od::parser args_parser;
  od::document doc;
  if (args_parser.iterate(raw.data(), raw.size(), static_cast<size_t>(buffer_end - raw.data()))
          .get(doc)) {
    return;
  }
  od::object args;
  if (doc.get_object().get(args)) return;
  std::string_view path, file_path, command;
  bool read = ForFields(args, [&](std::string_view key, od::value val) {
    if (key == "path")
      path = StringOr(val);
    else if (key == "file_path")
      file_path = StringOr(val);
    else if (key == "command")
      command = StringOr(val);
    return true;
  });
  if (!read) return;
  call.target = std::string(!path.empty() ? path : !file_path.empty() ? file_path : command);
}

bool ReadContent(od::value v, Message& m, const char* buffer_end) {
  od::json_type type;
  if (v.type().get(type)) return false;
  if (type == od::json_type::string) {
    std::string_view s = StringOr(v);
    m.text.append(s);
    m.content_bytes += static_cast<int64_t>(s.size());
    return true;
  }
  od::array parts;
  if (type != od::json_type::array || v.get_array().get(parts)) return true;
  for (auto part_result : parts) {
    od::value part_value;
    if (std::move(part_result).get(part_value)) return false;
    od::object part;
    if (part_value.get_object().get(part)) continue;
    std::string_view part_type, text, data;
    ToolCall call;
    bool read = ForFields(part, [&](std::string_view key, od::value val) {
      if (key == "type")
        part_type = StringOr(val);
      else if (key == "text")
        text = StringOr(val);
      else if (key == "data")
        data = StringOr(val);
      else if (key == "id")
        call.id = std::string(StringOr(val));
      else if (key == "name")
        call.name = std::string(StringOr(val));
      else if (key == "arguments")
        ReadArguments(val, call, buffer_end);
      return true;
    });
    if (!read) return false;
    if (part_type == "text") {
      if (!m.text.empty()) m.text.push_back('\n');
      m.text.append(text);
      m.content_bytes += static_cast<int64_t>(text.size());
    } else if (part_type == "image") {
      m.content_bytes += static_cast<int64_t>(data.size());
    } else if (part_type == "toolCall") {
      m.calls.push_back(std::move(call));
    }
  }
  return true;
}

bool ReadMessage(od::value v, Message& m, const char* buffer_end) {
  od::object obj;
  if (v.get_object().get(obj)) return true;  // not an object: no message
  m.present = true;
  return ForFields(obj, [&](std::string_view key, od::value val) {
    if (key == "role")
      m.role = StringOr(val);
    else if (key == "content")
      return ReadContent(val, m, buffer_end);
    else if (key == "usage")
      return ReadUsage(val, m.usage);
    else if (key == "model")
      m.model = StringOr(val);
    else if (key == "modelId")
      m.model_id = StringOr(val);
    else if (key == "provider")
      m.provider = StringOr(val);
    else if (key == "stopReason")
      m.stop_reason = StringOr(val);
    else if (key == "errorMessage")
      m.error_message = StringOr(val);
    else if (key == "timestamp")
      m.ts_ms = Timestamp(val);
    else if (key == "toolCallId")
      m.tool_call_id = StringOr(val);
    else if (key == "isError") {
      bool b = false;
      if (!val.get_bool().get(b)) m.is_error = b;
    } else if (key == "command")
      m.command = StringOr(val);
    else if (key == "output")
      m.output = StringOr(val);
    else if (key == "exitCode")
      m.exit_code = LenientDouble(val);
    return true;
  });
}

}  // namespace

// Returns false when the text is not one parseable JSON object.
bool ReadLine(od::parser& parser, std::string_view json, const char* buffer_end, Line& line) {
  size_t capacity = static_cast<size_t>(buffer_end - json.data());
  od::document doc;
  if (parser.iterate(json.data(), json.size(), capacity).get(doc)) return false;
  od::object obj;
  if (doc.get_object().get(obj)) return false;
  bool read = ForFields(obj, [&](std::string_view key, od::value val) {
    if (key == "type")
      line.type = StringOr(val);
    else if (key == "id")
      line.id = StringOr(val);
    else if (key == "timestamp")
      line.timestamp = StringOr(val);
    else if (key == "cwd")
      line.cwd = StringOr(val);
    else if (key == "provider")
      line.provider = StringOr(val);
    else if (key == "modelId")
      line.model_id = StringOr(val);
    else if (key == "model")
      line.model = StringOr(val);
    else if (key == "customType")
      line.custom_type = StringOr(val);
    else if (key == "data") {
      od::object data;
      if (val.get_object().get(data)) return true;
      return ForFields(data, [&line](std::string_view dk, od::value dv) {
        if (dk == "provider")
          line.data_provider = StringOr(dv);
        else if (dk == "modelId")
          line.data_model_id = StringOr(dv);
        else if (dk == "model")
          line.data_model = StringOr(dv);
        return true;
      });
    } else if (key == "message") {
      return ReadMessage(val, line.message, buffer_end);
    }
    return true;
  });
  if (!read) return false;
  // Trailing content (a `}{` join) means this text is not one record.
  const char* rest = nullptr;
  return doc.current_location().get(rest) != simdjson::SUCCESS;
}

}  // namespace receipts::sources::openclaw::internal
