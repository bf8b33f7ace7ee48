// Codex rollout line reader (FORMATS.md §2): one JSONL line into the fields any handled line
// type may carry (codex_internal.h Line), simdjson on-demand in document order. Pure functions;
// thread-safe given one parser per thread (the caller's).
#include <simdjson.h>

#include <optional>
#include <utility>

#include "sources/codex/codex_internal.h"
#include "sources/json_lenient.h"

namespace receipts::sources::codex {
using json::LenientDouble;
using json::LenientInt;

namespace {

bool ReadUsage(od::value v, Usage& u) {
  od::object obj;
  if (v.get_object().get(obj)) return true;  // null or not an object: absent
  u.present = true;
  bool ok = ForFields(obj, [&](std::string_view key, od::value val) {
    if (key == "input_tokens")
      u.t.input = LenientInt(val);
    else if (key == "cached_input_tokens")
      u.t.cached = LenientInt(val);
    else if (key == "output_tokens")
      u.t.output = LenientInt(val);
    else if (key == "reasoning_output_tokens")
      u.t.reasoning = LenientInt(val);
    else if (key == "cache_write_input_tokens")
      u.t.cache_write = LenientInt(val);
    else if (key == "total_tokens") {
      u.t.total = LenientInt(val);
      u.has_total = true;
    }
    return true;
  });
  if (!u.has_total) u.t.total = u.t.input + u.t.output;
  return ok;
}

bool ReadWindow(od::value v, RateWindow& w) {
  od::object obj;
  if (v.get_object().get(obj)) return true;
  w.present = true;
  return ForFields(obj, [&](std::string_view key, od::value val) {
    if (key == "used_percent")
      w.used_percent = LenientDouble(val).value_or(0);
    else if (key == "window_minutes")
      w.window_minutes = LenientInt(val);
    else if (key == "resets_at")
      w.resets_at = LenientDouble(val);
    else if (key == "resets_in_seconds")
      w.resets_in_seconds = LenientDouble(val);
    return true;
  });
}

bool ReadSource(od::value v, Line& line) {
  od::object obj;
  if (v.get_object().get(obj)) return true;  // "cli", "vscode", "exec" …
  return ForFields(obj, [&](std::string_view key, od::value val) {
    if (key != "subagent" && key != "sub_agent") return true;
    od::object sub;
    if (val.get_object().get(sub)) return true;  // e.g. "review"
    return ForFields(sub, [&](std::string_view k, od::value spawn_val) {
      if (k != "thread_spawn") return true;
      od::object spawn;
      if (spawn_val.get_object().get(spawn)) return true;
      line.thread_spawn = true;
      return ForFields(spawn, [&](std::string_view sk, od::value sv) {
        if (sk == "parent_thread_id")
          line.parent_thread_id = StringOr(sv);
        else if (sk == "agent_nickname")
          line.spawn_nickname = StringOr(sv);
        else if (sk == "agent_role")
          line.spawn_role = StringOr(sv);
        return true;
      });
    });
  });
}

bool ReadInfo(od::value v, Line& line) {
  od::object obj;
  if (v.get_object().get(obj)) return true;  // info:null = a rate-limit-only update
  line.info_present = true;
  return ForFields(obj, [&](std::string_view key, od::value val) {
    if (key == "total_token_usage") return ReadUsage(val, line.total);
    if (key == "last_token_usage") return ReadUsage(val, line.last);
    if (key == "model") line.info_model = StringOr(val);
    return true;
  });
}

bool ReadRateLimits(od::value v, Line& line) {
  od::object obj;
  if (v.get_object().get(obj)) return true;
  line.rate_limits_present = true;
  return ForFields(obj, [&](std::string_view key, od::value val) {
    if (key == "primary") return ReadWindow(val, line.primary);
    if (key == "secondary") return ReadWindow(val, line.secondary);
    if (key == "limit_id")
      line.limit_id = StringOr(val);
    else if (key == "plan_type")
      line.plan_type = StringOr(val);
    return true;
  });
}

bool ReadOutput(od::value v, Line& line) {
  od::json_type type;
  if (v.type().get(type)) return false;
  line.has_output = true;
  if (type == od::json_type::string) {
    line.output = StringOr(v);
    return true;
  }
  if (type == od::json_type::object) {
    od::object obj;
    if (v.get_object().get(obj)) return false;
    return ForFields(obj, [&](std::string_view key, od::value val) {
      if (key == "content") {
        od::json_type ct;
        if (val.type().get(ct)) return false;
        if (ct == od::json_type::string) {
          line.output = StringOr(val);
        } else if (ct == od::json_type::array) {
          od::array arr;
          if (val.get_array().get(arr) || arr.raw_json().get(line.output)) return false;
        }
      } else if (key == "success") {
        bool b = true;
        if (!val.get_bool().get(b)) line.output_failed = !b;
      }
      return true;
    });
  }
  if (type == od::json_type::array) {
    od::array arr;
    return !v.get_array().get(arr) && !arr.raw_json().get(line.output);
  }
  return true;
}

bool ReadPayload(od::value v, Line& line) {
  od::object obj;
  if (v.get_object().get(obj)) return true;
  line.has_payload = true;
  return ForFields(obj, [&](std::string_view key, od::value val) {
    if (key == "type")
      line.ptype = StringOr(val);
    else if (key == "id")
      line.id = StringOr(val);
    else if (key == "cwd")
      line.cwd = StringOr(val);
    else if (key == "model_provider")
      line.model_provider = StringOr(val);
    else if (key == "forked_from_id")
      line.forked_from_id = StringOr(val);
    else if (key == "agent_nickname")
      line.agent_nickname = StringOr(val);
    else if (key == "agent_role")
      line.agent_role = StringOr(val);
    else if (key == "model")
      line.model = StringOr(val);
    else if (key == "model_name")
      line.model_name = StringOr(val);
    else if (key == "turn_id")
      line.turn_id = StringOr(val);
    else if (key == "message")
      line.message = StringOr(val);
    else if (key == "kind")
      line.kind = StringOr(val);
    else if (key == "name")
      line.name = StringOr(val);
    else if (key == "call_id")
      line.call_id = StringOr(val);
    else if (key == "input")
      line.input = StringOr(val);
    else if (key == "source")
      return ReadSource(val, line);
    else if (key == "info")
      return ReadInfo(val, line);
    else if (key == "rate_limits")
      return ReadRateLimits(val, line);
    else if (key == "output")
      return ReadOutput(val, line);
    else if (key == "arguments") {
      od::json_type t;
      if (val.type().get(t)) return false;
      if (t == od::json_type::string) {
        line.arguments = StringOr(val);
      } else if (t == od::json_type::object) {
        od::object a;
        if (val.get_object().get(a) || a.raw_json().get(line.arguments)) return false;
      }
    } else if (key == "codex_error_info") {
      od::json_type t;
      if (val.type().get(t)) return false;
      if (t == od::json_type::string) {
        line.error_info = StringOr(val);
      } else if (t == od::json_type::object) {
        od::object e;
        if (val.get_object().get(e)) return false;
        return ForFields(e, [&](std::string_view k, od::value) {
          if (line.error_info.empty()) line.error_info = k;
          return true;
        });
      }
    } else if (key == "metadata") {
      od::object m;
      if (val.get_object().get(m)) return true;
      return ForFields(m, [&](std::string_view k, od::value mv) {
        if (k == "model") line.metadata_model = StringOr(mv);
        return true;
      });
    } else if (key == "action") {
      od::object a;
      if (val.get_object().get(a)) return true;
      return ForFields(a, [&](std::string_view k, od::value av) {
        if (k != "command") return true;
        od::array arr;
        if (av.get_array().get(arr)) return true;
        for (auto item : arr) {
          od::value iv;
          if (item.get(iv)) return false;
          line.command.push_back(StringOr(iv));
        }
        return true;
      });
    }
    return true;
  });
}

}  // namespace

// Returns false when the text is not a parseable JSON object.
bool ReadLine(od::parser& parser, std::string_view json, const char* buffer_end, Line& line) {
  size_t capacity = static_cast<size_t>(buffer_end - json.data());
  od::document doc;
  if (parser.iterate(json.data(), json.size(), capacity).get(doc)) return false;
  od::object obj;
  if (doc.get_object().get(obj)) return false;
  bool ok = ForFields(obj, [&](std::string_view key, od::value val) {
    if (key == "timestamp")
      line.timestamp = StringOr(val);
    else if (key == "type")
      line.type = StringOr(val);
    else if (key == "payload")
      return ReadPayload(val, line);
    else if (key == "thread_id")
      line.thread_id = StringOr(val);
    else if (key == "usage")
      return ReadUsage(val, line.headless);
    return true;
  });
  if (!ok) return false;
  // Trailing content (a `}{` join) means this text is not one record.
  const char* rest = nullptr;
  return doc.current_location().get(rest) != simdjson::SUCCESS;
}

// Lines that never matter (the bulk of a rollout by bytes): skipped before any JSON parse.
bool IsSkippablePayload(std::string_view json) {
  constexpr std::string_view kMarker = "\"payload\":{\"type\":\"";
  size_t pos = json.find(kMarker);
  if (pos == std::string_view::npos || pos > 160) return false;
  std::string_view rest = json.substr(pos + kMarker.size());
  size_t end = rest.find('"');
  if (end == std::string_view::npos) return false;
  std::string_view t = rest.substr(0, end);
  return t == "message" || t == "reasoning" || t == "agent_message" || t == "agent_reasoning" ||
         t == "agent_reasoning_raw_content" || t == "agent_reasoning_section_break" ||
         t == "web_search_call" || t == "ghost_snapshot";
}

}  // namespace receipts::sources::codex
