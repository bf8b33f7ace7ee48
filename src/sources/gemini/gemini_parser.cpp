// Gemini CLI session parser (FORMATS.md §3): JSONL session files line by line through the shared
// line reader, legacy `.json` documents whole; both go through the same record reader (simdjson
// on-demand, one parser per thread, plus a second one for tool-call args and results). The
// counting rules are in gemini_source.h.
#include <simdjson.h>

#include <charconv>
#include <filesystem>
#include <fstream>
#include <unordered_map>
#include <utility>

#include "core/time.h"
#include "sources/gemini/gemini_source.h"
#include "sources/json_lenient.h"
#include "sources/line_reader.h"

namespace receipts::sources::gemini {
namespace od = simdjson::ondemand;
using json::LenientInt;
namespace fs = std::filesystem;

namespace {

constexpr size_t kMaxTextBytes = 32 * 1024;  // prompt / error text kept per message
constexpr size_t kHeadBytes = 300;           // result and error excerpts

// Cuts `s` to at most `max` bytes without splitting a UTF-8 sequence.
void TruncateUtf8(std::string& s, size_t max) {
  if (s.size() <= max) return;
  size_t cut = max;
  while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;
  s.resize(cut);
}

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

  void Add(Record&& r, uint64_t offset) {
    if (r.is_rewind) return;  // rewound calls were billed: keep counting them
    if (r.is_set || !r.has_id) {
      if (!r.session_id.empty() && (session_id.empty() || !r.is_set)) session_id = r.session_id;
      if (!r.first_dir.empty()) first_dir = r.first_dir;
      if (!r.start_time.empty() && start_time.empty()) start_time = r.start_time;
      if (!r.kind.empty()) kind = r.kind;
      return;
    }
    if (r.id.empty()) return;
    if (r.type == "user") turn_id = r.id;
    auto [it, inserted] = index.emplace(r.id, messages.size());
    if (inserted) {
      messages.push_back({std::move(r), turn_id, offset});
      return;
    }
    Message& m = messages[it->second];
    if (!r.tokens.present && m.rec.tokens.present) {
      r.tokens = m.rec.tokens;  // a tokenless re-append never erases tokens
    } else {
      m.offset = offset;
    }
    if (!r.has_tool_calls && m.rec.has_tool_calls) {
      r.has_tool_calls = true;
      r.calls = std::move(m.rec.calls);
    }
    m.rec = std::move(r);
  }
};

TokenCounts MapTokens(const RawTokens& t) {
  TokenCounts c;
  // Real records: cached ⊂ input and total = input + output + thoughts + tool. A total that also
  // adds `cached` means `input` already excludes it (the synthetic token-audit sample).
  bool input_excludes_cached =
      t.cached > 0 && t.total > 0 && t.total == t.input + t.output + t.thoughts + t.tool + t.cached;
  c.input = (input_excludes_cached ? t.input : std::max<int64_t>(0, t.input - t.cached)) + t.tool;
  c.cache_read = t.cached;
  c.output = t.output + t.thoughts;
  c.reasoning = t.thoughts;
  return c;
}

bool MentionsRateLimit(std::string_view text) {
  std::string lower(text.substr(0, 4096));
  for (char& ch : lower) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  for (std::string_view needle : {"quota", "429", "rate limit", "rate-limit", "ratelimit",
                                  "resource_exhausted", "resource exhausted"}) {
    if (lower.find(needle) != std::string::npos) return true;
  }
  return false;
}

struct ResumeState {
  std::string session, turn, dir;
};

ResumeState ReadState(std::string_view text) {
  ResumeState s;
  if (text.empty()) return s;
  thread_local simdjson::dom::parser parser;
  simdjson::dom::object obj;
  if (parser.parse(text.data(), text.size(), true).get(obj)) return s;
  std::string_view v;
  if (!obj["session"].get(v)) s.session = std::string(v);
  if (!obj["turn"].get(v)) s.turn = std::string(v);
  if (!obj["dir"].get(v)) s.dir = std::string(v);
  return s;
}

void AppendJsonString(std::string& out, std::string_view s) {
  out += '"';
  for (char ch : s) {
    auto u = static_cast<unsigned char>(ch);
    if (ch == '"' || ch == '\\') {
      out += '\\';
      out += ch;
    } else if (u < 0x20) {
      static constexpr char kHex[] = "0123456789abcdef";
      out += "\\u00";
      out += kHex[u >> 4];
      out += kHex[u & 15];
    } else {
      out += ch;
    }
  }
  out += '"';
}

std::string WriteState(const Fold& fold) {
  std::string out = "{\"v\":1,\"session\":";
  AppendJsonString(out, fold.session_id);
  out += ",\"turn\":";
  AppendJsonString(out, fold.turn_id);
  out += ",\"dir\":";
  AppendJsonString(out, fold.first_dir);
  out += '}';
  return out;
}

// The header (first line) of a JSONL file, for a resume without state.
void ReadHeaderFromFile(const std::string& path, od::parser& parser, const Ctx& base, Fold& fold) {
  std::ifstream in(path, std::ios::binary);
  std::string line;
  if (!in || !std::getline(in, line) || line.size() > (1 << 20)) return;
  while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.pop_back();
  line.append(simdjson::SIMDJSON_PADDING, '\0');
  std::string_view json(line.data(), line.size() - simdjson::SIMDJSON_PADDING);
  Ctx ctx = base;
  ctx.buffer_end = line.data() + line.size();
  Record r;
  if (!json.empty() && ReadJson(parser, json, ctx, r, nullptr) && !r.has_id) {
    if (fold.session_id.empty()) fold.session_id = r.session_id;
    if (fold.first_dir.empty()) fold.first_dir = r.first_dir;
  }
}

void Emit(const std::string& path, const Fold& fold, ParseOutput& out) {
  PathIdentity identity = IdentityFromPath(path);
  std::string own = !fold.session_id.empty()       ? fold.session_id
                    : !identity.session_id.empty() ? identity.session_id
                                                   : fs::path(path).stem().string();
  const bool subagent = !identity.parent_session_id.empty();
  const std::string session = subagent ? identity.parent_session_id : own;
  const std::string subagent_id = subagent ? own : std::string();
  std::string project = ReadProjectRoot(identity.project_dir);
  if (project.empty()) project = fold.first_dir;
  if (project.empty()) project = fs::path(identity.project_dir).filename().string();

  int64_t first_message_ms = 0;
  for (const Message& m : fold.messages) {
    const Record& r = m.rec;
    std::optional<int64_t> ts = parse_iso8601_ms(r.timestamp);
    if (ts && first_message_ms == 0) first_message_ms = *ts;
    int64_t ts_ms = ts.value_or(0);
    if (r.type == "user") {
      PromptRecord p;
      p.turn_id = r.id;
      p.session_id = session;
      p.project = project;
      p.ts_ms = ts_ms;
      p.text = r.has_display && !r.display_text.empty() ? r.display_text : r.text;
      p.sidechain = subagent;
      p.subagent_id = subagent_id;
      p.offset = m.offset;
      out.prompts.push_back(std::move(p));
    } else if (r.type == "error") {
      ErrorRecord e;
      e.session_id = session;
      e.turn_id = m.turn_id;
      e.ts_ms = ts_ms;
      e.kind = MentionsRateLimit(r.text) ? "rate_limit" : "api_error";
      e.message = r.text;
      TruncateUtf8(e.message, kHeadBytes);
      e.offset = m.offset;
      out.errors.push_back(std::move(e));
    } else if (r.type == "gemini") {
      std::string key = "gemini:" + own + ":" + r.id;
      if (r.tokens.present) {
        TokenCounts tokens = MapTokens(r.tokens);
        if (tokens.total() > 0) {
          if (!ts) {
            out.malformed.push_back({m.offset, "usage record without a valid timestamp"});
          } else {
            UsageRecord u;
            u.dedupe_key = key;
            u.ts_ms = *ts;
            u.session_id = session;
            u.project = project;
            u.model = r.model;
            u.provider = "google";
            u.sidechain = subagent;
            u.subagent_id = subagent_id;
            u.turn_id = m.turn_id;
            u.tokens = tokens;
            u.offset = m.offset;
            if (out.first_ts_ms == 0 || u.ts_ms < out.first_ts_ms) out.first_ts_ms = u.ts_ms;
            out.records.push_back(std::move(u));
            out.usage_lines++;
          }
        }
      }
      for (const ToolCall& c : r.calls) {
        int64_t call_ms = parse_iso8601_ms(c.timestamp).value_or(ts_ms);
        ToolCallRecord tc;
        tc.tool_use_id = c.id;
        tc.session_id = session;
        tc.turn_id = m.turn_id;
        tc.call_key = key;
        tc.ts_ms = call_ms;
        tc.name = c.name;
        tc.target = c.target;
        tc.input_bytes = c.input_bytes;
        tc.sidechain = subagent;
        tc.subagent_id = subagent_id;
        tc.offset = m.offset;
        out.tool_calls.push_back(std::move(tc));
        const bool done =
            c.has_result || c.status == "success" || c.status == "error" || c.status == "cancelled";
        if (done) {
          ToolResultRecord tr;
          tr.tool_use_id = c.id;
          tr.session_id = session;
          tr.ts_ms = call_ms;
          tr.result_bytes = c.result_bytes;
          tr.is_error = c.status == "error";
          tr.head = c.head;
          tr.offset = m.offset;
          out.tool_results.push_back(std::move(tr));
        }
        if (c.status == "error") {
          ErrorRecord e;
          e.session_id = session;
          e.turn_id = m.turn_id;
          e.ts_ms = call_ms;
          e.kind = "tool_error";
          e.message = c.head.empty() ? c.display : c.head;
          TruncateUtf8(e.message, kHeadBytes);
          e.tool_use_id = c.id;
          e.offset = m.offset;
          out.errors.push_back(std::move(e));
        }
        if (!c.agent_id.empty()) {
          SubagentRunRecord run;
          run.agent_id = c.agent_id;
          run.session_id = session;
          run.tool_use_id = c.id;
          run.type = c.name;
          run.ts_ms = call_ms;
          out.subagent_runs.push_back(std::move(run));
        }
      }
    }
  }
  if (subagent) {
    SubagentRunRecord run;
    run.agent_id = own;
    run.session_id = session;
    run.ts_ms = parse_iso8601_ms(fold.start_time).value_or(first_message_ms);
    out.subagent_runs.push_back(std::move(run));
  }
}

}  // namespace

