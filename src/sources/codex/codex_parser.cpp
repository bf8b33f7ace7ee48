// Codex rollout parser (FORMATS.md §2, DESIGN.md §3). Usage: each `token_count` carries the
// thread's cumulative `total_token_usage`; a call is counted once as the change of that total
// (unchanged re-emits add nothing; a regression is a reset whose call is `last_token_usage`).
// A forked/spawned thread's file starts by replaying the parent's history: its leading burst of
// token_count events (same second as the first) only sets the baseline. Also prompts, tool
// calls/results, errors, rate limits and `codex exec --json` turn.completed lines.
// simdjson on-demand with one parser per thread; all cross-line meaning lives in ParseState.
#include <simdjson.h>
#include <sys/stat.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <optional>
#include <utility>

#include "core/time.h"
#include "sources/codex/codex_source.h"
#include "sources/codex/codex_state.h"
#include "sources/json_lenient.h"
#include "sources/line_reader.h"

namespace receipts::sources::codex {
namespace od = simdjson::ondemand;
using json::LenientDouble;
using json::LenientInt;

namespace {

constexpr size_t kHeadChars = 300;
constexpr const char* kFallbackModel = "gpt-5";
constexpr const char* kDefaultProvider = "openai";


std::string_view StringOr(od::value v) {
  std::string_view s;
  if (v.get_string().get(s)) return {};
  return s;
}

// Iterates an object's fields, calling fn(key, value); false on a structural error.
template <typename Fn>
bool ForEachField(od::object obj, Fn fn) {
  for (auto field_result : obj) {
    od::field field;
    if (std::move(field_result).get(field)) return false;
    std::string_view key;
    if (field.unescaped_key().get(key)) return false;
    if (!fn(key, field.value())) return false;
  }
  return true;
}

struct Usage {
  bool present = false;
  bool has_total = false;
  Totals t;
};

bool ReadUsage(od::value v, Usage& u) {
  od::object obj;
  if (v.get_object().get(obj)) return true;  // null or not an object: absent
  u.present = true;
  bool ok = ForEachField(obj, [&](std::string_view key, od::value val) {
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

struct RateWindow {
  bool present = false;
  double used_percent = 0;
  int64_t window_minutes = 0;
  std::optional<double> resets_at;          // epoch seconds
  std::optional<double> resets_in_seconds;  // older builds
};

bool ReadWindow(od::value v, RateWindow& w) {
  od::object obj;
  if (v.get_object().get(obj)) return true;
  w.present = true;
  return ForEachField(obj, [&](std::string_view key, od::value val) {
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

// Everything any handled line type may carry (views into the parser's buffers).
struct Line {
  std::string_view timestamp, type;
  bool has_payload = false;
  // payload
  std::string_view ptype, id, cwd, model_provider, forked_from_id, agent_nickname, agent_role,
      model, model_name, metadata_model, turn_id, message, kind, error_info, name, call_id,
      arguments, input;
  bool thread_spawn = false;
  std::string_view parent_thread_id, spawn_nickname, spawn_role;
  bool info_present = false;
  Usage total, last;
  std::string_view info_model;
  bool rate_limits_present = false;
  std::string_view limit_id, plan_type;
  RateWindow primary, secondary;
  std::vector<std::string_view> command;  // local_shell_call action.command
  bool has_output = false;
  std::string_view output;     // text (string output, or object content)
  bool output_failed = false;  // object output with success:false
  // `codex exec --json`
  std::string_view thread_id;
  Usage headless;
};

bool ReadSource(od::value v, Line& line) {
  od::object obj;
  if (v.get_object().get(obj)) return true;  // "cli", "vscode", "exec" …
  return ForEachField(obj, [&](std::string_view key, od::value val) {
    if (key != "subagent" && key != "sub_agent") return true;
    od::object sub;
    if (val.get_object().get(sub)) return true;  // e.g. "review"
    return ForEachField(sub, [&](std::string_view k, od::value spawn_val) {
      if (k != "thread_spawn") return true;
      od::object spawn;
      if (spawn_val.get_object().get(spawn)) return true;
      line.thread_spawn = true;
      return ForEachField(spawn, [&](std::string_view sk, od::value sv) {
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
  return ForEachField(obj, [&](std::string_view key, od::value val) {
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
  return ForEachField(obj, [&](std::string_view key, od::value val) {
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
    return ForEachField(obj, [&](std::string_view key, od::value val) {
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
  return ForEachField(obj, [&](std::string_view key, od::value val) {
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
        return ForEachField(e, [&](std::string_view k, od::value) {
          if (line.error_info.empty()) line.error_info = k;
          return true;
        });
      }
    } else if (key == "metadata") {
      od::object m;
      if (val.get_object().get(m)) return true;
      return ForEachField(m, [&](std::string_view k, od::value mv) {
        if (k == "model") line.metadata_model = StringOr(mv);
        return true;
      });
    } else if (key == "action") {
      od::object a;
      if (val.get_object().get(a)) return true;
      return ForEachField(a, [&](std::string_view k, od::value av) {
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

// Returns false when the text is not a parseable JSON object.
bool ReadLine(od::parser& parser, std::string_view json, const char* buffer_end, Line& line) {
  size_t capacity = static_cast<size_t>(buffer_end - json.data());
  od::document doc;
  if (parser.iterate(json.data(), json.size(), capacity).get(doc)) return false;
  od::object obj;
  if (doc.get_object().get(obj)) return false;
  bool ok = ForEachField(obj, [&](std::string_view key, od::value val) {
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

std::string JoinCommand(const std::vector<std::string_view>& argv) {
  std::string out;
  for (auto a : argv) {
    if (!out.empty()) out += ' ';
    out += a;
  }
  return out;
}

// The first file an apply_patch body updates or adds ("" = none).
std::string PatchPath(std::string_view text) {
  size_t best = std::string_view::npos;
  size_t start = 0;
  for (std::string_view marker : {"*** Update File: ", "*** Add File: "}) {
    size_t pos = text.find(marker);
    if (pos < best) {
      best = pos;
      start = pos + marker.size();
    }
  }
  if (best == std::string_view::npos) return {};
  size_t end = text.find_first_of("\r\n", start);
  std::string_view path = text.substr(start, end == std::string_view::npos ? end : end - start);
  while (!path.empty() && path.back() == ' ') path.remove_suffix(1);
  return std::string(path);
}

// What a function call acts on: its shell command (joined argv or `cmd`), the file an
// apply_patch touches, or a path argument.
std::string TargetFromArguments(std::string_view arguments) {
  if (arguments.empty() || arguments.front() != '{') return PatchPath(arguments);
  thread_local od::parser parser;
  simdjson::padded_string padded(arguments);
  od::document doc;
  od::object obj;
  if (parser.iterate(padded).get(doc) || doc.get_object().get(obj)) return {};
  std::string command, patch, path;
  ForEachField(obj, [&](std::string_view key, od::value val) {
    if (key == "command" || key == "cmd") {
      od::json_type t;
      if (val.type().get(t)) return false;
      if (t == od::json_type::array) {
        od::array arr;
        if (val.get_array().get(arr)) return false;
        std::vector<std::string_view> argv;
        for (auto item : arr) {
          od::value iv;
          if (item.get(iv)) return false;
          argv.push_back(StringOr(iv));
        }
        command = JoinCommand(argv);
      } else {
        command = std::string(StringOr(val));
      }
    } else if (key == "input" || key == "patch") {
      patch = PatchPath(StringOr(val));
    } else if (key == "path" || key == "file_path") {
      path = std::string(StringOr(val));
    }
    return true;
  });
  // `apply_patch` run through the shell (argv or heredoc) names its file in the patch.
  if (std::string p = PatchPath(command); !p.empty()) return p;
  if (!command.empty()) return command;
  if (!patch.empty()) return patch;
  return path;
}

// The first `max_chars` UTF-8 characters of `text`.
std::string Head(std::string_view text, size_t max_chars) {
  size_t chars = 0, i = 0;
  for (; i < text.size(); ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) {
      if (chars == max_chars) break;
      ++chars;
    }
  }
  return std::string(text.substr(0, i));
}

std::optional<int64_t> ParseExitCode(std::string_view text, std::string_view marker) {
  size_t pos = text.find(marker);
  if (pos == std::string_view::npos) return std::nullopt;
  std::string_view rest = text.substr(pos + marker.size());
  int64_t code = 0;
  auto [p, ec] = std::from_chars(rest.data(), rest.data() + rest.size(), code);
  if (ec != std::errc()) return std::nullopt;
  return code;
}

struct ToolOutcome {
  bool is_error = false;
  std::string head;
};

// Shell outputs are either JSON `{"output":…,"metadata":{"exit_code":N}}` (older builds) or
// text with "Process exited with code N" / "Exit code: N" (newer exec_command).
ToolOutcome InspectOutput(std::string_view text, bool failed) {
  ToolOutcome r;
  r.is_error = failed;
  std::string_view body = text;
  std::string unescaped;
  if (!text.empty() && text.front() == '{') {
    thread_local od::parser parser;
    simdjson::padded_string padded(text);
    od::document doc;
    od::object obj;
    if (!parser.iterate(padded).get(doc) && !doc.get_object().get(obj)) {
      bool has_output = false;
      ForEachField(obj, [&](std::string_view key, od::value val) {
        if (key == "output") {
          unescaped = std::string(StringOr(val));
          has_output = true;
        } else if (key == "error") {
          od::json_type t;
          if (!val.type().get(t) && t != od::json_type::null) r.is_error = true;
        } else if (key == "metadata") {
          od::object m;
          if (val.get_object().get(m)) return true;
          ForEachField(m, [&](std::string_view k, od::value mv) {
            if (k == "exit_code" && LenientInt(mv) != 0) r.is_error = true;
            return true;
          });
        }
        return true;
      });
      if (has_output) body = unescaped;
    }
  }
  for (std::string_view marker : {"Process exited with code ", "Exit code: "}) {
    if (auto code = ParseExitCode(text.substr(0, 512), marker); code && *code != 0) {
      r.is_error = true;
    }
  }
  r.head = Head(body, kHeadChars);
  return r;
}

bool ContainsLower(std::string_view haystack, std::string_view needle) {
  auto it =
      std::search(haystack.begin(), haystack.end(), needle.begin(), needle.end(),
                  [](char a, char b) { return std::tolower(static_cast<unsigned char>(a)) == b; });
  return it != haystack.end();
}

bool IsRateLimitError(std::string_view info, std::string_view message) {
  for (std::string_view s : {info, message}) {
    if (ContainsLower(s, "usage_limit") || ContainsLower(s, "usage limit") ||
        ContainsLower(s, "rate_limit") || ContainsLower(s, "rate limit") ||
        ContainsLower(s, "too many requests") || ContainsLower(s, "429")) {
      return true;
    }
  }
  return false;
}

bool AllGreaterOrEqual(const Totals& a, const Totals& b) {
  return a.input >= b.input && a.cached >= b.cached && a.output >= b.output &&
         a.reasoning >= b.reasoning && a.total >= b.total && a.cache_write >= b.cache_write;
}

Totals Minus(const Totals& a, const Totals& b) {
  return {a.input - b.input,         a.cached - b.cached, a.output - b.output,
          a.reasoning - b.reasoning, a.total - b.total,   a.cache_write - b.cache_write};
}

int64_t FileMtimeMs(const std::string& path) {
  struct stat st;
  if (::stat(path.c_str(), &st) != 0) return 0;
  return static_cast<int64_t>(st.st_mtim.tv_sec) * 1000 + st.st_mtim.tv_nsec / 1000000;
}

int64_t SecondOf(int64_t ts_ms) { return ts_ms >= 0 ? ts_ms / 1000 : (ts_ms - 999) / 1000; }

// One file's parse: the running state plus the output being filled.
class FileParser {
 public:
  FileParser(const std::string& path, std::string_view state, ParseOutput& out)
      : path_(path), st_(DecodeState(state)), out_(out) {
    if (st_.thread_id.empty()) st_.thread_id = ThreadIdFromPath(path);
    if (st_.session_id.empty()) st_.session_id = st_.thread_id;
  }

  const ParseState& state() const { return st_; }

  void Handle(const Line& line, uint64_t offset) {
    std::optional<int64_t> ts = parse_iso8601_ms(line.timestamp);
    const std::string_view type = line.type;
    if (type == "session_meta") return OnSessionMeta(line, ts);
    if (type == "turn_context") return OnTurnContext(line, ts);
    if (type == "event_msg") {
      const std::string_view p = line.ptype;
      if (p == "token_count") return OnTokenCount(line, ts, offset);
      if (p == "user_message") return OnUserMessage(line, ts, offset);
      if (p == "task_started") {
        if (!IsReplayLine(ts) && !line.turn_id.empty()) SetTurn(line.turn_id);
        return;
      }
      if (p == "error" || p == "stream_error") return OnError(line, ts, offset);
      return;
    }
    if (type == "response_item") {
      const std::string_view p = line.ptype;
      if (p == "function_call" || p == "custom_tool_call" || p == "local_shell_call") {
        return OnToolCall(line, ts, offset);
      }
      if (p == "function_call_output" || p == "custom_tool_call_output") {
        return OnToolResult(line, ts, offset);
      }
      return;
    }
    if (type == "thread.started") {
      // `codex exec --json`: a new thread starts its own cumulative usage.
      if (!line.thread_id.empty() && line.thread_id != st_.thread_id && !st_.meta_seen) {
        st_.thread_id = st_.session_id = std::string(line.thread_id);
        st_.has_prev = false;
        st_.prev = {};
      }
      return;
    }
    if (type == "turn.completed" && line.headless.present) {
      // Usage here is the thread's running total (no timestamp: the file's mtime dates it).
      int64_t when = ts ? *ts : FileMtimeMs(path_);
      return Count(line.headless.t, nullptr, when, offset, {});
    }
  }

 private:
  // A line copied from the parent at the fork: inside the replay, written in the same second
  // as the replayed parent session_meta.
  bool IsReplayLine(std::optional<int64_t> ts) const {
    if (st_.replay != ReplayPhase::kAwaitFirst && st_.replay != ReplayPhase::kInBurst) {
      return false;
    }
    return st_.foreign_meta_second >= 0 && ts && SecondOf(*ts) == st_.foreign_meta_second;
  }

  void SetTurn(std::string_view turn_id) {
    if (turn_id == st_.turn_id) return;
    st_.turn_id = std::string(turn_id);
    st_.turn_has_prompt = false;
  }

  void OnSessionMeta(const Line& line, std::optional<int64_t> ts) {
    if (st_.meta_seen) {
      // A fork replays the parent's session_meta: remember when, to recognise copied lines.
      if (!line.id.empty() && line.id != st_.thread_id && ts && st_.foreign_meta_second < 0 &&
          (st_.replay == ReplayPhase::kAwaitFirst || st_.replay == ReplayPhase::kInBurst)) {
        st_.foreign_meta_second = SecondOf(*ts);
      }
      return;
    }
    st_.meta_seen = true;
    if (!line.id.empty()) st_.thread_id = std::string(line.id);
    st_.session_id = st_.thread_id;
    if (!line.model_provider.empty()) st_.provider = std::string(line.model_provider);
    if (!line.cwd.empty()) st_.cwd = std::string(line.cwd);
    if (!line.forked_from_id.empty() || line.thread_spawn) {
      st_.replay = ReplayPhase::kAwaitFirst;
      if (ts) st_.fork_second = SecondOf(*ts);
    }
    if (line.thread_spawn && !line.parent_thread_id.empty()) {
      // A spawned worker: its calls belong to the parent session, as this subagent run.
      st_.session_id = std::string(line.parent_thread_id);
      st_.subagent_id = st_.thread_id;
      SubagentRunRecord run;
      run.agent_id = st_.subagent_id;
      run.session_id = st_.session_id;
      std::string_view role = !line.spawn_role.empty() ? line.spawn_role : line.agent_role;
      std::string_view nick =
          !line.spawn_nickname.empty() ? line.spawn_nickname : line.agent_nickname;
      run.type = std::string(!role.empty() ? role : !nick.empty() ? nick : "worker");
      run.description = std::string(nick);
      run.ts_ms = ts.value_or(0);
      out_.subagent_runs.push_back(std::move(run));
    }
  }

  void OnTurnContext(const Line& line, std::optional<int64_t> ts) {
    if (IsReplayLine(ts)) return;
    if (!line.model.empty()) st_.model = std::string(line.model);
    if (!line.cwd.empty()) st_.cwd = std::string(line.cwd);
    if (!line.turn_id.empty()) SetTurn(line.turn_id);
  }

  void OnUserMessage(const Line& line, std::optional<int64_t> ts, uint64_t offset) {
    if (IsReplayLine(ts)) return;
    if (!line.kind.empty() && line.kind != "plain") return;  // injected instructions/context
    if (st_.turn_id.empty() || st_.turn_has_prompt) {
      // No turn id logged for this prompt: a synthetic one, stable across re-reads.
      st_.turn_id = "codex:" + st_.thread_id + ":" + std::to_string(offset);
    }
    st_.turn_has_prompt = true;
    PromptRecord p;
    p.turn_id = st_.turn_id;
    p.session_id = st_.session_id;
    p.project = st_.cwd;
    p.ts_ms = ts.value_or(0);
    p.text = std::string(line.message);
    p.sidechain = !st_.subagent_id.empty();
    p.subagent_id = st_.subagent_id;
    p.offset = offset;
    out_.prompts.push_back(std::move(p));
  }

  void OnError(const Line& line, std::optional<int64_t> ts, uint64_t offset) {
    if (IsReplayLine(ts)) return;
    ErrorRecord e;
    e.session_id = st_.session_id;
    e.turn_id = st_.turn_id;
    e.ts_ms = ts.value_or(0);
    e.kind = IsRateLimitError(line.error_info, line.message) ? "rate_limit" : "api_error";
    e.message = Head(line.message, kHeadChars);
    e.offset = offset;
    out_.errors.push_back(std::move(e));
  }

  void OnToolCall(const Line& line, std::optional<int64_t> ts, uint64_t offset) {
    if (IsReplayLine(ts)) return;
    ToolCallRecord c;
    std::string_view call_id = line.call_id.empty() ? line.id : line.call_id;
    if (!call_id.empty()) c.tool_use_id = "codex:" + std::string(call_id);
    c.session_id = st_.session_id;
    c.turn_id = st_.turn_id;
    c.ts_ms = ts.value_or(0);
    if (line.ptype == "local_shell_call") {
      c.name = line.name.empty() ? "local_shell" : std::string(line.name);
      c.target = JoinCommand(line.command);
      c.input_bytes = static_cast<int64_t>(c.target.size());
    } else if (line.ptype == "custom_tool_call") {
      c.name = std::string(line.name);
      c.target = PatchPath(line.input);
      c.input_bytes = static_cast<int64_t>(line.input.size());
    } else {
      c.name = std::string(line.name);
      c.target = TargetFromArguments(line.arguments);
      c.input_bytes = static_cast<int64_t>(line.arguments.size());
    }
    c.sidechain = !st_.subagent_id.empty();
    c.subagent_id = st_.subagent_id;
    c.offset = offset;
    out_.tool_calls.push_back(std::move(c));
  }

  void OnToolResult(const Line& line, std::optional<int64_t> ts, uint64_t offset) {
    if (IsReplayLine(ts) || line.call_id.empty()) return;
    ToolOutcome outcome = InspectOutput(line.output, line.output_failed);
    ToolResultRecord r;
    r.tool_use_id = "codex:" + std::string(line.call_id);
    r.session_id = st_.session_id;
    r.ts_ms = ts.value_or(0);
    r.result_bytes = static_cast<int64_t>(line.output.size());
    r.is_error = outcome.is_error;
    r.head = outcome.head;
    r.offset = offset;
    if (r.is_error) {
      ErrorRecord e;
      e.session_id = st_.session_id;
      e.turn_id = st_.turn_id;
      e.ts_ms = r.ts_ms;
      e.kind = "tool_error";
      e.message = outcome.head;
      e.tool_use_id = r.tool_use_id;
      e.offset = offset;
      out_.errors.push_back(std::move(e));
    }
    out_.tool_results.push_back(std::move(r));
  }

  void OnTokenCount(const Line& line, std::optional<int64_t> ts, uint64_t offset) {
    const bool has_usage = line.info_present && line.total.present;
    if (has_usage && !ts) {
      out_.malformed.push_back({offset, "token_count without a valid timestamp"});
      return;
    }
    bool replayed = IsReplayLine(ts);
    if (has_usage &&
        (st_.replay == ReplayPhase::kAwaitFirst || st_.replay == ReplayPhase::kInBurst)) {
      int64_t second = SecondOf(*ts);
      if (st_.replay == ReplayPhase::kAwaitFirst) {
        // The first snapshot is the parent's history when the fork visibly copied it (the
        // parent's session_meta came first), when it is cumulative beyond one call, or when it
        // was written in the fork's own second. A worker started without history makes its
        // first real call later, with total == last: that one counts.
        bool history = st_.foreign_meta_second >= 0 || second == st_.fork_second ||
                       (line.last.present && !(line.last.t == line.total.t));
        st_.replay = history ? ReplayPhase::kInBurst : ReplayPhase::kDone;
        st_.replay_second = second;
      }
      if (st_.replay == ReplayPhase::kInBurst && second == st_.replay_second) {
        // The parent's history: sets the baseline, adds nothing.
        st_.prev = line.total.t;
        st_.has_prev = true;
        return;
      }
      if (st_.replay == ReplayPhase::kInBurst) st_.replay = ReplayPhase::kDone;
      replayed = false;
    }
    if (line.rate_limits_present && ts && !replayed) EmitRateLimits(line, *ts);
    if (!has_usage) return;  // info:null: rate limits only
    std::string_view model = !line.info_model.empty()   ? line.info_model
                             : !line.model.empty()      ? line.model
                             : !line.model_name.empty() ? line.model_name
                                                        : line.metadata_model;
    Count(line.total.t, line.last.present ? &line.last.t : nullptr, *ts, offset, model);
  }

  void EmitRateLimits(const Line& line, int64_t ts) {
    std::string prefix;
    if (!line.limit_id.empty() && line.limit_id != "codex")
      prefix = std::string(line.limit_id) + ":";
    const std::pair<const char*, const RateWindow*> windows[] = {{"primary", &line.primary},
                                                                 {"secondary", &line.secondary}};
    for (const auto& [name, w] : windows) {
      if (!w->present) continue;
      RateLimitRecord r;
      r.session_id = st_.session_id;
      r.ts_ms = ts;
      r.limit_id = prefix + name;
      r.window_minutes = w->window_minutes;
      r.used_percent = w->used_percent;
      if (w->resets_at)
        r.resets_at_ms = epoch_number_to_ms(*w->resets_at);
      else if (w->resets_in_seconds)
        r.resets_at_ms = ts + std::llround(*w->resets_in_seconds * 1000);
      r.plan = std::string(line.plan_type);
      out_.rate_limits.push_back(std::move(r));
    }
  }

  // The counting rule (DESIGN.md §3): the change of the cumulative total is the call; an
  // unchanged total is a re-emit; a regression (fill_to_context_window, resume) is a reset whose
  // call is `last` (or the new total when there is no `last`).
  void Count(const Totals& cur, const Totals* last, int64_t ts, uint64_t offset,
             std::string_view event_model) {
    Totals delta;
    if (!st_.has_prev) {
      delta = last ? *last : cur;
    } else if (cur == st_.prev) {
      return;
    } else if (AllGreaterOrEqual(cur, st_.prev)) {
      delta = Minus(cur, st_.prev);
    } else {
      delta = last ? *last : cur;
      st_.resets++;
    }
    st_.prev = cur;
    st_.has_prev = true;
    if (!event_model.empty()) st_.model = std::string(event_model);
    int64_t input = std::max<int64_t>(0, delta.input);
    int64_t cached = std::clamp<int64_t>(delta.cached, 0, input);
    UsageRecord r;
    r.tokens.input = input - cached;
    r.tokens.cache_read = cached;
    r.tokens.output = std::max<int64_t>(0, delta.output);
    r.tokens.reasoning = std::max<int64_t>(0, delta.reasoning);
    r.tokens.cache_write_5m = std::max<int64_t>(0, delta.cache_write);
    if (r.tokens.total() == 0) return;
    r.dedupe_key = "codex:" + st_.thread_id + ":" +
                   (st_.resets ? "r" + std::to_string(st_.resets) + ":" : std::string()) +
                   std::to_string(cur.total);
    r.ts_ms = ts;
    r.session_id = st_.session_id;
    r.project = st_.cwd;
    r.model = st_.model.empty() ? kFallbackModel : st_.model;
    r.provider = st_.provider.empty() ? kDefaultProvider : st_.provider;
    r.sidechain = !st_.subagent_id.empty();
    r.subagent_id = st_.subagent_id;
    r.turn_id = st_.turn_id;
    r.offset = offset;
    if (out_.first_ts_ms == 0 || r.ts_ms < out_.first_ts_ms) out_.first_ts_ms = r.ts_ms;
    out_.records.push_back(std::move(r));
    out_.usage_lines++;
  }

  const std::string& path_;
  ParseState st_;
  ParseOutput& out_;
};

}  // namespace

ParseOutput CodexSource::Parse(const std::string& path, std::string_view data, uint64_t base_offset,
                               std::string_view state) const {
  thread_local od::parser parser;
  ParseOutput out;
  FileParser file(path, state, out);

  auto parse_piece = [&](std::string_view json, const char* buffer_end, uint64_t offset,
                         bool recovering) -> PieceResult {
    if (json.front() != '{' || json.back() != '}') return PieceResult::kInvalid;
    if (IsSkippablePayload(json)) {
      return !recovering || IsJsonObject(json) ? PieceResult::kUsed : PieceResult::kInvalid;
    }
    Line line;
    if (!ReadLine(parser, json, buffer_end, line)) return PieceResult::kInvalid;
    file.Handle(line, offset);
    return PieceResult::kUsed;
  };

  const char* buffer_end = data.data() + data.size() + kParsePadding;
  LineScan scan = ScanLines(data, buffer_end, base_offset, parse_piece,
                            [&](uint64_t offset, const char* reason) {
                              out.malformed.push_back({offset, reason});
                            });
  out.consumed_to = scan.consumed_to;
  out.lines = scan.lines;
  out.state = EncodeState(file.state());
  return out;
}

}  // namespace receipts::sources::codex
