// Gemini record reader (FORMATS.md §3): one JSON object (a JSONL line, or a legacy document
// with its `messages`) into a Record, simdjson on-demand in document order; tool-call args and
// results go through the second (aux) parser in Ctx. Thread-safe given one pair of parsers per
// thread (the caller's).
#include <simdjson.h>

#include <string>
#include <utility>
#include <vector>

#include "sources/gemini/gemini_internal.h"
#include "sources/json_lenient.h"

namespace receipts::sources::gemini {
using json::LenientInt;

// Cuts `s` to at most `max` bytes without splitting a UTF-8 sequence.
void TruncateUtf8(std::string& s, size_t max) {
  if (s.size() <= max) return;
  size_t cut = max;
  while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;
  s.resize(cut);
}

namespace {

constexpr size_t kMaxTextBytes = 32 * 1024;  // prompt / error text kept per message

void AppendCapped(std::string& out, std::string_view text, size_t cap) {
  if (out.size() >= cap) return;
  out.append(text.substr(0, cap - out.size()));
}

bool IsType(od::value& v, od::json_type want) {
  od::json_type type;
  return !v.type().get(type) && type == want;
}

std::string StringOr(od::value v) {
  std::string_view s;
  if (v.get_string().get(s)) return {};
  return std::string(s);
}

// Text of a content value: a string, a part {text}, or an array of parts.
bool ReadText(od::value v, std::string& out) {
  od::json_type type;
  if (v.type().get(type)) return false;
  if (type == od::json_type::string) {
    std::string_view s;
    if (v.get_string().get(s)) return false;
    AppendCapped(out, s, kMaxTextBytes);
  } else if (type == od::json_type::array) {
    od::array arr;
    if (v.get_array().get(arr)) return false;
    for (auto er : arr) {
      od::value e;
      if (std::move(er).get(e)) return false;
      if (!ReadText(e, out)) return false;
    }
  } else if (type == od::json_type::object) {
    od::object obj;
    if (v.get_object().get(obj)) return false;
    for (auto fr : obj) {
      od::field f;
      if (std::move(fr).get(f)) return false;
      std::string_view key;
      if (f.unescaped_key().get(key)) return false;
      if (key == "text") {
        std::string_view s;
        if (!f.value().get_string().get(s)) AppendCapped(out, s, kMaxTextBytes);
      }
    }
  }
  return true;
}

bool ReadTokens(od::value v, RawTokens& t) {
  if (!IsType(v, od::json_type::object)) return true;  // null or junk: no tokens yet
  od::object obj;
  if (v.get_object().get(obj)) return false;
  t.present = true;
  for (auto fr : obj) {
    od::field f;
    if (std::move(fr).get(f)) return false;
    std::string_view key;
    if (f.unescaped_key().get(key)) return false;
    if (key == "input")
      t.input = LenientInt(f.value());
    else if (key == "output")
      t.output = LenientInt(f.value());
    else if (key == "cached")
      t.cached = LenientInt(f.value());
    else if (key == "thoughts")
      t.thoughts = LenientInt(f.value());
    else if (key == "tool")
      t.tool = LenientInt(f.value());
    else if (key == "total")
      t.total = LenientInt(f.value());
  }
  return true;
}

// Raw JSON text of an array or object value (consumes it); strings give their contents.
bool RawOf(od::value v, std::string_view& raw, bool& is_string) {
  od::json_type type;
  if (v.type().get(type)) return false;
  is_string = false;
  if (type == od::json_type::object) {
    od::object o;
    return !v.get_object().get(o) && !o.raw_json().get(raw);
  }
  if (type == od::json_type::array) {
    od::array a;
    return !v.get_array().get(a) && !a.raw_json().get(raw);
  }
  if (type == od::json_type::string) {
    is_string = true;
    return !v.get_string().get(raw);
  }
  raw = {};
  return true;
}

// The most telling argument: a file path, then a command, URL, pattern or query.
std::string TargetFromArgs(std::string_view raw, const Ctx& ctx) {
  static constexpr std::string_view kKeys[] = {"file_path", "absolute_path", "path",  "dir_path",
                                               "directory", "command",       "url",   "pattern",
                                               "query",     "paths",         "prompt"};
  od::document doc;
  size_t capacity = static_cast<size_t>(ctx.buffer_end - raw.data());
  if (ctx.aux->iterate(raw.data(), raw.size(), capacity).get(doc)) return {};
  od::object obj;
  if (doc.get_object().get(obj)) return {};
  size_t best = std::size(kKeys);
  std::string target;
  for (auto fr : obj) {
    od::field f;
    if (std::move(fr).get(f)) break;
    std::string_view key;
    if (f.unescaped_key().get(key)) break;
    size_t rank = 0;
    while (rank < best && kKeys[rank] != key) ++rank;
    if (rank >= best) continue;
    od::value v = f.value();
    std::string_view s;
    if (IsType(v, od::json_type::array)) {
      od::array arr;
      if (v.get_array().get(arr)) break;
      for (auto er : arr) {
        od::value e;
        if (std::move(er).get(e)) break;
        if (!e.get_string().get(s)) break;
      }
      if (s.empty()) continue;
    } else if (v.get_string().get(s) || s.empty()) {
      continue;
    }
    best = rank;
    target = std::string(s);
  }
  return target;
}

// First text of a tool result: functionResponse.response.{output|error|content}, or a text part.
void FindResultText(od::value v, std::string& out, int depth) {
  if (!out.empty() || depth > 4) return;
  od::json_type type;
  if (v.type().get(type)) return;
  if (type == od::json_type::string) {
    std::string_view s;
    if (!v.get_string().get(s)) AppendCapped(out, s, kHeadBytes + 4);
  } else if (type == od::json_type::array) {
    od::array arr;
    if (v.get_array().get(arr)) return;
    for (auto er : arr) {
      od::value e;
      if (std::move(er).get(e)) return;
      FindResultText(e, out, depth + 1);
      if (!out.empty()) return;
    }
  } else if (type == od::json_type::object) {
    od::object obj;
    if (v.get_object().get(obj)) return;
    for (auto fr : obj) {
      od::field f;
      if (std::move(fr).get(f)) return;
      std::string_view key;
      if (f.unescaped_key().get(key)) return;
      if (key == "functionResponse" || key == "response" || key == "output" || key == "error" ||
          key == "text" || key == "content") {
        FindResultText(f.value(), out, depth + 1);
        if (!out.empty()) return;
      }
    }
  }
}

std::string HeadOfResult(std::string_view raw, const Ctx& ctx) {
  od::document doc;
  size_t capacity = static_cast<size_t>(ctx.buffer_end - raw.data());
  if (ctx.aux->iterate(raw.data(), raw.size(), capacity).get(doc)) return {};
  od::value v;
  if (doc.get_value().get(v)) return {};
  std::string out;
  FindResultText(v, out, 0);
  return out;
}

bool ReadToolCall(od::object obj, ToolCall& c, const Ctx& ctx) {
  for (auto fr : obj) {
    od::field f;
    if (std::move(fr).get(f)) return false;
    std::string_view key;
    if (f.unescaped_key().get(key)) return false;
    od::value v = f.value();
    if (key == "id")
      c.id = StringOr(v);
    else if (key == "name")
      c.name = StringOr(v);
    else if (key == "status")
      c.status = StringOr(v);
    else if (key == "timestamp")
      c.timestamp = StringOr(v);
    else if (key == "agentId")
      c.agent_id = StringOr(v);
    else if (key == "args") {
      std::string_view raw;
      bool is_string = false;
      if (!RawOf(v, raw, is_string)) return false;
      c.input_bytes = static_cast<int64_t>(raw.size());
      if (!is_string && !raw.empty() && raw.front() == '{') c.target = TargetFromArgs(raw, ctx);
    } else if (key == "result") {
      std::string_view raw;
      bool is_string = false;
      if (!RawOf(v, raw, is_string)) return false;
      if (is_string) {
        c.has_result = true;
        c.result_bytes = static_cast<int64_t>(raw.size());
        c.head = std::string(raw.substr(0, kHeadBytes + 4));
      } else if (!raw.empty()) {
        c.has_result = true;
        c.result_bytes = static_cast<int64_t>(raw.size());
        c.head = HeadOfResult(raw, ctx);
      }
    } else if (key == "resultDisplay") {
      std::string_view s;
      if (!v.get_string().get(s)) c.display = std::string(s.substr(0, kHeadBytes + 4));
    }
  }
  if (c.head.empty()) c.head = c.display;
  TruncateUtf8(c.head, kHeadBytes);
  return true;
}

bool ReadToolCalls(od::value v, std::vector<ToolCall>& calls, const Ctx& ctx) {
  if (!IsType(v, od::json_type::array)) return true;
  od::array arr;
  if (v.get_array().get(arr)) return false;
  for (auto er : arr) {
    od::value e;
    if (std::move(er).get(e)) return false;
    if (!IsType(e, od::json_type::object)) continue;
    od::object o;
    if (e.get_object().get(o)) return false;
    ToolCall c;
    if (!ReadToolCall(o, c, ctx)) return false;
    calls.push_back(std::move(c));
  }
  return true;
}

bool ReadFirstString(od::value v, std::string& out) {
  if (!IsType(v, od::json_type::array)) return true;
  od::array arr;
  if (v.get_array().get(arr)) return false;
  for (auto er : arr) {
    od::value e;
    if (std::move(er).get(e)) return false;
    std::string_view s;
    if (out.empty() && !e.get_string().get(s)) out = std::string(s);
  }
  return true;
}

bool ReadSet(od::value v, Record& r) {
  if (!IsType(v, od::json_type::object)) return true;
  od::object obj;
  if (v.get_object().get(obj)) return false;
  for (auto fr : obj) {
    od::field f;
    if (std::move(fr).get(f)) return false;
    std::string_view key;
    if (f.unescaped_key().get(key)) return false;
    if (key == "sessionId")
      r.session_id = StringOr(f.value());
    else if (key == "directories" && !ReadFirstString(f.value(), r.first_dir))
      return false;
    // `messages`, `summary`, `lastUpdated`, `memoryScratchpad`: skipped (see gemini_source.h).
  }
  return true;
}

// Reads one record object. For a legacy document (`messages` != nullptr) the `messages` array
// is read into `messages`; elements that are not objects are skipped.
bool ReadObject(od::object obj, Record& r, const Ctx& ctx, std::vector<Record>* messages) {
  for (auto fr : obj) {
    od::field f;
    if (std::move(fr).get(f)) return false;
    std::string_view key;
    if (f.unescaped_key().get(key)) return false;
    od::value v = f.value();
    if (key == "id") {
      std::string_view s;
      if (!v.get_string().get(s)) {
        r.has_id = true;
        r.id = std::string(s);
      }
    } else if (key == "type")
      r.type = StringOr(v);
    else if (key == "timestamp")
      r.timestamp = StringOr(v);
    else if (key == "model")
      r.model = StringOr(v);
    else if (key == "content") {
      if (!ReadText(v, r.text)) return false;
    } else if (key == "displayContent") {
      if (!IsType(v, od::json_type::null)) {
        r.has_display = true;
        if (!ReadText(v, r.display_text)) return false;
      }
    } else if (key == "tokens") {
      if (!ReadTokens(v, r.tokens)) return false;
    } else if (key == "toolCalls") {
      r.has_tool_calls = true;
      if (!ReadToolCalls(v, r.calls, ctx)) return false;
    } else if (key == "sessionId")
      r.session_id = StringOr(v);
    else if (key == "kind")
      r.kind = StringOr(v);
    else if (key == "startTime")
      r.start_time = StringOr(v);
    else if (key == "directories") {
      if (!ReadFirstString(v, r.first_dir)) return false;
    } else if (key == "$rewindTo")
      r.is_rewind = true;
    else if (key == "$set") {
      r.is_set = true;
      if (!ReadSet(v, r)) return false;
    } else if (key == "messages" && messages) {
      if (!IsType(v, od::json_type::array)) continue;
      od::array arr;
      if (v.get_array().get(arr)) return false;
      for (auto er : arr) {
        od::value e;
        if (std::move(er).get(e)) return false;
        if (!IsType(e, od::json_type::object)) continue;
        od::object o;
        if (e.get_object().get(o)) return false;
        Record m;
        if (!ReadObject(o, m, ctx, nullptr)) return false;
        messages->push_back(std::move(m));
      }
    }
  }
  return true;
}

}  // namespace

// Parses one JSON text as one record object; false when it is not exactly one JSON object.
bool ReadJson(od::parser& parser, std::string_view json, const Ctx& ctx, Record& r,
              std::vector<Record>* messages) {
  size_t capacity = static_cast<size_t>(ctx.buffer_end - json.data());
  od::document doc;
  if (parser.iterate(json.data(), json.size(), capacity).get(doc)) return false;
  od::object obj;
  if (doc.get_object().get(obj)) return false;
  if (!ReadObject(obj, r, ctx, messages)) return false;
  const char* rest = nullptr;
  return doc.current_location().get(rest) != simdjson::SUCCESS;  // nothing after the object
}

}  // namespace receipts::sources::gemini