ParseOutput GeminiSource::Parse(const std::string& path, std::string_view data,
                                uint64_t base_offset, std::string_view state) const {
  thread_local od::parser parser;
  thread_local od::parser aux;
  ParseOutput out;
  Fold fold;
  Ctx ctx{data.data() + data.size() + kParsePadding, &aux};

  if (read_mode(path) == ReadMode::kWhole) {
    // A legacy document, rewritten whole: always parsed from its first byte.
    out.consumed_to = base_offset + data.size();
    size_t start = data.find_first_not_of(" \t\r\n");
    if (start == std::string_view::npos) return out;
    std::string_view json = data.substr(start);
    while (!json.empty() && (json.back() == ' ' || json.back() == '\t' || json.back() == '\r' ||
                             json.back() == '\n' || json.back() == '\0')) {
      json.remove_suffix(1);
    }
    Record header;
    std::vector<Record> messages;
    if (!ReadJson(parser, json, ctx, header, &messages)) {
      out.malformed.push_back({base_offset + start, "invalid JSON session document"});
      return out;
    }
    out.lines = static_cast<int64_t>(messages.size());
    header.has_id = false;  // the document's own fields are metadata
    fold.Add(std::move(header), base_offset + start);
    for (Record& m : messages) fold.Add(std::move(m), base_offset + start);
    Emit(path, fold, out);
    return out;
  }

  ResumeState resume = ReadState(state);
  fold.session_id = resume.session;
  fold.turn_id = resume.turn;
  fold.first_dir = resume.dir;

  auto parse_piece = [&](std::string_view json, const char* buffer_end, uint64_t offset,
                         bool recovering) -> PieceResult {
    if (json.front() != '{' || json.back() != '}') return PieceResult::kInvalid;
    Ctx line_ctx{buffer_end, &aux};
    Record r;
    if (!ReadJson(parser, json, line_ctx, r, nullptr)) return PieceResult::kInvalid;
    fold.Add(std::move(r), offset);
    return PieceResult::kUsed;
  };
  LineScan scan = ScanLines(data, ctx.buffer_end, base_offset, parse_piece,
                            [&](uint64_t offset, const char* reason) {
                              out.malformed.push_back({offset, reason});
                            });
  out.consumed_to = scan.consumed_to;
  out.lines = scan.lines;
  if (fold.session_id.empty() && base_offset > 0) ReadHeaderFromFile(path, parser, ctx, fold);
  Emit(path, fold, out);
  out.state = WriteState(fold);
  return out;
}

}  // namespace receipts::sources::gemini
