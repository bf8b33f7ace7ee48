// Codex event extraction (FORMATS.md §2): session identity and spawned-worker runs, prompts
// and turns, tool calls and results (shell commands, apply_patch targets, exit codes) and
// errors. Lines copied from a parent at a fork are skipped. FileParser members; thread-compatible
// (the tool-argument and output parsers are one per thread).
#include <simdjson.h>

#include <algorithm>
#include <charconv>
#include <optional>
#include <utility>

#include "sources/codex/codex_internal.h"
#include "sources/json_lenient.h"

namespace receipts::sources::codex {
using json::LenientInt;

namespace {

constexpr size_t kHeadChars = 300;

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
  ForFields(obj, [&](std::string_view key, od::value val) {
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
      ForFields(obj, [&](std::string_view key, od::value val) {
        if (key == "output") {
          unescaped = std::string(StringOr(val));
          has_output = true;
        } else if (key == "error") {
          od::json_type t;
          if (!val.type().get(t) && t != od::json_type::null) r.is_error = true;
        } else if (key == "metadata") {
          od::object m;
          if (val.get_object().get(m)) return true;
          ForFields(m, [&](std::string_view k, od::value mv) {
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

}  // namespace

void FileParser::OnSessionMeta(const Line& line, std::optional<int64_t> ts) {
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

void FileParser::OnTurnContext(const Line& line, std::optional<int64_t> ts) {
  if (IsReplayLine(ts)) return;
  if (!line.model.empty()) st_.model = std::string(line.model);
  if (!line.cwd.empty()) st_.cwd = std::string(line.cwd);
  if (!line.turn_id.empty()) SetTurn(line.turn_id);
}

void FileParser::OnUserMessage(const Line& line, std::optional<int64_t> ts, uint64_t offset) {
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

void FileParser::OnError(const Line& line, std::optional<int64_t> ts, uint64_t offset) {
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

void FileParser::OnToolCall(const Line& line, std::optional<int64_t> ts, uint64_t offset) {
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

void FileParser::OnToolResult(const Line& line, std::optional<int64_t> ts, uint64_t offset) {
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

}  // namespace receipts::sources::codex
