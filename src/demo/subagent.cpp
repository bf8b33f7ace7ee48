// Tool results, subagent runs in the three layouts (inline sidechain, flat agent-*.jsonl,
// <session>/subagents/), /btw replays, workflow journals and summary-only files.
#include <fmt/format.h>

#include "demo/corpus.h"

namespace receipts::demo {

namespace {

void AppendUsageObject(std::string& out, const UsageSnap& u) {
  fmt::format_to(std::back_inserter(out),
                 "{{\"input_tokens\":{},\"cache_creation_input_tokens\":{},"
                 "\"cache_read_input_tokens\":{},\"output_tokens\":{},\"server_tool_use\":"
                 "{{\"web_search_requests\":0,\"web_fetch_requests\":0}},\"service_tier\":"
                 "\"standard\",\"cache_creation\":{{\"ephemeral_1h_input_tokens\":{},"
                 "\"ephemeral_5m_input_tokens\":{}}}}}",
                 u.input, u.cache_creation, u.cache_read, u.output, u.cache_1h, u.cache_5m);
}

}  // namespace

void CorpusWriter::ToolResult(Ctx& ctx, const Block& tool, const std::string& assistant_uuid) {
  std::string agent_id;
  UsageSnap sub_usage;
  int64_t sub_started = clock_;
  if (tool.tool_name == "Task") {
    sub_usage = RunSubagent(ctx, tool);
    agent_id = last_agent_id_;
  } else if (tool.tool_name == "Bash" && ctx.era == Era::kNew && rng_.Chance(0.3)) {
    int n = static_cast<int>(rng_.Range(1, 3));
    for (int i = 0; i < n; ++i) {
      Advance(500, 3000);
      BashProgressLine(ctx, tool);
    }
  }
  Advance(100, 8000);
  std::string text;
  TextPool::Get().Append(text, rng_, static_cast<size_t>(rng_.LogRange(60, 6000)));

  std::string& out = scratch_;
  std::string uuid = rng_.Uuid();
  BeginLine(out, ctx, ctx.last_uuid);
  out += "\"type\":\"user\",\"message\":{\"role\":\"user\",\"content\":[{\"tool_use_id\":\"";
  out += tool.tool_id;
  out += "\",\"type\":\"tool_result\",\"content\":";
  auto it = std::back_inserter(out);
  if (tool.tool_name == "Task") {
    int64_t total = sub_usage.input + sub_usage.cache_creation + sub_usage.cache_read +
                    sub_usage.output;
    int64_t duration = clock_ - sub_started;
    int64_t tool_uses = rng_.Range(1, 30);
    fmt::format_to(it,
                   "[{{\"type\":\"text\",\"text\":\"{}\"}},{{\"type\":\"text\",\"text\":"
                   "\"agentId: {} (for resuming to continue this agent's work if needed)\\n"
                   "<usage>total_tokens: {}\\ntool_uses: {}\\nduration_ms: {}</usage>\"}}],"
                   "\"is_error\":false}}]}},",
                   text, agent_id, total, tool_uses, duration);
    AppendStrField(out, "uuid", uuid);
    out += "\"timestamp\":\"";
    AppendIso8601(out, clock_);
    fmt::format_to(it,
                   "\",\"toolUseResult\":{{\"status\":\"completed\",\"prompt\":\"{}\","
                   "\"agentId\":\"{}\",\"content\":[{{\"type\":\"text\",\"text\":\"{}\"}}],"
                   "\"totalDurationMs\":{},\"totalTokens\":{},\"totalToolUseCount\":{},\"usage\":",
                   tool.task_prompt, agent_id, text, duration, total, tool_uses);
    AppendUsageObject(out, sub_usage);
    out += '}';
  } else {
    out += '"';
    out += text;
    out += "\",\"is_error\":false}]},";
    AppendStrField(out, "uuid", uuid);
    out += "\"timestamp\":\"";
    AppendIso8601(out, clock_);
    out += "\",\"toolUseResult\":";
    if (tool.tool_name == "Bash") {
      fmt::format_to(it,
                     "{{\"stdout\":\"{}\",\"stderr\":\"\",\"interrupted\":false,"
                     "\"isImage\":false}}",
                     text);
    } else if (tool.tool_name == "Read") {
      int64_t lines = rng_.Range(5, 900);
      fmt::format_to(it,
                     "{{\"type\":\"text\",\"file\":{{\"filePath\":\"{}/src/index.ts\","
                     "\"content\":\"{}\",\"numLines\":{},\"startLine\":1,\"totalLines\":{}}}}}",
                     ctx.project->cwd, text, lines, lines);
    } else if (tool.tool_name == "Grep" || tool.tool_name == "Glob") {
      fmt::format_to(it,
                     "{{\"mode\":\"files_with_matches\",\"filenames\":[\"{0}/src/a.ts\","
                     "\"{0}/src/b.ts\"],\"numFiles\":2}}",
                     ctx.project->cwd);
    } else {
      fmt::format_to(it,
                     "{{\"filePath\":\"{}/src/index.ts\",\"oldString\":\"a\",\"newString\":\"b\","
                     "\"structuredPatch\":[],\"userModified\":false}}",
                     ctx.project->cwd);
    }
  }
  if (ctx.era == Era::kNew) {
    out += ",\"sourceToolAssistantUUID\":\"";
    out += assistant_uuid;
    out += '"';
  }
  out += '}';
  ctx.last_uuid = uuid;
  Emit(*ctx.file, out, LineKind{});
}

UsageSnap CorpusWriter::RunSubagent(Ctx& parent, const Block& task) {
  Ctx sub;
  sub.project = parent.project;
  sub.session_id = parent.session_id;
  sub.version = parent.version;
  sub.era = parent.era;
  sub.sidechain = true;
  sub.agent_type = task.subagent_type;
  sub.slug = parent.slug;
  sub.context = rng_.Range(8000, 20000);
  std::string dir = root_ + "/projects/" + parent.project->slug;
  bool inline_layout = parent.era == Era::kOld || parent.version == "2.0.14";
  if (inline_layout) {
    sub.file = parent.file;  // layout A: sidechain lines inside the parent file
    Trait("subagent_layout_a_runs");
  } else if (parent.era == Era::kMid) {
    sub.agent_id = rng_.Hex(8);  // layout B: flat agent-<shortId>.jsonl beside the sessions
    sub.file = OpenFile(dir + "/agent-" + sub.agent_id + ".jsonl", false);
    Trait("subagent_layout_b_files");
  } else {
    sub.agent_id = "a" + rng_.Hex(rng_.Chance(0.5) ? 7 : 16);  // layout C
    std::string base = dir + "/" + parent.session_id + "/subagents/agent-" + sub.agent_id;
    sub.file = OpenFile(base + ".jsonl", false);
    Trait("subagent_layout_c_files");
    if (Need("meta_json_files") || rng_.Chance(0.5)) {
      FileBuf* meta = OpenFile(base + ".meta.json", false);
      std::string description(SafePrefix(task.task_prompt, 40));
      meta->text = "{\"agentType\":\"" + task.subagent_type + "\",\"description\":\"" +
                   description + "\",\"toolUseId\":\"" + task.tool_id + "\"}\n";
      Trait("meta_json_files");
    }
  }
  last_agent_id_ = sub.agent_id;
  Advance(200, 1500);
  UserPromptLine(sub, task.task_prompt);
  int n = static_cast<int>(rng_.Range(2, 6));
  bool unique_embed =
      parent.era == Era::kNew && (Need("agent_progress_unique_ids") || rng_.Chance(0.3));
  for (int j = 0; j < n; ++j) {
    Call(sub, j == n - 1);
    if (parent.era == Era::kNew && rng_.Chance(0.5)) {
      // agent_progress embeds a copy of the subagent's message: must never be counted.
      AgentProgressLine(parent, task, sub, last_message_json_, last_request_id_, last_ts_);
    }
    if (unique_embed && j == 0) {
      // An embedded message whose id appears nowhere else (an interrupted record).
      std::string embedded;
      Block b;
      TextPool::Get().Append(b.body, rng_, 60);
      UsageSnap u;
      u.input = 3;
      u.cache_creation = rng_.Range(5000, 20000);
      u.cache_1h = u.cache_creation;
      u.cache_read = rng_.Range(0, 40000);
      u.output = rng_.Range(1, 20);
      AppendMessage(embedded, sub, "claude-sonnet-4-5-20250929", rng_.MessageId(), b, "", u);
      AgentProgressLine(parent, task, sub, embedded, rng_.RequestId(), clock_);
      Trait("agent_progress_unique_ids");
    }
  }
  if (inline_layout) parent.last_uuid = sub.last_uuid;
  return last_final_usage_;
}

void CorpusWriter::WriteBtw(Ctx& ctx) {
  Ctx a = ctx;
  a.sidechain = true;
  a.agent_id = "aside_question-" + rng_.Hex(16);
  a.last_uuid.clear();
  std::string dir = root_ + "/projects/" + ctx.project->slug + "/" + ctx.session_id;
  a.file = OpenFile(dir + "/subagents/agent-" + a.agent_id + ".jsonl", false);
  Advance(2000, 30000);
  std::string question = "/btw ";
  TextPool::Get().Append(question, rng_, static_cast<size_t>(rng_.Range(20, 120)));
  UserPromptLine(a, question);
  Advance(500, 3000);
  // The parent's message replayed under a NEW requestId: same message.id, counted once.
  AssistantLine(a, replay_.model, replay_.message_id, rng_.RequestId(), replay_.block,
                replay_.stop_reason, replay_.usage, 0, 0, true);
  Trait("btw_replays");
}

void CorpusWriter::WriteWorkflowJournal(const Ctx& ctx) {
  std::string run = "wf_" + rng_.Hex(12);
  std::string path = root_ + "/projects/" + ctx.project->slug + "/" + ctx.session_id +
                     "/subagents/workflows/" + run + "/journal.jsonl";
  FileBuf* f = OpenFile(path, false);
  std::string agent = "a" + rng_.Hex(16);
  auto line = [&](std::string_view body) {
    f->text += "{\"runId\":\"" + run + "\",\"timestamp\":\"";
    AppendIso8601(f->text, clock_);
    f->text += "\",";
    f->text += body;
    f->text += "}\n";
    Advance(1000, 60000);
  };
  line("\"type\":\"workflow_started\",\"workflow\":\"review-and-fix\",\"steps\":2");
  line("\"type\":\"agent_started\",\"agentId\":\"" + agent + "\",\"step\":1");
  line("\"type\":\"agent_completed\",\"agentId\":\"" + agent + "\",\"status\":\"completed\"");
  line("\"type\":\"workflow_completed\",\"status\":\"completed\"");
  Trait("workflow_journals");
}

void CorpusWriter::WriteSummaryFile(const Project& project) {
  FileBuf* f = OpenFile(root_ + "/projects/" + project.slug + "/" + rng_.Uuid() + ".jsonl", false);
  int n = static_cast<int>(rng_.Range(1, 3));
  for (int i = 0; i < n; ++i) {
    f->text += "{\"type\":\"summary\",\"summary\":\"";
    TextPool::Get().Append(f->text, rng_, static_cast<size_t>(rng_.Range(20, 80)));
    f->text += "\",\"leafUuid\":\"" + rng_.Uuid() + "\"}\n";
  }
  Trait("summary_only_files");
}

}  // namespace receipts::demo
