// BatchWriter::WriteEvents: prompts, tool calls and results, subagent runs, errors and rate
// limits, with every free text redacted before it reaches the store.
#include "ingest/writer.h"
#include "redact/redact.h"

namespace receipts::ingest {

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
        "subagent_id) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) ON CONFLICT DO NOTHING");
    for (const auto& p : out.prompts) {
      auto ref = session(p.session_id);
      if (!ref.ok()) return ref.status();
      std::string clean = redact::Redact(p.text);
      st.Bind(1, agent).Bind(2, p.turn_id).Bind(3, ref.value()).Bind(4, p.ts_ms);
      if (options_.store_text) st.Bind(5, clean); else st.BindNull(5);
      st.Bind(6, redact::Hash(clean)).Bind(7, static_cast<int64_t>(p.text.size()))
          .Bind(8, int64_t(p.sidechain)).Bind(9, p.subagent_id);
      if (Status s = st.Run(); !s.ok()) return Status::Error("writing a prompt failed: " + s.message());
    }
  }
  if (!out.tool_calls.empty()) {
    store::Stmt& st = Prep(
        "INSERT INTO tool_calls(agent, tool_use_id, session_ref, turn_id, call_key, ts_ms, name, "
        "target, input_bytes, sidechain, subagent_id) "
        "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11) ON CONFLICT DO NOTHING");
    for (const auto& t : out.tool_calls) {
      auto ref = session(t.session_id);
      if (!ref.ok()) return ref.status();
      std::string id = t.tool_use_id.empty()
                           ? "f:" + std::to_string(f.file_id) + ":" + std::to_string(t.offset)
                           : t.tool_use_id;
      st.Bind(1, agent).Bind(2, id).Bind(3, ref.value()).Bind(4, t.turn_id).Bind(5, t.call_key)
          .Bind(6, t.ts_ms).Bind(7, t.name).Bind(8, redact::Redact(t.target))
          .Bind(9, t.input_bytes).Bind(10, int64_t(t.sidechain)).Bind(11, t.subagent_id);
      if (Status s = st.Run(); !s.ok()) return Status::Error("writing a tool call failed: " + s.message());
    }
  }
  if (!out.tool_results.empty()) {
    store::Stmt& st = Prep(R"sql(
INSERT INTO tool_results(agent, tool_use_id, ts_ms, result_bytes, is_error, head)
VALUES(?1, ?2, ?3, ?4, ?5, ?6)
ON CONFLICT(agent, tool_use_id) DO UPDATE SET
  result_bytes = max(result_bytes, excluded.result_bytes),
  is_error = max(is_error, excluded.is_error))sql");
    for (const auto& r : out.tool_results) {
      st.Bind(1, agent).Bind(2, r.tool_use_id).Bind(3, r.ts_ms).Bind(4, r.result_bytes)
          .Bind(5, int64_t(r.is_error)).Bind(6, redact::Redact(r.head));
      if (Status s = st.Run(); !s.ok()) return Status::Error("writing a tool result failed: " + s.message());
    }
  }
  if (!out.subagent_runs.empty()) {
    store::Stmt& st = Prep(R"sql(
INSERT INTO subagent_runs(agent, run_key, agent_id, tool_use_id, session_ref, type, description, ts_ms)
VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
ON CONFLICT(agent, run_key) DO UPDATE SET
  agent_id = CASE WHEN excluded.agent_id <> '' THEN excluded.agent_id ELSE agent_id END,
  type = CASE WHEN excluded.type <> '' THEN excluded.type ELSE type END,
  description = CASE WHEN excluded.description <> '' THEN excluded.description ELSE description END,
  ts_ms = CASE WHEN ts_ms = 0 OR (excluded.ts_ms > 0 AND excluded.ts_ms < ts_ms)
               THEN excluded.ts_ms ELSE ts_ms END)sql");
    for (const auto& r : out.subagent_runs) {
      if (r.agent_id.empty() && r.tool_use_id.empty()) continue;
      auto ref = session(r.session_id);
      if (!ref.ok()) return ref.status();
      std::string key = r.tool_use_id.empty() ? "a:" + r.agent_id : "t:" + r.tool_use_id;
      st.Bind(1, agent).Bind(2, key).Bind(3, r.agent_id).Bind(4, r.tool_use_id)
          .Bind(5, ref.value()).Bind(6, r.type).Bind(7, redact::Redact(r.description))
          .Bind(8, r.ts_ms);
      if (Status s = st.Run(); !s.ok()) return Status::Error("writing a subagent run failed: " + s.message());
    }
  }
  if (!out.errors.empty()) {
    store::Stmt& st = Prep(
        "INSERT INTO errors(agent, error_key, session_ref, turn_id, ts_ms, kind, message, "
        "tool_use_id) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) ON CONFLICT DO NOTHING");
    for (const auto& e : out.errors) {
      auto ref = session(e.session_id);
      if (!ref.ok()) return ref.status();
      std::string key = !e.tool_use_id.empty()
                            ? "tool:" + e.tool_use_id
                            : e.kind + ":" + std::to_string(f.file_id) + ":" + std::to_string(e.offset);
      st.Bind(1, agent).Bind(2, key).Bind(3, ref.value()).Bind(4, e.turn_id).Bind(5, e.ts_ms)
          .Bind(6, e.kind).Bind(7, redact::Redact(e.message)).Bind(8, e.tool_use_id);
      if (Status s = st.Run(); !s.ok()) return Status::Error("writing an error failed: " + s.message());
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
