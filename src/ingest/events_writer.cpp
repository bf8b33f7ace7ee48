// BatchWriter::WriteEvents: prompts, tool calls and results, subagent runs, errors and rate
// limits, with every free text redacted before it reaches the store.
#include "ingest/writer.h"
#include "redact/redact.h"

#include <unordered_map>

namespace receipts::ingest {
namespace {

// `[branch 1a2b3c4] message`: what `git commit` prints first. The commits view reads the
// commit's sha from it; other results keep no text (their size and error flag suffice).
bool LooksLikeCommitOutput(const std::string& head) {
  size_t i = head.find_first_not_of(" \t\r\n");
  return i != std::string::npos && head[i] == '[' && head.find(']', i) != std::string::npos;
}

// The store's key of a subagent run ("" = none: skipped).
std::string RunKey(const sources::SubagentRunRecord& r) {
  if (r.agent_id.empty() && r.tool_use_id.empty()) return "";
  return r.tool_use_id.empty() ? "a:" + r.agent_id : "t:" + r.tool_use_id;
}

// Folds the copies of each run in one file into its first, as the store's merge would fold
// them one after another (a known id, type or description replaces the one before; the
// earliest time wins): a subagent is mentioned on many lines, and each was an UPDATE.
void MergeRuns(std::vector<sources::SubagentRunRecord>& runs) {
  if (runs.size() < 2) return;
  std::unordered_map<std::string, size_t> first;
  std::vector<sources::SubagentRunRecord> merged;
  merged.reserve(runs.size());
  for (auto& r : runs) {
    std::string key = RunKey(r);
    if (key.empty()) continue;
    auto [it, inserted] = first.try_emplace(std::move(key), merged.size());
    if (inserted) {
      merged.push_back(std::move(r));
      continue;
    }
    sources::SubagentRunRecord& m = merged[it->second];
    if (!r.agent_id.empty()) m.agent_id = std::move(r.agent_id);
    if (!r.type.empty()) m.type = std::move(r.type);
    if (!r.description.empty()) m.description = std::move(r.description);
    if (m.ts_ms == 0 || (r.ts_ms > 0 && r.ts_ms < m.ts_ms)) m.ts_ms = r.ts_ms;
  }
  runs = std::move(merged);
}

}  // namespace

void PrepareTexts(ParsedFile& f) {
  sources::ParseOutput& out = f.output;
  MergeRuns(out.subagent_runs);
  f.prompt_chars.clear();
  f.prompt_hashes.clear();
  std::string clean;
  for (auto& p : out.prompts) {
    f.prompt_chars.push_back(static_cast<int64_t>(p.text.size()));
    clean.clear();
    redact::RedactTo(p.text, &clean);
    p.text.swap(clean);
    f.prompt_hashes.push_back(redact::Hash(p.text));
  }
  auto in_place = [&clean](std::string& text) {
    clean.clear();
    redact::RedactTo(text, &clean);
    text.swap(clean);
  };
  for (auto& t : out.tool_calls) in_place(t.target);
  for (auto& r : out.tool_results) {
    if (LooksLikeCommitOutput(r.head)) in_place(r.head);
    else r.head.clear();
  }
  for (auto& r : out.subagent_runs) in_place(r.description);
  for (auto& e : out.errors) in_place(e.message);
  f.texts_ready = true;
}

Status BatchWriter::WriteEvents(const ParsedFile& f) {
  const sources::ParseOutput& out = f.output;
  const std::string& agent = f.agent;
  // Events come in long runs of one session: resolve each run once.
  std::string last_id;
  int64_t last_ref = 0;
  auto session = [&](const std::string& id) -> Result<int64_t> {
    if (last_ref && id == last_id) return last_ref;
    int64_t ref = KnownSession(agent, id);
    if (!ref) {
      auto created = SessionRef(agent, id, "", 0, 0);
      if (!created.ok()) return created.status();
      ref = created.value();
    }
    last_id = id;
    last_ref = ref;
    return ref;
  };
  if (!out.prompts.empty()) {
    store::Stmt& st = Prep(
        "INSERT INTO prompts(agent, turn_id, session_ref, ts_ms, text, text_hash, chars, sidechain, "
        "subagent_id, key_hash) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)");
    for (size_t i = 0; i < out.prompts.size(); ++i) {
      const auto& p = out.prompts[i];
      auto stored = keys_.Find(KeyTable::kPrompts, agent, p.turn_id);
      if (!stored.ok()) return stored.status();
      if (stored.value().rowid) continue;  // the first copy of a prompt is kept
      auto ref = session(p.session_id);
      if (!ref.ok()) return ref.status();
      st.BindView(1, agent).BindView(2, p.turn_id).Bind(3, ref.value()).Bind(4, p.ts_ms);
      if (options_.store_text) st.BindView(5, p.text); else st.BindNull(5);
      st.BindView(6, f.prompt_hashes[i]).Bind(7, f.prompt_chars[i])
          .Bind(8, int64_t(p.sidechain)).BindView(9, p.subagent_id).Bind(10, stored.value().hash);
      if (Status s = st.Run(); !s.ok()) return Status::Error("writing a prompt failed: " + s.message());
      keys_.Added(KeyTable::kPrompts, stored.value(), agent, p.turn_id, db_.LastInsertId());
    }
  }
  if (!out.tool_calls.empty()) {
    store::Stmt& st = Prep(
        "INSERT INTO tool_calls(agent, tool_use_id, session_ref, turn_id, call_key, ts_ms, name, "
        "target, input_bytes, sidechain, subagent_id, key_hash) "
        "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)");
    for (const auto& t : out.tool_calls) {
      std::string id = t.tool_use_id.empty()
                           ? "f:" + std::to_string(f.file_id) + ":" + std::to_string(t.offset)
                           : t.tool_use_id;
      auto stored = keys_.Find(KeyTable::kToolCalls, agent, id);
      if (!stored.ok()) return stored.status();
      if (stored.value().rowid) continue;
      auto ref = session(t.session_id);
      if (!ref.ok()) return ref.status();
      st.BindView(1, agent).BindView(2, id).Bind(3, ref.value()).BindView(4, t.turn_id).BindView(5, t.call_key)
          .Bind(6, t.ts_ms).BindView(7, t.name).BindView(8, t.target)
          .Bind(9, t.input_bytes).Bind(10, int64_t(t.sidechain)).BindView(11, t.subagent_id)
          .Bind(12, stored.value().hash);
      if (Status s = st.Run(); !s.ok()) return Status::Error("writing a tool call failed: " + s.message());
      keys_.Added(KeyTable::kToolCalls, stored.value(), agent, id, db_.LastInsertId());
    }
  }
  if (!out.tool_results.empty()) {
    store::Stmt& ins = Prep(
        "INSERT INTO tool_results(agent, tool_use_id, ts_ms, result_bytes, is_error, head, "
        "key_hash) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7)");
    store::Stmt& merge = Prep(
        "UPDATE tool_results SET result_bytes = max(result_bytes, ?2), "
        "is_error = max(is_error, ?3) WHERE rowid = ?1");
    for (const auto& r : out.tool_results) {
      auto stored = keys_.Find(KeyTable::kToolResults, agent, r.tool_use_id);
      if (!stored.ok()) return stored.status();
      Status s;
      if (stored.value().rowid) {
        s = merge.Bind(1, stored.value().rowid).Bind(2, r.result_bytes).Bind(3, int64_t(r.is_error)).Run();
      } else {
        ins.BindView(1, agent).BindView(2, r.tool_use_id).Bind(3, r.ts_ms).Bind(4, r.result_bytes)
            .Bind(5, int64_t(r.is_error)).BindView(6, r.head)
            .Bind(7, stored.value().hash);
        s = ins.Run();
        if (s.ok()) keys_.Added(KeyTable::kToolResults, stored.value(), agent, r.tool_use_id, db_.LastInsertId());
      }
      if (!s.ok()) return Status::Error("writing a tool result failed: " + s.message());
    }
  }
  if (!out.subagent_runs.empty()) {
    store::Stmt& ins = Prep(R"sql(
INSERT INTO subagent_runs(agent, run_key, agent_id, tool_use_id, session_ref, type, description, ts_ms,
                          key_hash)
VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9))sql");
    // What each copy adds: the ids, type and description it knows, and the earliest time.
    store::Stmt& merge = Prep(R"sql(
UPDATE subagent_runs SET
  agent_id = CASE WHEN ?3 <> '' THEN ?3 ELSE agent_id END,
  type = CASE WHEN ?6 <> '' THEN ?6 ELSE type END,
  description = CASE WHEN ?7 <> '' THEN ?7 ELSE description END,
  ts_ms = CASE WHEN ts_ms = 0 OR (?8 > 0 AND ?8 < ts_ms) THEN ?8 ELSE ts_ms END
WHERE rowid = ?10)sql");
    for (const auto& r : out.subagent_runs) {
      std::string key = RunKey(r);
      if (key.empty()) continue;
      auto ref = session(r.session_id);
      if (!ref.ok()) return ref.status();
      auto stored = keys_.Find(KeyTable::kSubagentRuns, agent, key);
      if (!stored.ok()) return stored.status();
      const KeyMatch& at = stored.value();
      store::Stmt& st = at.rowid ? merge : ins;
      st.Bind(1, agent).Bind(2, key).Bind(3, r.agent_id).Bind(4, r.tool_use_id)
          .Bind(5, ref.value()).Bind(6, r.type).BindView(7, r.description)
          .Bind(8, r.ts_ms).Bind(9, at.hash);
      if (at.rowid) st.Bind(10, at.rowid);
      if (Status s = st.Run(); !s.ok()) return Status::Error("writing a subagent run failed: " + s.message());
      if (!at.rowid) keys_.Added(KeyTable::kSubagentRuns, at, agent, key, db_.LastInsertId());
    }
  }
  if (!out.errors.empty()) {
    store::Stmt& st = Prep(
        "INSERT INTO errors(agent, error_key, session_ref, turn_id, ts_ms, kind, message, "
        "tool_use_id, key_hash) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)");
    for (const auto& e : out.errors) {
      std::string key = !e.tool_use_id.empty()
                            ? "tool:" + e.tool_use_id
                            : e.kind + ":" + std::to_string(f.file_id) + ":" + std::to_string(e.offset);
      auto stored = keys_.Find(KeyTable::kErrors, agent, key);
      if (!stored.ok()) return stored.status();
      if (stored.value().rowid) continue;
      auto ref = session(e.session_id);
      if (!ref.ok()) return ref.status();
      st.Bind(1, agent).Bind(2, key).Bind(3, ref.value()).Bind(4, e.turn_id).Bind(5, e.ts_ms)
          .Bind(6, e.kind).BindView(7, e.message).Bind(8, e.tool_use_id)
          .Bind(9, stored.value().hash);
      if (Status s = st.Run(); !s.ok()) return Status::Error("writing an error failed: " + s.message());
      keys_.Added(KeyTable::kErrors, stored.value(), agent, key, db_.LastInsertId());
    }
  }
  if (!out.rate_limits.empty()) {
    store::Stmt& st = Prep(
        "INSERT INTO rate_limits(agent, session_ref, ts_ms, limit_id, window_minutes, "
        "used_percent, resets_at_ms, plan) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) "
        "ON CONFLICT DO NOTHING");
    for (const auto& l : out.rate_limits) {
      auto ref = session(l.session_id);
      if (!ref.ok()) return ref.status();
      st.Bind(1, agent).Bind(2, ref.value()).Bind(3, l.ts_ms).Bind(4, l.limit_id)
          .Bind(5, l.window_minutes).Bind(6, l.used_percent).Bind(7, l.resets_at_ms).Bind(8, l.plan);
      if (Status s = st.Run(); !s.ok()) return Status::Error("writing a rate limit failed: " + s.message());
    }
  }
  return Status::Ok();
}

}  // namespace receipts::ingest
