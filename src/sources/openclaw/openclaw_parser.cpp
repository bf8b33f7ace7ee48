// pi / OpenClaw session line parser (FORMATS.md §4), simdjson on-demand with one parser per
// thread. What it reads:
// - `session` header: session id, cwd, provider/modelId (pi); `model_change` and `custom`
//   model-snapshot lines: the current model/provider for messages that do not name one.
// - `message` lines by message.role:
//   assistant  → one UsageRecord when usage has tokens (input, cacheRead, cacheWrite → 5m,
//                output) or a positive cost.total (→ recorded cost); zero-usage turns (aborted,
//                failed) and OpenClaw's `gateway-injected` messages are skipped. Each toolCall
//                part → ToolCallRecord; stopReason "error" with errorMessage → ErrorRecord.
//   user       → PromptRecord, which starts a turn.
//   toolResult → ToolResultRecord (+ a tool_error ErrorRecord when isError).
//   bashExecution (a user's `!cmd`) → ToolCallRecord "bashExecution" + ToolResultRecord.
// Time: message.timestamp (epoch ms: when the call started, kept by fork copies) else the
// line's ISO timestamp.
// Keys: forks and branches copy earlier entries (ids, message timestamps and usage kept) into a
// new session file and OpenClaw's .reset/.deleted archives hold the same lines as the live file,
// so call keys leave out the session: "<agent>:<entry id>@<ts_ms>" (entry ids are only 8 hex
// digits, the call's timestamp makes them unique), or without an entry id (older pi files)
// "<agent>:~<ts_ms>:<model>:<input>:<output>:<cacheWrite>:<cacheRead>:<cost nanos|->".
// Turn ids: "<session>:<entry id>", else "<session>:@<ts_ms>".
// first_ts_ms (what ranks a call's copies in the ingest merge, DESIGN.md §3: the copy in the
// session that started first wins): the `session` header's timestamp when the file has one,
// else the earliest record. A branch file copies the original's entries with their timestamps,
// so its earliest record ties with the original's; its header (written when it was branched)
// does not, whichever file is read first.
// Resume state (ParseOutput::state): a JSON object {"v":1,"sid","cwd","model","provider",
// "turn","start"}: the header's session id, cwd and start (epoch ms, 0 = none), the current
// model/provider and turn.
// Reading a line's JSON into a Line: openclaw_line.cpp (openclaw_internal.h).
#include <simdjson.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <optional>
#include <utility>

#include "core/time.h"
#include "sources/json_lenient.h"
#include "sources/line_reader.h"
#include "sources/openclaw/openclaw_internal.h"
#include "sources/openclaw/openclaw_source.h"

namespace receipts::sources::openclaw {
namespace od = simdjson::ondemand;
using json::StringOr;
using internal::Line;
using internal::Message;
using internal::ReadLine;
using internal::ToolCall;
using internal::Usage;

namespace {

constexpr size_t kHeadBytes = 300;

// Appends at most `limit` bytes in total to `out`, never cutting a UTF-8 sequence.
void AppendCapped(std::string& out, std::string_view s, size_t limit) {
  if (out.size() >= limit) return;
  size_t room = limit - out.size();
  if (s.size() > room) {
    size_t cut = room;
    while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;
    s = s.substr(0, cut);
  }
  out.append(s);
}

// ---- resume state ----------------------------------------------------------------------------

struct State {
  std::string sid, cwd, model, provider, turn;
  int64_t start = 0;  // the header's timestamp (ms), 0 when not seen
};

void AppendJsonString(std::string& out, std::string_view s) {
  static const char* kHex = "0123456789abcdef";
  out.push_back('"');
  for (char c : s) {
    auto u = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      out.push_back('\\');
      out.push_back(c);
    } else if (u < 0x20) {
      out += "\\u00";
      out.push_back(kHex[u >> 4]);
      out.push_back(kHex[u & 15]);
    } else {
      out.push_back(c);
    }
  }
  out.push_back('"');
}

std::string EncodeState(const State& st) {
  std::string out = "{\"v\":1,\"sid\":";
  AppendJsonString(out, st.sid);
  out += ",\"cwd\":";
  AppendJsonString(out, st.cwd);
  out += ",\"model\":";
  AppendJsonString(out, st.model);
  out += ",\"provider\":";
  AppendJsonString(out, st.provider);
  out += ",\"turn\":";
  AppendJsonString(out, st.turn);
  out += ",\"start\":" + std::to_string(st.start);
  out += "}";
  return out;
}

State DecodeState(std::string_view text) {
  State st;
  if (text.empty()) return st;
  thread_local od::parser parser;
  simdjson::padded_string padded(text);
  od::document doc;
  od::object obj;
  if (parser.iterate(padded).get(doc) || doc.get_object().get(obj)) return st;
  for (auto field_result : obj) {
    od::field field;
    if (std::move(field_result).get(field)) break;
    std::string_view key;
    if (field.unescaped_key().get(key)) break;
    if (key == "start") {
      st.start = json::LenientInt(field.value());
      continue;
    }
    std::string value(StringOr(field.value()));
    if (key == "sid")
      st.sid = std::move(value);
    else if (key == "cwd")
      st.cwd = std::move(value);
    else if (key == "model")
      st.model = std::move(value);
    else if (key == "provider")
      st.provider = std::move(value);
    else if (key == "turn")
      st.turn = std::move(value);
  }
  return st;
}

// ---- records ---------------------------------------------------------------------------------

std::string CallKey(const char* agent, std::string_view entry_id, int64_t ts_ms,
                    const std::string& model, const TokenCounts& t,
                    const std::optional<int64_t>& cost_nanos) {
  std::string key = agent;
  key.push_back(':');
  if (!entry_id.empty()) {
    key.append(entry_id);
    key.push_back('@');
    key += std::to_string(ts_ms);
    return key;
  }
  key.push_back('~');
  for (const std::string& part :
       {std::to_string(ts_ms), model, std::to_string(t.input), std::to_string(t.output),
        std::to_string(t.cache_write_5m), std::to_string(t.cache_read),
        cost_nanos ? std::to_string(*cost_nanos) : std::string("-")}) {
    key += part;
    key.push_back(':');
  }
  key.pop_back();
  return key;
}

bool MentionsRateLimit(std::string_view message) {
  std::string lower(message);
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  for (const char* needle :
       {"rate limit", "rate_limit", "ratelimit", "429", "quota", "too many requests"}) {
    if (lower.find(needle) != std::string::npos) return true;
  }
  return false;
}

std::string Head(std::string_view text) {
  std::string out;
  AppendCapped(out, text, kHeadBytes);
  return out;
}

}  // namespace

