// JSON text of every Claude Code line type the generator writes, built with fmt directly for
// speed. Field order and shapes follow the real 1.0.17 / 2.0.46 / 2.1.39 fixtures.
#include <fmt/format.h>

#include "demo/corpus.h"

namespace receipts::demo {

namespace {

void Str(std::string& out, std::string_view key, std::string_view value) {
  out += '"';
  out += key;
  out += "\":\"";
  out += value;
  out += "\",";
}

}  // namespace

void CorpusWriter::BeginLine(std::string& out, const Ctx& ctx, std::string_view parent_uuid) {
  out.clear();
  out += "{\"parentUuid\":";
  if (parent_uuid.empty()) {
    out += "null,";
  } else {
    out += '"';
    out += parent_uuid;
    out += "\",";
  }
  out += ctx.sidechain ? "\"isSidechain\":true," : "\"isSidechain\":false,";
  out += "\"userType\":\"external\",";
  Str(out, "cwd", ctx.project->cwd);
  Str(out, "sessionId", ctx.session_id);
  Str(out, "version", ctx.version);
  Str(out, "gitBranch", ctx.project->git_branch);
  if (!ctx.agent_id.empty()) Str(out, "agentId", ctx.agent_id);
  if (!ctx.slug.empty()) Str(out, "slug", ctx.slug);
}

void CorpusWriter::EndLine(std::string& out, std::string_view type, std::string_view uuid,
                           int64_t ts) {
  Str(out, "type", type);
  Str(out, "uuid", uuid);
  out += "\"timestamp\":\"";
  AppendIso8601(out, ts);
  out += "\"}";
}

void CorpusWriter::AppendUsage(std::string& out, Era era, const UsageSnap& u) {
  auto it = std::back_inserter(out);
  fmt::format_to(it,
                 "\"usage\":{{\"input_tokens\":{},\"cache_creation_input_tokens\":{},"
                 "\"cache_read_input_tokens\":{},",
                 u.input, u.cache_creation, u.cache_read);
  if (era == Era::kOld) {
    fmt::format_to(it, "\"output_tokens\":{},\"service_tier\":\"standard\"}}", u.output);
    return;
  }
  if (!u.final_fields) {
    if (u.split) {
      fmt::format_to(it,
                     "\"cache_creation\":{{\"ephemeral_5m_input_tokens\":{},"
                     "\"ephemeral_1h_input_tokens\":{}}},",
                     u.cache_5m, u.cache_1h);
    }
    fmt::format_to(it, "\"output_tokens\":{},\"service_tier\":\"standard\"", u.output);
    if (era == Era::kNew) out += ",\"inference_geo\":\"not_available\"";
  } else {
    fmt::format_to(it,
                   "\"output_tokens\":{},\"server_tool_use\":{{\"web_search_requests\":{},"
                   "\"web_fetch_requests\":{}}},\"service_tier\":\"standard\"",
                   u.output, u.web_search, u.web_search > 0 ? 0 : (u.output % 3 == 0 ? 1 : 0));
    if (u.split) {
      fmt::format_to(it,
                     ",\"cache_creation\":{{\"ephemeral_1h_input_tokens\":{},"
                     "\"ephemeral_5m_input_tokens\":{}}}",
                     u.cache_1h, u.cache_5m);
    }
    if (era == Era::kNew) out += ",\"inference_geo\":\"\",\"iterations\":[]";
  }
  if (!u.speed.empty()) {
    out += ",\"speed\":\"";
    out += u.speed;
    out += '"';
  }
  out += '}';
}

void CorpusWriter::AppendBlock(std::string& out, Era era, const Block& b) {
  switch (b.kind) {
    case BlockKind::kThinking:
      out += "{\"type\":\"thinking\",\"thinking\":\"";
      out += b.body;
      out += "\",\"signature\":\"Eu8B";
      rng_.AppendBase62(out, 120);
      out += "\"}";
      break;
    case BlockKind::kText:
      out += "{\"type\":\"text\",\"text\":\"";
      out += b.body;
      out += "\"}";
      break;
    case BlockKind::kToolUse:
      out += "{\"type\":\"tool_use\",\"id\":\"";
      out += b.tool_id;
      out += "\",\"name\":\"";
      out += b.tool_name;
      out += "\",\"input\":";
      out += b.body;
      out += era == Era::kNew ? ",\"caller\":{\"type\":\"direct\"}}" : "}";
      break;
  }
}

void CorpusWriter::AppendMessage(std::string& out, const Ctx& ctx, std::string_view model,
                                 std::string_view message_id, const Block& block,
                                 std::string_view stop_reason, const UsageSnap& u) {
  if (ctx.era == Era::kOld) {
    out += "{\"id\":\"";
    out += message_id;
    out += "\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"";
    out += model;
    out += "\",\"content\":[";
  } else {
    out += "{\"model\":\"";
    out += model;
    out += "\",\"id\":\"";
    out += message_id;
    out += "\",\"type\":\"message\",\"role\":\"assistant\",\"content\":[";
  }
  AppendBlock(out, ctx.era, block);
  out += "],\"stop_reason\":";
  if (stop_reason.empty()) {
    out += "null";
  } else {
    out += '"';
    out += stop_reason;
    out += '"';
  }
  out += ",\"stop_sequence\":null,";
  AppendUsage(out, ctx.era, u);
  out += '}';
}

void CorpusWriter::AssistantLine(Ctx& ctx, std::string_view model, std::string_view message_id,
                                 std::string_view request_id, const Block& block,
                                 std::string_view stop_reason, const UsageSnap& u,
                                 int cost_mode, double cost_usd, bool with_type) {
  std::string& out = scratch_;
  std::string uuid = rng_.Uuid();
  int64_t ts = clock_;
  if (with_type) {
    BeginLine(out, ctx, ctx.last_uuid);
  } else {
    // ccusage-synthetic style: no `type`, a minimal envelope.
    out.clear();
    out += '{';
    out += "\"timestamp\":\"";
    AppendIso8601(out, ts);
    out += "\",";
    Str(out, "sessionId", ctx.session_id);
    Str(out, "cwd", ctx.project->cwd);
  }
  out += "\"message\":";
  size_t message_start = out.size();
  AppendMessage(out, ctx, model, message_id, block, stop_reason, u);
  last_message_json_.assign(out, message_start, out.size() - message_start);
  last_request_id_ = request_id;
  last_ts_ = ts;
  out += ',';
  if (!request_id.empty()) Str(out, "requestId", request_id);
  if (cost_mode == 1) out += "\"costUSD\":null,";
  if (cost_mode == 2) fmt::format_to(std::back_inserter(out), "\"costUSD\":{},\"durationMs\":{},",
                                     cost_usd, rng_.Range(800, 40000));
  if (with_type) {
    EndLine(out, "assistant", uuid, ts);
  } else {
    Str(out, "version", ctx.version);
    out += "\"uuid\":\"";
    out += uuid;
    out += "\"}";
  }
  ctx.last_uuid = uuid;

  WrittenRecord r;
  r.message_id = message_id;
  r.ts_ms = ts;
  r.session_id = ctx.session_id;
  r.cwd = ctx.project->cwd;
  r.model = model;
  r.sidechain = ctx.sidechain;
  r.agent_type = ctx.agent_type;
  r.input = u.input;
  r.output = u.output;
  r.cache_creation = u.cache_creation;
  r.cache_1h = (u.split && ctx.era != Era::kOld) ? u.cache_1h : 0;
  r.cache_read = u.cache_read;
  r.web_search = (u.final_fields && ctx.era != Era::kOld) ? u.web_search : 0;
  r.speed = ctx.era != Era::kOld ? u.speed : std::string_view();
  if (cost_mode == 2) r.cost_usd = cost_usd;
  builder_.Add(r);
  Emit(*ctx.file, out, LineKind{1, 0, true});
}

void CorpusWriter::SyntheticErrorLine(Ctx& ctx) {
  std::string& out = scratch_;
  std::string uuid = rng_.Uuid();
  BeginLine(out, ctx, ctx.last_uuid);
  out += "\"message\":{\"id\":\"" + rng_.Uuid() +
         "\",\"model\":\"<synthetic>\",\"role\":\"assistant\",\"stop_reason\":\"stop_sequence\","
         "\"stop_sequence\":\"\",\"type\":\"message\",\"usage\":{\"input_tokens\":0,"
         "\"output_tokens\":0,\"cache_creation_input_tokens\":0,\"cache_read_input_tokens\":0,"
         "\"server_tool_use\":{\"web_search_requests\":0,\"web_fetch_requests\":0},"
         "\"service_tier\":null,\"cache_creation\":{\"ephemeral_1h_input_tokens\":0,"
         "\"ephemeral_5m_input_tokens\":0}},\"content\":[{\"type\":\"text\",\"text\":\"";
  if (rng_.Chance(0.5)) {
    fmt::format_to(std::back_inserter(out), "Claude AI usage limit reached|{}",
                   (clock_ / 1000 / 3600 + 3) * 3600);
  } else {
    out += "API Error: 529 {\\\"type\\\":\\\"error\\\",\\\"error\\\":{\\\"type\\\":"
           "\\\"overloaded_error\\\",\\\"message\\\":\\\"Overloaded\\\"}}";
  }
  out += "\"}]},\"isApiErrorMessage\":true,";
  EndLine(out, "assistant", uuid, clock_);
  ctx.last_uuid = uuid;
  Emit(*ctx.file, out, LineKind{0, 1, false});
  Trait("synthetic_errors");
}

void CorpusWriter::UserPromptLine(Ctx& ctx, std::string_view text) {
  std::string& out = scratch_;
  std::string uuid = rng_.Uuid();
  if (ctx.era == Era::kNew && !ctx.sidechain) SnapshotLine(ctx, uuid);
  BeginLine(out, ctx, ctx.last_uuid);
  out += "\"type\":\"user\",\"message\":{\"role\":\"user\",\"content\":\"";
  out += text;
  out += "\"},";
  Str(out, "uuid", uuid);
  out += "\"timestamp\":\"";
  AppendIso8601(out, clock_);
  out += '"';
  if (ctx.era != Era::kOld && !ctx.sidechain) {
    out += ",\"thinkingMetadata\":{\"maxThinkingTokens\":31999},\"todos\":[],"
           "\"permissionMode\":\"default\"";
  }
  out += '}';
  ctx.last_uuid = uuid;
  Emit(*ctx.file, out, LineKind{});
}

void CorpusWriter::SnapshotLine(Ctx& ctx, const std::string& message_uuid) {
  std::string out = "{\"type\":\"file-history-snapshot\",\"messageId\":\"" + message_uuid +
                    "\",\"snapshot\":{\"messageId\":\"" + message_uuid +
                    "\",\"trackedFileBackups\":{},\"timestamp\":\"";
  AppendIso8601(out, clock_);
  out += "\"},\"isSnapshotUpdate\":false}";
  Emit(*ctx.file, out, LineKind{});
}

void CorpusWriter::SystemLine(Ctx& ctx, std::string_view subtype) {
  std::string& out = scratch_;
  std::string uuid = rng_.Uuid();
  bool boundary = subtype == "compact_boundary";
  BeginLine(out, ctx, boundary ? std::string_view() : std::string_view(ctx.last_uuid));
  if (boundary) {
    fmt::format_to(std::back_inserter(out),
                   "\"logicalParentUuid\":\"{}\",\"type\":\"system\",\"subtype\":"
                   "\"compact_boundary\",\"content\":\"Conversation compacted\",\"isMeta\":false,"
                   "\"level\":\"info\",\"compactMetadata\":{{\"trigger\":\"auto\",\"preTokens\":{}}},",
                   ctx.last_uuid, ctx.context);
  } else if (subtype == "stop_hook_summary") {
    out += "\"type\":\"system\",\"subtype\":\"stop_hook_summary\",\"hookCount\":1,\"hookInfos\":"
           "[{\"command\":\"~/.claude/hooks/notify.sh\"}],\"hookErrors\":[],"
           "\"preventedContinuation\":false,\"stopReason\":\"\",\"hasOutput\":false,"
           "\"level\":\"suggestion\",";
  } else {
    fmt::format_to(std::back_inserter(out),
                   "\"type\":\"system\",\"subtype\":\"turn_duration\",\"durationMs\":{},"
                   "\"isMeta\":false,",
                   rng_.Range(2000, 900000));
  }
  out += "\"timestamp\":\"";
  AppendIso8601(out, clock_);
  out += "\",\"uuid\":\"" + uuid + "\"}";
  ctx.last_uuid = uuid;
  Emit(*ctx.file, out, LineKind{});
}

void CorpusWriter::QueueOperationLine(Ctx& ctx) {
  std::string out = "{\"type\":\"queue-operation\",\"operation\":\"enqueue\",\"timestamp\":\"";
  AppendIso8601(out, clock_);
  out += "\",\"sessionId\":\"" + ctx.session_id + "\",\"content\":\"";
  TextPool::Get().Append(out, rng_, static_cast<size_t>(rng_.Range(20, 200)));
  out += "\"}";
  Emit(*ctx.file, out, LineKind{});
}

void CorpusWriter::HookProgressLine(Ctx& ctx) {
  std::string& out = scratch_;
  std::string uuid = rng_.Uuid();
  std::string tool_use = rng_.Uuid();
  BeginLine(out, ctx, ctx.last_uuid);
  out += "\"type\":\"progress\",\"data\":{\"type\":\"hook_progress\",\"hookEvent\":"
         "\"SessionStart\",\"hookName\":\"SessionStart:startup\",\"command\":"
         "\"~/.claude/hooks/session-start.sh\"},";
  Str(out, "parentToolUseID", tool_use);
  Str(out, "toolUseID", tool_use);
  out += "\"timestamp\":\"";
  AppendIso8601(out, clock_);
  out += "\",\"uuid\":\"" + uuid + "\"}";
  ctx.last_uuid = uuid;
  Emit(*ctx.file, out, LineKind{});
}

void CorpusWriter::BashProgressLine(Ctx& ctx, const Block& tool) {
  std::string& out = scratch_;
  std::string uuid = rng_.Uuid();
  BeginLine(out, ctx, ctx.last_uuid);
  std::string text;
  TextPool::Get().Append(text, rng_, static_cast<size_t>(rng_.LogRange(40, 2000)));
  fmt::format_to(std::back_inserter(out),
                 "\"type\":\"progress\",\"data\":{{\"type\":\"bash_progress\",\"output\":\"{}\","
                 "\"fullOutput\":\"{}\",\"elapsedTimeSeconds\":{},\"totalLines\":{},"
                 "\"timeoutMs\":120000}},\"toolUseID\":\"bash-progress-0\","
                 "\"parentToolUseID\":\"{}\",",
                 text, text, rng_.Range(1, 60), rng_.Range(1, 400), tool.tool_id);
  out += "\"uuid\":\"" + uuid + "\",\"timestamp\":\"";
  AppendIso8601(out, clock_);
  out += "\"}";
  ctx.last_uuid = uuid;
  Emit(*ctx.file, out, LineKind{});
}

void CorpusWriter::AgentProgressLine(Ctx& parent, const Block& task, const Ctx& sub,
                                     std::string_view embedded_message,
                                     std::string_view request_id, int64_t ts) {
  std::string& out = scratch_;
  std::string uuid = rng_.Uuid();
  BeginLine(out, parent, parent.last_uuid);
  out += "\"type\":\"progress\",\"data\":{\"message\":{\"type\":\"assistant\",\"timestamp\":\"";
  AppendIso8601(out, ts);
  out += "\",\"message\":";
  out += embedded_message;
  out += ",\"requestId\":\"";
  out += request_id;
  out += "\",\"uuid\":\"" + rng_.Uuid() + "\"},\"normalizedMessages\":[],";
  out += "\"type\":\"agent_progress\",\"prompt\":\"";
  out += task.task_prompt;
  out += "\",\"agentId\":\"" + sub.agent_id + "\"},\"toolUseID\":\"agent_msg_01";
  rng_.AppendBase62(out, 22);
  out += "\",\"parentToolUseID\":\"" + task.tool_id + "\",\"uuid\":\"" + uuid +
         "\",\"timestamp\":\"";
  AppendIso8601(out, ts);
  out += "\"}";
  parent.last_uuid = uuid;
  Emit(*parent.file, out, LineKind{});
  Trait("agent_progress_embedded");
}

}  // namespace receipts::demo
