// See claude_line.h. simdjson on-demand, one pass over the fields in document order, with a
// second per-thread parser for nested raw JSON (tool inputs, result arrays).
#include "sources/claude/claude_line.h"
#include "sources/json_lenient.h"

#include <simdjson.h>

#include <charconv>
#include <utility>

namespace receipts::sources::claude {
namespace od = simdjson::ondemand;
using json::ForFields;
using json::LenientInt;
using json::StringOr;

namespace {

constexpr size_t kHeadChars = 300;

bool ReadUsage(od::value v, ClaudeUsage& u) {
  od::object obj;
  if (v.get_object().get(obj)) return true;  // not an object: no usage
  u.present = true;
  return ForFields(obj, [&](std::string_view key, od::value val) {
    if (key == "input_tokens") u.input = LenientInt(val);
    else if (key == "output_tokens") u.output = LenientInt(val);
    else if (key == "cache_creation_input_tokens") u.cache_creation = LenientInt(val);
    else if (key == "cache_read_input_tokens") u.cache_read = LenientInt(val);
    else if (key == "speed") u.speed = StringOr(val);
    else if (key == "cache_creation") {
      od::object split;
      if (val.get_object().get(split)) return true;  // null
      u.has_split = true;
      return ForFields(split, [&](std::string_view k, od::value x) {
        if (k == "ephemeral_5m_input_tokens") u.e5m = LenientInt(x);
        else if (k == "ephemeral_1h_input_tokens") u.e1h = LenientInt(x);
        return true;
      });
    } else if (key == "server_tool_use") {
      od::object stu;
      if (val.get_object().get(stu)) return true;  // null
      return ForFields(stu, [&](std::string_view k, od::value x) {
        if (k == "web_search_requests") u.web_search = LenientInt(x);
        return true;
      });
    }
    return true;
  });
}

// Parses a nested raw JSON text (inside the line's padded buffer) with a second parser.
bool IterateNested(std::string_view raw, const char* buffer_end, od::document& doc) {
  thread_local od::parser nested;
  return !nested.iterate(raw.data(), raw.size(), static_cast<size_t>(buffer_end - raw.data()))
              .get(doc);
}

void AppendHead(std::string& head, std::string_view text) {
  if (head.size() < kHeadChars) head.append(text.substr(0, kHeadChars - head.size()));
}

// "agentId: a881341 (for resuming …)" in a Task result's text.
void FindAgentId(std::string_view text, std::string& out) {
  size_t pos = text.find("agentId: ");
  if (pos == std::string_view::npos) return;
  pos += 9;
  size_t end = pos;
  while (end < text.size() && (std::isalnum(static_cast<unsigned char>(text[end])) ||
                               text[end] == '-' || text[end] == '_')) {
    ++end;
  }
  if (end > pos) out.assign(text.substr(pos, end - pos));
}

void ReadToolInput(std::string_view raw, const char* buffer_end, ToolUse& tu) {
  tu.input_bytes = static_cast<int64_t>(raw.size());
  od::document doc;
  if (!IterateNested(raw, buffer_end, doc)) return;
  od::object obj;
  if (doc.get_object().get(obj)) return;
  std::string_view file, command, url, pattern, skill, query;
  ForFields(obj, [&](std::string_view k, od::value v) {
    if (k == "file_path" || k == "notebook_path" || k == "path") {
      if (file.empty()) file = StringOr(v);
    } else if (k == "command") command = StringOr(v);
    else if (k == "url") url = StringOr(v);
    else if (k == "pattern") pattern = StringOr(v);
    else if (k == "skill") skill = StringOr(v);
    else if (k == "query") query = StringOr(v);
    else if (k == "subagent_type") tu.subagent_type = std::string(StringOr(v));
    else if (k == "description") tu.description = std::string(StringOr(v));
    return true;
  });
  std::string_view target = !file.empty()    ? file
                            : !command.empty() ? command
                            : !url.empty()     ? url
                            : !skill.empty()   ? skill
                            : !pattern.empty() ? pattern
                                               : query;
  tu.target = std::string(target);
  if (tu.target.empty() && !tu.subagent_type.empty()) tu.target = tu.subagent_type;
}

// A tool_result's content: a string, or an array of blocks (text, image …).
void ReadResultContent(od::value v, const char* buffer_end, ToolResult& tr) {
  od::json_type type;
  if (v.type().get(type)) return;
  if (type == od::json_type::string) {
    std::string_view s = StringOr(v);
    tr.bytes = static_cast<int64_t>(s.size());
    AppendHead(tr.head, s);
    FindAgentId(s, tr.agent_id);
    return;
  }
  if (type != od::json_type::array) return;
  od::array arr;
  if (v.get_array().get(arr)) return;
  std::string_view raw;
  if (arr.raw_json().get(raw)) return;
  tr.bytes = static_cast<int64_t>(raw.size());
  od::document doc;
  if (!IterateNested(raw, buffer_end, doc)) return;
  od::array blocks;
  if (doc.get_array().get(blocks)) return;
  int64_t text_bytes = 0;
  bool only_text = true;
  for (auto b : blocks) {
    od::object block;
    if (std::move(b).get(block)) return;
    std::string_view btype, text;
    ForFields(block, [&](std::string_view k, od::value x) {
      if (k == "type") btype = StringOr(x);
      else if (k == "text") text = StringOr(x);
      return true;
    });
    if (btype == "text") {
      text_bytes += static_cast<int64_t>(text.size());
      AppendHead(tr.head, text);
      FindAgentId(text, tr.agent_id);
    } else {
      only_text = false;
    }
  }
  if (only_text) tr.bytes = text_bytes;
}

bool ReadContent(od::value v, const char* buffer_end, ClaudeLine& line) {
  od::json_type type;
  if (v.type().get(type)) return false;
  if (type == od::json_type::string) {
    line.content_is_string = true;
    line.text = std::string(StringOr(v));
    return true;
  }
  if (type != od::json_type::array) return true;
  od::array arr;
  if (v.get_array().get(arr)) return false;
  for (auto b : arr) {
    od::value item;
    if (std::move(b).get(item)) return false;
    od::object block;
    if (item.get_object().get(block)) continue;  // a bare string or number: not a block
    std::string_view btype;
    ToolUse tu;
    ToolResult tr;
    bool ok = ForFields(block, [&](std::string_view k, od::value x) {
      if (k == "type") {
        btype = StringOr(x);
      } else if (k == "text") {
        std::string_view t = StringOr(x);
        if (!line.text.empty() && !t.empty()) line.text += "\n";
        line.text.append(t);
      } else if (k == "id") {
        tu.id = StringOr(x);
      } else if (k == "name") {
        tu.name = StringOr(x);
      } else if (k == "input") {
        od::object in;
        if (!x.get_object().get(in)) {
          std::string_view raw;
          if (!in.raw_json().get(raw)) ReadToolInput(raw, buffer_end, tu);
        }
      } else if (k == "tool_use_id") {
        tr.tool_use_id = StringOr(x);
      } else if (k == "is_error") {
        bool e = false;
        if (!x.get_bool().get(e)) tr.is_error = e;
      } else if (k == "content") {
        ReadResultContent(x, buffer_end, tr);
      }
      return true;
    });
    if (!ok) return false;
    if (btype == "tool_use" && !tu.id.empty()) line.tool_uses.push_back(std::move(tu));
    if (btype == "tool_result" && !tr.tool_use_id.empty()) line.tool_results.push_back(std::move(tr));
  }
  return true;
}

}  // namespace

bool ReadClaudeLine(std::string_view json, const char* buffer_end, ClaudeLine& line) {
  thread_local od::parser parser;
  od::document doc;
  if (parser.iterate(json.data(), json.size(), static_cast<size_t>(buffer_end - json.data()))
          .get(doc)) {
    return false;
  }
  od::object obj;
  if (doc.get_object().get(obj)) return false;
  bool ok = ForFields(obj, [&](std::string_view key, od::value val) {
    if (key == "type") {
      line.has_type = true;
      line.type = StringOr(val);
    } else if (key == "message") {
      od::object msg;
      if (val.get_object().get(msg)) return true;
      line.message_is_object = true;
      return ForFields(msg, [&](std::string_view mkey, od::value mv) {
        if (mkey == "id") line.message_id = StringOr(mv);
        else if (mkey == "model") line.model = StringOr(mv);
        else if (mkey == "usage") return ReadUsage(mv, line.usage);
        else if (mkey == "content") return ReadContent(mv, buffer_end, line);
        return true;
      });
    } else if (key == "uuid") {
      line.uuid = StringOr(val);
    } else if (key == "requestId") {
      line.request_id = StringOr(val);
    } else if (key == "sessionId") {
      line.session_id = StringOr(val);
    } else if (key == "timestamp") {
      line.timestamp = StringOr(val);
    } else if (key == "cwd") {
      line.cwd = StringOr(val);
    } else if (key == "agentId") {
      line.agent_id = StringOr(val);
    } else if (key == "parentToolUseID") {
      line.parent_tool_use_id = StringOr(val);
    } else if (key == "isSidechain" || key == "isMeta" || key == "isApiErrorMessage" ||
               key == "isCompactSummary") {
      bool b = false;
      if (!val.get_bool().get(b)) {
        (key == "isSidechain" ? line.sidechain
         : key == "isMeta"    ? line.is_meta
         : key == "isApiErrorMessage" ? line.is_api_error
                                      : line.is_compact_summary) = b;
      }
    } else if (key == "costUSD") {
      double d;
      if (!val.get_double().get(d)) line.cost_usd = d;
    } else if (key == "toolUseResult") {
      od::object tur;
      if (val.get_object().get(tur)) return true;  // a string
      return ForFields(tur, [&](std::string_view k, od::value x) {
        if (k == "agentId") line.tool_use_result_agent_id = StringOr(x);
        return true;
      });
    } else if (key == "data") {
      od::object data;
      if (val.get_object().get(data)) return true;
      return ForFields(data, [&](std::string_view k, od::value x) {
        if (k == "type") line.progress_type = StringOr(x);
        else if (k == "agentId") line.progress_agent_id = StringOr(x);
        return true;
      });
    }
    return true;
  });
  if (!ok) return false;
  // Trailing content (a `}{` join) means this text is not one record.
  const char* rest = nullptr;
  return doc.current_location().get(rest) != simdjson::SUCCESS;
}

}  // namespace receipts::sources::claude