ParseOutput ParseSessionLog(Flavor flavor, const std::string& path, std::string_view data,
                            uint64_t base_offset, std::string_view state_text) {
  thread_local od::parser parser;
  const char* agent = flavor == Flavor::kPi ? kAgentPi : kAgentOpenClaw;
  ParseOutput out;
  State st = DecodeState(state_text);
  const std::string path_session = SessionIdFromPath(flavor, path);

  auto parse_piece = [&](std::string_view json, const char* buffer_end, uint64_t offset,
                         bool /*recovering: every piece is fully parsed anyway*/) {
    if (json.front() != '{' || json.back() != '}') return PieceResult::kInvalid;
    Line line;
    if (!ReadLine(parser, json, buffer_end, line)) return PieceResult::kInvalid;

    if (line.type == "session") {
      if (!line.id.empty()) st.sid = std::string(line.id);
      if (auto start = parse_iso8601_ms(line.timestamp); start && *start > 0) st.start = *start;
      if (!line.cwd.empty()) st.cwd = std::string(line.cwd);
      std::string_view model = !line.model_id.empty() ? line.model_id : line.model;
      if (!model.empty()) st.model = std::string(model);
      if (!line.provider.empty()) st.provider = std::string(line.provider);
      return PieceResult::kUsed;
    }
    if (line.type == "model_change" ||
        (line.type == "custom" && line.custom_type == "model-snapshot")) {
      bool snapshot = line.type == "custom";
      std::string_view model =
          snapshot ? (!line.data_model_id.empty() ? line.data_model_id : line.data_model)
                   : (!line.model_id.empty() ? line.model_id : line.model);
      std::string_view provider = snapshot ? line.data_provider : line.provider;
      if (!model.empty()) st.model = std::string(model);
      if (!provider.empty()) st.provider = std::string(provider);
      return PieceResult::kUsed;
    }
    const Message& m = line.message;
    if (line.type != "message" || !m.present) return PieceResult::kUsed;

    std::optional<int64_t> ts = m.ts_ms ? m.ts_ms : parse_iso8601_ms(line.timestamp);
    const std::string session = st.sid.empty() ? path_session : st.sid;
    if (m.role == "user") {
      std::string turn = session + ":";
      if (!line.id.empty())
        turn.append(line.id);
      else if (ts)
        turn += "@" + std::to_string(*ts);
      else
        turn += "+" + std::to_string(offset);
      st.turn = turn;
      if (!ts) {
        out.malformed.push_back({offset, "user message without a valid timestamp"});
        return PieceResult::kUsed;
      }
      PromptRecord p;
      p.turn_id = std::move(turn);
      p.session_id = session;
      p.project = st.cwd;
      p.ts_ms = *ts;
      p.text = m.text;
      p.offset = offset;
      out.prompts.push_back(std::move(p));
      return PieceResult::kUsed;
    }
    if (m.role == "toolResult" || m.role == "bashExecution") {
      if (!ts) {
        out.malformed.push_back({offset, "tool result without a valid timestamp"});
        return PieceResult::kUsed;
      }
      ToolResultRecord r;
      r.session_id = session;
      r.ts_ms = *ts;
      r.offset = offset;
      if (m.role == "bashExecution") {
        // A command the user ran with `!`: both the call and its result are on this line.
        ToolCallRecord c;
        c.tool_use_id = session + ":bash@" + std::to_string(*ts);
        c.session_id = session;
        c.turn_id = st.turn;
        c.ts_ms = *ts;
        c.name = "bashExecution";
        c.target = std::string(m.command);
        c.input_bytes = static_cast<int64_t>(m.command.size());
        c.offset = offset;
        r.tool_use_id = c.tool_use_id;
        r.result_bytes = static_cast<int64_t>(m.output.size());
        r.is_error = m.exit_code && *m.exit_code != 0;
        r.head = Head(m.output);
        out.tool_calls.push_back(std::move(c));
      } else {
        r.tool_use_id = std::string(m.tool_call_id);
        r.result_bytes = m.content_bytes;
        r.is_error = m.is_error;
        r.head = Head(m.text);
      }
      if (r.is_error) {
        ErrorRecord e;
        e.session_id = session;
        e.turn_id = st.turn;
        e.ts_ms = *ts;
        e.kind = "tool_error";
        e.message = r.head;
        e.tool_use_id = r.tool_use_id;
        e.offset = offset;
        out.errors.push_back(std::move(e));
      }
      out.tool_results.push_back(std::move(r));
      return PieceResult::kUsed;
    }
    if (m.role != "assistant") return PieceResult::kUsed;

    std::string_view msg_model = !m.model_id.empty() ? m.model_id : m.model;
    std::string model = !msg_model.empty()  ? std::string(msg_model)
                        : !st.model.empty() ? st.model
                                            : std::string("unknown");
    std::string provider = !m.provider.empty() ? std::string(m.provider) : st.provider;
    // OpenClaw's gateway writes notices as assistant messages: not model calls.
    if (provider == "openclaw" && model == "gateway-injected") return PieceResult::kUsed;
    if (!ts) {
      out.malformed.push_back({offset, "assistant message without a valid timestamp"});
      return PieceResult::kUsed;
    }

    std::string call_key;
    if (m.usage.present) {
      const Usage& u = m.usage;
      TokenCounts tokens;
      tokens.input = u.input;
      tokens.output = u.output;
      tokens.cache_read = u.cache_read;
      tokens.cache_write_5m = u.cache_write;
      // Only a total logged: count it as output, as ccusage does.
      if (tokens.total() == 0 && u.total > 0) tokens.output = u.total;
      std::optional<int64_t> cost;
      if (u.cost_total && *u.cost_total > 0 && std::isfinite(*u.cost_total)) {
        cost = std::llround(*u.cost_total * 1e9);
      }
      if (tokens.total() > 0 || cost) {
        UsageRecord r;
        r.dedupe_key = CallKey(agent, line.id, *ts, model, tokens, cost);
        r.ts_ms = *ts;
        r.session_id = session;
        r.project = st.cwd;
        r.model = model;
        r.provider = provider;
        r.turn_id = st.turn;
        r.tokens = tokens;
        r.recorded_cost_nanos = cost;
        r.offset = offset;
        call_key = r.dedupe_key;
        if (out.first_ts_ms == 0 || r.ts_ms < out.first_ts_ms) out.first_ts_ms = r.ts_ms;
        out.records.push_back(std::move(r));
        out.usage_lines++;
      }
    }
    for (const ToolCall& call : m.calls) {
      ToolCallRecord c;
      c.tool_use_id = call.id;
      c.session_id = session;
      c.turn_id = st.turn;
      c.call_key = call_key;
      c.ts_ms = *ts;
      c.name = call.name;
      c.target = call.target;
      c.input_bytes = call.input_bytes;
      c.offset = offset;
      out.tool_calls.push_back(std::move(c));
    }
    if (m.stop_reason == "error" && !m.error_message.empty()) {
      ErrorRecord e;
      e.session_id = session;
      e.turn_id = st.turn;
      e.ts_ms = *ts;
      e.kind = MentionsRateLimit(m.error_message) ? "rate_limit" : "api_error";
      e.message = Head(m.error_message);
      e.offset = offset;
      out.errors.push_back(std::move(e));
    }
    return PieceResult::kUsed;
  };

  const char* buffer_end = data.data() + data.size() + kParsePadding;
  LineScan scan = ScanLines(data, buffer_end, base_offset, parse_piece,
                            [&](uint64_t offset, const char* reason) {
                              out.malformed.push_back({offset, reason});
                            });
  out.consumed_to = scan.consumed_to;
  out.lines = scan.lines;
  if (st.start > 0) out.first_ts_ms = st.start;
  out.state = EncodeState(st);
  return out;
}

}  // namespace receipts::sources::openclaw
