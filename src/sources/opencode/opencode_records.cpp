// opencode message/part JSON → canonical records (simdjson DOM: each message is a small whole
// document). See opencode_records.h and opencode_source.h.
#include "sources/opencode/opencode_records.h"

#include <simdjson.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <set>

#include "core/time.h"

namespace receipts::sources::opencode {
namespace dom = simdjson::dom;

namespace {

constexpr size_t kHeadBytes = 300;
constexpr size_t kMaxTextBytes = 32 * 1024;

using Result = simdjson::simdjson_result<dom::element>;

void TruncateUtf8(std::string& s, size_t max) {
  if (s.size() <= max) return;
  size_t cut = max;
  while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;
  s.resize(cut);
}

double Real(Result r) {
  dom::element e;
  if (r.get(e)) return 0;
  int64_t i = 0;
  uint64_t u = 0;
  double d = 0;
  std::string_view s;
  switch (e.type()) {
    case dom::element_type::INT64:
      return e.get(i) ? 0 : static_cast<double>(i);
    case dom::element_type::UINT64:
      return e.get(u) ? 0 : static_cast<double>(u);
    case dom::element_type::DOUBLE:
      return e.get(d) ? 0 : d;
    case dom::element_type::STRING: {
      if (e.get(s)) return 0;
      auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), d);
      return ec == std::errc() ? d : 0;
    }
    default:
      return 0;
  }
}

int64_t Count(Result r) {
  double d = Real(r);
  if (!(d > 0)) return 0;
  if (d >= 9.2e18) return INT64_MAX;
  int64_t exact = 0;
  if (!r.get(exact)) return exact;
  return static_cast<int64_t>(d);
}

std::string Str(Result r) {
  std::string_view s;
  if (r.get(s)) return {};
  return std::string(s);
}

bool MentionsRateLimit(std::string_view text) {
  std::string lower(text.substr(0, 4096));
  for (char& ch : lower) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  for (std::string_view needle : {"quota", "429", "rate limit", "rate-limit", "ratelimit",
                                  "rate_limit", "resource_exhausted", "too many requests"}) {
    if (lower.find(needle) != std::string::npos) return true;
  }
  return false;
}

dom::parser& Parser() {
  thread_local dom::parser parser;
  return parser;
}

}  // namespace

bool ParseMessage(std::string_view json, std::string_view id, std::string_view session_id,
                  MessageInfo& m) {
  dom::element root;
  if (Parser().parse(json.data(), json.size(), true).get(root)) return false;
  if (!root.is_object()) return false;
  m.id = Str(root["id"]);
  if (m.id.empty()) m.id = std::string(id);
  m.session_id = Str(root["sessionID"]);
  if (m.session_id.empty()) m.session_id = std::string(session_id);
  m.role = Str(root["role"]);
  m.parent_id = Str(root["parentID"]);
  m.model_id = Str(root["modelID"]);
  m.provider_id = Str(root["providerID"]);
  if (m.model_id.empty()) {  // user messages: model {providerID, modelID}
    m.model_id = Str(root["model"]["modelID"]);
    m.provider_id = Str(root["model"]["providerID"]);
  }
  m.mode = Str(root["mode"]);
  m.agent = Str(root["agent"]);
  m.cwd = Str(root["path"]["cwd"]);
  if (m.cwd.empty()) m.cwd = Str(root["path"]["root"]);
  double created = Real(root["time"]["created"]);
  m.created_ms = created > 0 ? epoch_number_to_ms(created) : 0;
  m.cost = Real(root["cost"]);
  dom::object tokens;
  if (!root["tokens"].get(tokens)) {
    m.has_tokens = true;
    m.input = Count(tokens["input"]);
    m.output = Count(tokens["output"]);
    m.reasoning = Count(tokens["reasoning"]);
    m.cache_read = Count(tokens["cache"]["read"]);
    m.cache_write = Count(tokens["cache"]["write"]);
  }
  dom::element error;
  if (!root["error"].get(error) && error.is_object()) {
    m.error_name = Str(error["name"]);
    m.error_message = Str(error["data"]["message"]);
    if (m.error_message.empty()) m.error_message = Str(error["message"]);
    m.error_status = Count(error["data"]["statusCode"]);
    if (m.error_name.empty()) m.error_name = "error";
  }
  return true;
}

