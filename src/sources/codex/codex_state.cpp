// See codex_state.h.
#include "sources/codex/codex_state.h"

#include <charconv>
#include <map>

namespace receipts::sources::codex {
namespace {

constexpr std::string_view kVersion = "cx1";

void Put(std::string& out, std::string_view key, std::string_view value) {
  out += ';';
  out += key;
  out += '=';
  out += std::to_string(value.size());
  out += ':';
  out += value;
}

void PutInt(std::string& out, std::string_view key, int64_t value) {
  Put(out, key, std::to_string(value));
}

int64_t ToInt(std::string_view s) {
  int64_t v = 0;
  std::from_chars(s.data(), s.data() + s.size(), v);
  return v;
}

}  // namespace

std::string EncodeState(const ParseState& s) {
  std::string out(kVersion);
  PutInt(out, "meta", s.meta_seen);
  Put(out, "thread", s.thread_id);
  Put(out, "session", s.session_id);
  Put(out, "subagent", s.subagent_id);
  Put(out, "provider", s.provider);
  Put(out, "cwd", s.cwd);
  Put(out, "model", s.model);
  Put(out, "turn", s.turn_id);
  PutInt(out, "turn_prompt", s.turn_has_prompt);
  PutInt(out, "has_prev", s.has_prev);
  PutInt(out, "in", s.prev.input);
  PutInt(out, "cached", s.prev.cached);
  PutInt(out, "out", s.prev.output);
  PutInt(out, "reasoning", s.prev.reasoning);
  PutInt(out, "total", s.prev.total);
  PutInt(out, "cache_write", s.prev.cache_write);
  PutInt(out, "resets", s.resets);
  PutInt(out, "replay", static_cast<int>(s.replay));
  PutInt(out, "replay_second", s.replay_second);
  PutInt(out, "fork_second", s.fork_second);
  PutInt(out, "foreign_meta_second", s.foreign_meta_second);
  return out;
}

ParseState DecodeState(std::string_view text) {
  ParseState s;
  if (text.substr(0, kVersion.size()) != kVersion) return s;
  std::map<std::string_view, std::string_view> kv;
  size_t pos = kVersion.size();
  while (pos < text.size() && text[pos] == ';') {
    size_t eq = text.find('=', pos);
    size_t colon = eq == std::string_view::npos ? eq : text.find(':', eq);
    if (colon == std::string_view::npos) return ParseState{};
    size_t len = static_cast<size_t>(ToInt(text.substr(eq + 1, colon - eq - 1)));
    if (colon + 1 + len > text.size()) return ParseState{};
    kv[text.substr(pos + 1, eq - pos - 1)] = text.substr(colon + 1, len);
    pos = colon + 1 + len;
  }
  auto str = [&](std::string_view k) { return std::string(kv[k]); };
  auto num = [&](std::string_view k) { return ToInt(kv[k]); };
  s.meta_seen = num("meta") != 0;
  s.thread_id = str("thread");
  s.session_id = str("session");
  s.subagent_id = str("subagent");
  s.provider = str("provider");
  s.cwd = str("cwd");
  s.model = str("model");
  s.turn_id = str("turn");
  s.turn_has_prompt = num("turn_prompt") != 0;
  s.has_prev = num("has_prev") != 0;
  s.prev = {num("in"),        num("cached"), num("out"),
            num("reasoning"), num("total"),  num("cache_write")};
  s.resets = num("resets");
  int64_t replay = num("replay");
  s.replay = replay >= 0 && replay <= 3 ? static_cast<ReplayPhase>(replay) : ReplayPhase::kNone;
  s.replay_second = num("replay_second");
  s.fork_second = kv.count("fork_second") ? num("fork_second") : -1;
  s.foreign_meta_second = kv.count("foreign_meta_second") ? num("foreign_meta_second") : -1;
  return s;
}

}  // namespace receipts::sources::codex
