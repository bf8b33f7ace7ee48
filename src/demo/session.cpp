// Session, turn and call flow of the generator: which traits a session carries, and how one
// API call is written as streaming copies with realistic token numbers.
#include <algorithm>

#include "demo/corpus.h"

namespace receipts::demo {

namespace {

constexpr int64_t kDay = 86'400'000;
constexpr int64_t kMinute = 60'000;
constexpr int64_t kHour = 60 * kMinute;

constexpr const char* kOldVersions[] = {"1.0.17", "1.0.51"};
constexpr const char* kMidVersions[] = {"2.0.14", "2.0.29", "2.0.46"};
constexpr const char* kNewVersions[] = {"2.1.39", "2.1.76", "2.1.118"};
constexpr const char* kSlugWords[] = {"lexical", "painting", "whisper", "modular", "petting",
                                      "thompson", "quiet", "river", "amber", "falcon", "mossy",
                                      "orbit"};

const char* SonnetFor(Era era) {
  return era == Era::kOld ? "claude-sonnet-4-20250514" : "claude-sonnet-4-5-20250929";
}

}  // namespace

int64_t CorpusWriter::Advance(int64_t lo_ms, int64_t hi_ms) {
  clock_ += rng_.Range(lo_ms, hi_ms);
  return clock_;
}

CorpusWriter::SessionPlan CorpusWriter::PlanSession(int index) {
  SessionPlan p;
  int n = static_cast<int>(projects_.size());
  p.project = index < n ? index : static_cast<int>(rng_.Next() % n);
  double r = rng_.Unit();
  p.era = r < 0.15 ? Era::kOld : (r < 0.4 ? Era::kMid : Era::kNew);
  if (index == 0 || index == 4) p.era = Era::kNew;
  if (index == 1 || index == 5) p.era = Era::kMid;
  if (index == 2) p.era = Era::kOld;
  if (index == 3) p.project = 0;  // a fork of session 0
  p.fork = index == 3 || (index > 6 && rng_.Chance(0.08));
  if (p.fork && history_[p.project].marks.size() < 4) p.fork = false;
  if (p.fork) p.era = history_[p.project].era;
  switch (p.era) {
    case Era::kOld: p.version = kOldVersions[rng_.Next() % 2]; break;
    case Era::kMid: p.version = index == 1 ? "2.0.46" : kMidVersions[rng_.Next() % 3]; break;
    case Era::kNew: p.version = kNewVersions[rng_.Next() % 3]; break;
  }
  if (index == 6) p.version = "2.0.14", p.era = Era::kMid;  // inline subagents with the split
  if (p.fork) p.version = history_[p.project].version;
  p.btw = p.era == Era::kNew && (index == 0 || rng_.Chance(0.25));
  p.workflow = p.era == Era::kNew && (index == 0 || rng_.Chance(0.1));
  p.summary_file = index == 2 || rng_.Chance(0.03);
  p.summary_head = p.era == Era::kOld && rng_.Chance(0.5);
  p.cross = index == 4 ? 1 : (index == 5 ? 2 : 0);
  if (index > 6 && p.cross == 0) p.cross = rng_.Chance(0.03) ? 1 : (rng_.Chance(0.03) ? 2 : 0);
  p.calls = static_cast<int>(rng_.Range(std::max(3, avg_calls_ / 2), avg_calls_ * 3 / 2 + 1));

  int64_t span = static_cast<int64_t>(days_) * kDay;
  int64_t first = end_ms_ - span;
  int64_t last = end_ms_ - 10 * kHour;
  if (last <= first) last = first + kHour;
  p.start_ms = rng_.Range(first, last);
  if (p.cross != 0) {
    int64_t day = (p.start_ms / kDay) * kDay;
    p.start_ms = p.cross == 1 ? day + 23 * kHour + rng_.Range(15, 45) * kMinute
                              : day + 3 * kHour + rng_.Range(20, 50) * kMinute;
    while (p.start_ms > last && p.start_ms - kDay >= first) p.start_ms -= kDay;
  }
  return p;
}

void CorpusWriter::WriteSession(const SessionPlan& plan) {
  const Project& proj = projects_[plan.project];
  Ctx ctx;
  ctx.project = &proj;
  ctx.era = plan.era;
  ctx.version = plan.version;
  ctx.session_id = rng_.Uuid();
  if (plan.era == Era::kNew) {
    for (int i = 0; i < 3; ++i) {
      if (i > 0) ctx.slug += '-';
      ctx.slug += kSlugWords[rng_.Next() % (sizeof(kSlugWords) / sizeof(kSlugWords[0]))];
    }
  }
  std::string dir = root_ + "/projects/" + proj.slug;
  ctx.file = OpenFile(dir + "/" + ctx.session_id + ".jsonl", true);
  clock_ = plan.start_ms;
  replay_.valid = false;
  // The first sessions of each layout spawn a subagent for sure.
  force_task_ = plan.era == Era::kOld   ? Need("subagent_layout_a_runs")
                : plan.version == "2.0.14" ? Need("subagent_layout_a_runs")
                : plan.era == Era::kMid    ? Need("subagent_layout_b_files")
                                           : Need("subagent_layout_c_files") ||
                                                 Need("agent_progress_unique_ids") ||
                                                 Need("meta_json_files");
  session_first_ts_ = 0;
  session_last_ts_ = 0;

  if (plan.fork) {
    const ProjectHistory& h = history_[plan.project];
    size_t k = static_cast<size_t>(rng_.Range(static_cast<int64_t>(h.marks.size() * 3 / 10),
                                              static_cast<int64_t>(h.marks.size() * 7 / 10)));
    CopyPrefix(*ctx.file, h, k);
    Trait("fork_sessions");
    clock_ = h.last_ts + rng_.Range(10 * kMinute, 6 * kHour);
    if (clock_ > end_ms_ - 6 * kHour) clock_ = h.last_ts + kMinute;
  }
  if (plan.summary_head) {
    std::string s = "{\"type\":\"summary\",\"summary\":\"";
    TextPool::Get().Append(s, rng_, static_cast<size_t>(rng_.Range(20, 60)));
    s += "\",\"leafUuid\":\"" + rng_.Uuid() + "\"}";
    Emit(*ctx.file, s, LineKind{});
  }
  if (plan.era == Era::kNew) HookProgressLine(ctx);
  ctx.context = rng_.Range(12000, 30000);

  int64_t boundary = 0;
  if (plan.cross == 1) boundary = (plan.start_ms / kDay + 1) * kDay;
  if (plan.cross == 2) boundary = (plan.start_ms / kDay) * kDay + 5 * kHour;
  bool btw_done = false;
  int done = 0;
  while (done < plan.calls && clock_ < end_ms_ - 10 * kMinute) {
    if (boundary != 0 && done >= plan.calls / 2 && clock_ < boundary) {
      clock_ = boundary + rng_.Range(5, 30) * kMinute;
    }
    int n = static_cast<int>(std::min<int64_t>(rng_.Range(1, 5), plan.calls - done));
    if (boundary != 0 && done < plan.calls / 2) n = std::min(n, plan.calls / 2 - done);
    Turn(ctx, n);
    done += n;
    if (plan.btw && !btw_done && done >= plan.calls / 2 && replay_.valid) {
      WriteBtw(ctx);
      btw_done = true;
    }
    Advance(20'000, 8 * kMinute);
  }
  if (session_first_ts_ / kDay != session_last_ts_ / kDay) Trait("cross_utc_midnight_sessions");
  // America/New_York midnight is 04:00 or 05:00 UTC: count only sessions crossing both.
  if ((session_first_ts_ - 4 * kHour) / kDay != (session_last_ts_ - 4 * kHour) / kDay &&
      (session_first_ts_ - 5 * kHour) / kDay != (session_last_ts_ - 5 * kHour) / kDay) {
    Trait("cross_ny_midnight_sessions");
  }
  if (plan.workflow) WriteWorkflowJournal(ctx);
  if (plan.summary_file) WriteSummaryFile(proj);

  ProjectHistory& h = history_[plan.project];
  h.text = ctx.file->text;
  h.marks = ctx.file->marks;
  h.last_ts = clock_;
  h.session_id = ctx.session_id;
  h.era = plan.era;
  h.version = plan.version;
}

void CorpusWriter::Turn(Ctx& ctx, int calls) {
  std::string text;
  TextPool::Get().Append(text, rng_, static_cast<size_t>(rng_.LogRange(20, 600)));
  UserPromptLine(ctx, text);
  Advance(1500, 5000);
  for (int j = 0; j < calls; ++j) Call(ctx, j == calls - 1);
  if (ctx.era == Era::kNew) {
    if (rng_.Chance(0.3)) SystemLine(ctx, "stop_hook_summary");
    SystemLine(ctx, "turn_duration");
  }
  if (rng_.Chance(0.06)) QueueOperationLine(ctx);
}

std::string CorpusWriter::PickModel(const Ctx& ctx) {
  double r = rng_.Unit();
  switch (ctx.era) {
    case Era::kOld: return "claude-sonnet-4-20250514";
    case Era::kMid:
      if (ctx.sidechain) return r < 0.5 ? "claude-haiku-4-5-20251001" : SonnetFor(ctx.era);
      return r < 0.7 ? "claude-sonnet-4-5-20250929"
                     : (r < 0.85 ? "claude-haiku-4-5-20251001" : "claude-sonnet-4-20250514");
    case Era::kNew:
      if (ctx.sidechain) return r < 0.6 ? "claude-sonnet-4-5-20250929" : "claude-haiku-4-5-20251001";
      return r < 0.55 ? "claude-opus-4-6"
                      : (r < 0.85 ? "claude-sonnet-4-5-20250929" : "claude-haiku-4-5-20251001");
  }
  return "claude-sonnet-4-5-20250929";
}

void CorpusWriter::Call(Ctx& ctx, bool last_in_turn) {
  const Era era = ctx.era;
  if (!ctx.sidechain && Due(cd_synthetic_, 40, 90)) {
    SyntheticErrorLine(ctx);
    Advance(1000, 4000);
  }
  std::string model = PickModel(ctx);
  bool long_ctx = Due(cd_long_, 25, 60);
  bool exact = !long_ctx && Due(cd_exact_, 50, 120);
  if (long_ctx || exact) model = SonnetFor(era);
  bool fast = era == Era::kNew && !ctx.sidechain && !long_ctx && !exact && Due(cd_fast_, 15, 40);
  if (fast) model = "claude-opus-4-6";

  UsageSnap u;
  u.input = era == Era::kOld ? rng_.LogRange(4, 3000)
                             : (rng_.Chance(0.05) ? rng_.LogRange(100, 5000) : rng_.Range(1, 12));
  u.cache_creation = rng_.LogRange(150, 15000);
  u.cache_read = ctx.context;
  if (long_ctx) u.cache_read = rng_.Range(200'001 - u.input - u.cache_creation, 420'000);
  if (exact) u.cache_read = 200'000 - u.input - u.cache_creation;
  u.split = era != Era::kOld;
  if (era == Era::kMid && Due(cd_no_split_, 10, 30)) u.split = false;
  if (!u.split) Trait("no_cache_split_calls");
  double r = rng_.Unit();
  if (era == Era::kNew && !ctx.sidechain) {
    u.cache_1h = r < 0.85 ? u.cache_creation : (r < 0.95 ? rng_.Range(0, u.cache_creation) : 0);
  } else {
    u.cache_1h = r < 0.3 ? u.cache_creation : 0;
  }
  if (!u.split) u.cache_1h = 0;
  u.cache_5m = u.cache_creation - u.cache_1h;
  int64_t output = rng_.Chance(0.03) ? rng_.LogRange(3000, 16000) : rng_.LogRange(25, 3000);
  int64_t placeholder = rng_.Range(1, 20);
  if (fast) u.speed = "fast";
  else if (era == Era::kNew && ctx.version != "2.1.39") u.speed = "standard";
  if (era != Era::kOld && Due(cd_web_, 12, 30)) {
    u.web_search = rng_.Range(1, 5);
    Trait("web_search_calls");
  }
  bool no_request_id = Due(cd_no_request_id_, 20, 50);
  if (!long_ctx && !exact) {
    ctx.context += u.cache_creation + u.input;
  }
  if (long_ctx) Trait("long_context_calls");
  if (exact) Trait("exact_200k_calls");
  if (fast) Trait("fast_calls");
  if (no_request_id) Trait("missing_request_id_calls");

  // Old-era extras: recorded costUSD and type-less records, each written as one copy.
  int cost_mode = 0;
  bool with_type = true;
  if (era == Era::kOld) {
    double c = rng_.Unit();
    cost_mode = c < 0.35 ? 2 : (c < 0.55 ? 1 : 0);
    if (Need("cost_usd_number_calls")) cost_mode = 2;
    else if (Need("cost_usd_null_calls")) cost_mode = 1;
    if (cost_mode == 0 && !ctx.sidechain && (Need("no_type_records") || rng_.Chance(0.15))) {
      with_type = false;
    }
  }
  bool single = cost_mode != 0 || !with_type;

  std::vector<Block> blocks;
  if (era != Era::kOld && rng_.Chance(0.35)) {
    Block b;
    b.kind = BlockKind::kThinking;
    TextPool::Get().Append(b.body, rng_, static_cast<size_t>(rng_.LogRange(80, 2500)));
    blocks.push_back(std::move(b));
  }
  if (last_in_turn || rng_.Chance(0.75)) {
    Block b;
    b.kind = BlockKind::kText;
    TextPool::Get().Append(b.body, rng_, static_cast<size_t>(rng_.LogRange(30, 1500)));
    blocks.push_back(std::move(b));
  }
  int tools = last_in_turn ? 0 : (rng_.Chance(0.25) ? static_cast<int>(rng_.Range(2, 3)) : 1);
  if (single) tools = std::min(tools, 1);
  static constexpr const char* kTools[] = {"Bash", "Read", "Edit", "Grep", "Read", "Bash",
                                           "Glob", "TodoWrite", "WebFetch", "Write"};
  static constexpr const char* kAgents[] = {"general-purpose", "Explore", "Plan",
                                            "code-reviewer", "claude-code-guide"};
  for (int t = 0; t < tools; ++t) {
    Block b;
    b.kind = BlockKind::kToolUse;
    b.tool_id = rng_.ToolUseId();
    bool task = t == 0 && !ctx.sidechain && !append_mode_ && (force_task_ || rng_.Chance(0.12));
    if (task) force_task_ = false;
    b.tool_name = task ? "Task" : kTools[rng_.Next() % (sizeof(kTools) / sizeof(kTools[0]))];
    std::string arg;
    TextPool::Get().Append(arg, rng_, static_cast<size_t>(rng_.LogRange(10, 200)));
    if (task) {
      b.subagent_type = kAgents[rng_.Next() % (sizeof(kAgents) / sizeof(kAgents[0]))];
      TextPool::Get().Append(b.task_prompt, rng_, static_cast<size_t>(rng_.LogRange(60, 800)));
      b.body = "{\"description\":\"" + std::string(SafePrefix(arg, 40)) + "\",\"subagent_type\":\"" +
               b.subagent_type + "\",\"prompt\":\"" + b.task_prompt + "\"}";
    } else if (b.tool_name == "Bash") {
      b.body = "{\"command\":\"npm run test -- " + arg + "\",\"description\":\"Run tests\"}";
    } else {
      b.body = "{\"file_path\":\"" + ctx.project->cwd + "/src/index.ts\",\"pattern\":\"" +
               arg + "\"}";
    }
    blocks.push_back(std::move(b));
  }
  if (blocks.empty()) {
    Block b;
    TextPool::Get().Append(b.body, rng_, 80);
    blocks.push_back(std::move(b));
  }
  if (single) blocks.erase(blocks.begin(), blocks.end() - 1);
  bool no_final = ctx.sidechain && blocks.size() > 1 &&
                  (Need("subagent_no_final_calls") || rng_.Chance(0.2));
  if (no_final) Trait("subagent_no_final_calls");
  if (blocks.size() > 1) Trait("streaming_copy_calls");
  if (cost_mode == 2) Trait("cost_usd_number_calls");
  if (cost_mode == 1) Trait("cost_usd_null_calls");
  if (!with_type) Trait("no_type_records");

  std::string message_id = rng_.MessageId();
  std::string request_id = no_request_id ? std::string() : rng_.RequestId();
  bool has_tool = tools > 0;
  std::vector<bool> result_done(blocks.size(), false);
  Advance(1500, 6000);
  if (session_first_ts_ == 0) session_first_ts_ = clock_;
  std::string assistant_uuid;
  for (size_t i = 0; i < blocks.size(); ++i) {
    bool final = i + 1 == blocks.size() && !no_final;
    UsageSnap snap = u;
    snap.output = final ? output : placeholder;
    snap.final_fields = final && era != Era::kOld;
    if (!final) snap.web_search = 0;
    std::string_view stop = final ? (has_tool ? "tool_use" : "end_turn") : "";
    double cost_usd = 0;
    if (cost_mode == 2) {
      TokenCounts t{u.input, output, u.cache_creation, 0, u.cache_read, 0};
      cost_usd = static_cast<double>(
                     ExpectedCostNanos(model, t, 0, "").value_or(0) *
                     rng_.Range(90, 110) / 100) / 1e9;
    }
    AssistantLine(ctx, model, message_id, request_id, blocks[i], stop, snap, cost_mode,
                  cost_usd, with_type);
    assistant_uuid = ctx.last_uuid;
    if (i + 1 == blocks.size()) last_final_usage_ = snap;
    if (i + 1 < blocks.size() && blocks[i].kind == BlockKind::kToolUse &&
        blocks[i].tool_name != "Task" && Due(cd_interleave_, 3, 10)) {
      ToolResult(ctx, blocks[i], assistant_uuid);  // a tool_result between two copies
      result_done[i] = true;
      Trait("interleaved_tool_results");
    }
    if (i + 1 < blocks.size()) Advance(50, 2500);
  }
  session_last_ts_ = clock_;
  if (!ctx.sidechain && era == Era::kNew && !no_final) {
    replay_.message_id = message_id;
    replay_.model = model;
    replay_.usage = last_final_usage_;
    replay_.block = blocks.back();
    replay_.stop_reason = has_tool ? "tool_use" : "end_turn";
    replay_.valid = true;
  }
  for (size_t i = 0; i < blocks.size(); ++i) {
    if (blocks[i].kind == BlockKind::kToolUse && !result_done[i]) {
      ToolResult(ctx, blocks[i], assistant_uuid);
    }
  }
  if (!ctx.sidechain && era != Era::kOld && ctx.context > 170'000) {
    SystemLine(ctx, "compact_boundary");
    ctx.context = rng_.Range(15'000, 30'000);
  }
}

}  // namespace receipts::demo