bool ParseSession(std::string_view json, std::string& id, SessionInfo& s) {
  dom::element root;
  if (Parser().parse(json.data(), json.size(), true).get(root)) return false;
  if (!root.is_object()) return false;
  id = Str(root["id"]);
  s.parent_id = Str(root["parentID"]);
  s.directory = Str(root["directory"]);
  s.title = Str(root["title"]);
  return true;
}

bool ParsePart(std::string_view json, PartInfo& p) {
  dom::element root;
  if (Parser().parse(json.data(), json.size(), true).get(root)) return false;
  if (!root.is_object()) return false;
  p.type = Str(root["type"]);
  if (p.type == "text") {
    bool synthetic = false;
    if (root["synthetic"].get(synthetic) || !synthetic) {
      p.text = Str(root["text"]);
      TruncateUtf8(p.text, kMaxTextBytes);
    }
    return true;
  }
  if (p.type != "tool") return true;
  p.call_id = Str(root["callID"]);
  if (p.call_id.empty()) p.call_id = Str(root["id"]);
  p.tool = Str(root["tool"]);
  dom::element state;
  if (root["state"].get(state) || !state.is_object()) return true;
  p.status = Str(state["status"]);
  dom::element input;
  if (!state["input"].get(input)) {
    p.input_bytes = input.is_null() ? 0 : static_cast<int64_t>(simdjson::minify(input).size());
    if (input.is_object()) {
      static constexpr std::string_view kKeys[] = {"filePath", "file_path",     "path",
                                                   "command",  "url",           "pattern",
                                                   "query",    "subagent_type", "description"};
      for (std::string_view k : kKeys) {
        std::string v = Str(input[k]);
        if (!v.empty()) {
          p.target = v;
          break;
        }
      }
      p.subagent_type = Str(input["subagent_type"]);
      p.description = Str(input["description"]);
    }
  }
  std::string_view output;
  if (!state["output"].get(output)) {
    p.output_bytes = static_cast<int64_t>(output.size());
    p.output_head = std::string(output.substr(0, kHeadBytes + 4));
    TruncateUtf8(p.output_head, kHeadBytes);
  }
  p.error = Str(state["error"]);
  if (p.status == "error" && p.output_bytes == 0)
    p.output_bytes = static_cast<int64_t>(p.error.size());
  TruncateUtf8(p.error, kHeadBytes);
  double start = Real(state["time"]["start"]);
  p.start_ms = start > 0 ? epoch_number_to_ms(start) : 0;
  p.child_session = Str(state["metadata"]["sessionId"]);
  if (p.child_session.empty()) p.child_session = Str(state["metadata"]["sessionID"]);
  return true;
}

Attribution Attribute(const std::string& session_id, const SessionMap& sessions) {
  Attribution who;
  who.session_id = session_id;
  auto it = sessions.find(session_id);
  if (it == sessions.end()) return who;
  who.directory = it->second.directory;
  if (it->second.parent_id.empty()) return who;
  who.sidechain = true;
  who.subagent_id = session_id;
  // Nested subagents belong to the session the user started.
  std::set<std::string> seen{session_id};
  std::string root = it->second.parent_id;
  while (seen.insert(root).second) {
    auto up = sessions.find(root);
    if (up == sessions.end() || up->second.parent_id.empty()) break;
    root = up->second.parent_id;
  }
  who.session_id = root;
  return who;
}

void EmitMessage(const MessageInfo& m, const Attribution& who, const std::string& prompt_text,
                 uint64_t offset, ParseOutput& out) {
  const std::string project = m.cwd.empty() ? who.directory : m.cwd;
  if (m.role == "user") {
    PromptRecord p;
    p.turn_id = m.id;
    p.session_id = who.session_id;
    p.project = project;
    p.ts_ms = m.created_ms;
    p.text = prompt_text;
    p.sidechain = who.sidechain;
    p.subagent_id = who.subagent_id;
    p.offset = offset;
    out.prompts.push_back(std::move(p));
    return;
  }
  if (m.role != "assistant") return;
  if (m.has_tokens) {
    UsageRecord u;
    u.dedupe_key = "opencode:" + m.id;
    u.ts_ms = m.created_ms;
    u.session_id = who.session_id;
    u.project = project;
    u.model = m.model_id;
    u.provider = m.provider_id;
    u.sidechain = who.sidechain;
    u.subagent_id = who.subagent_id;
    u.turn_id = m.parent_id;
    u.tokens.input = m.input;
    u.tokens.cache_read = m.cache_read;
    u.tokens.cache_write_5m = m.cache_write;
    u.tokens.output = m.output + m.reasoning;
    u.tokens.reasoning = m.reasoning;
    if (m.cost > 0) u.recorded_cost_nanos = std::llround(m.cost * 1e9);
    u.offset = offset;
    if (u.tokens.total() > 0 || u.recorded_cost_nanos) {
      if (u.ts_ms <= 0) {
        out.malformed.push_back({offset, "assistant message without time.created"});
      } else {
        if (out.first_ts_ms == 0 || u.ts_ms < out.first_ts_ms) out.first_ts_ms = u.ts_ms;
        out.records.push_back(std::move(u));
        out.usage_lines++;
      }
    }
  }
  if (!m.error_name.empty() && m.error_name != "MessageAbortedError") {
    ErrorRecord e;
    e.session_id = who.session_id;
    e.turn_id = m.parent_id;
    e.ts_ms = m.created_ms;
    e.kind = (m.error_status == 429 || MentionsRateLimit(m.error_message) ||
              MentionsRateLimit(m.error_name))
                 ? "rate_limit"
                 : "api_error";
    e.message = m.error_message.empty() ? m.error_name : m.error_message;
    TruncateUtf8(e.message, kHeadBytes);
    e.offset = offset;
    out.errors.push_back(std::move(e));
  }
}

void EmitToolPart(const PartInfo& p, const MessageInfo& m, const Attribution& who, uint64_t offset,
                  ParseOutput& out) {
  if (p.type != "tool") return;
  int64_t ts = p.start_ms > 0 ? p.start_ms : m.created_ms;
  ToolCallRecord c;
  c.tool_use_id = p.call_id;
  c.session_id = who.session_id;
  c.turn_id = m.parent_id;
  c.call_key = "opencode:" + m.id;
  c.ts_ms = ts;
  c.name = p.tool;
  c.target = p.target;
  c.input_bytes = p.input_bytes;
  c.sidechain = who.sidechain;
  c.subagent_id = who.subagent_id;
  c.offset = offset;
  out.tool_calls.push_back(std::move(c));
  if (p.status == "completed" || p.status == "error") {
    ToolResultRecord r;
    r.tool_use_id = p.call_id;
    r.session_id = who.session_id;
    r.ts_ms = ts;
    r.result_bytes = p.output_bytes;
    r.is_error = p.status == "error";
    r.head = p.status == "error" && !p.error.empty() ? p.error : p.output_head;
    r.offset = offset;
    out.tool_results.push_back(std::move(r));
  }
  if (p.status == "error") {
    ErrorRecord e;
    e.session_id = who.session_id;
    e.turn_id = m.parent_id;
    e.ts_ms = ts;
    e.kind = "tool_error";
    e.message = p.error;
    e.tool_use_id = p.call_id;
    e.offset = offset;
    out.errors.push_back(std::move(e));
  }
}

}  // namespace receipts::sources::opencode
