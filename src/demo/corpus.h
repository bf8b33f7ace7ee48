// Internal engine of the Claude Code corpus generator: file buffers with deliberate line
// damage (emit.cpp), JSON line builders (lines.cpp) and the session/turn/call flow
// (session.cpp). One CorpusWriter per generate/append call; not thread-safe.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "demo/generator.h"
#include "demo/text.h"
#include "demo/truth_builder.h"

namespace receipts::demo {

enum class Era { kOld, kMid, kNew };  // Claude Code 1.0.x, 2.0.x, 2.1.x

struct Project {
  std::string cwd;
  std::string slug;
  std::string git_branch;
};

// Cumulative counters at the end of each physical line of a main session file (for fork
// copies, which repeat a prefix of lines verbatim and must repeat their counts).
struct LineMark {
  size_t end = 0;  // byte offset just after the '\n'
  int64_t usage = 0, synthetic = 0, malformed = 0, malformed_usage = 0;
};

struct FileBuf {
  std::string path;
  std::string text;
  bool track_marks = false;
  bool append = false;        // append to an existing file instead of creating it
  bool join_pending = false;  // the next line joins this one (a `}{` join)
  std::vector<LineMark> marks;
  LineMark totals;
};

// What a line carries, for the counters.
struct LineKind {
  int usage = 0;       // usage records on the line
  int synthetic = 0;   // <synthetic> records
  bool damageable = false;  // an assistant usage line the damage schedule may hit
};

// Usage numbers of one record as written.
struct UsageSnap {
  int64_t input = 0, cache_creation = 0, cache_5m = 0, cache_1h = 0, cache_read = 0, output = 0;
  bool split = true;
  bool final_fields = false;  // server_tool_use + iterations (final records)
  int64_t web_search = 0;
  std::string_view speed;     // "" = field absent
};

enum class BlockKind { kThinking, kText, kToolUse };

struct Block {
  BlockKind kind = BlockKind::kText;
  std::string body;  // text/thinking (escaped) or tool input JSON object
  std::string tool_name;
  std::string tool_id;
  std::string subagent_type;  // Task tool_use only
  std::string task_prompt;    // Task tool_use only (escaped)
};

// Per-file conversation context (a session trunk, or one subagent run).
struct Ctx {
  FileBuf* file = nullptr;
  const Project* project = nullptr;
  std::string session_id;
  std::string version;
  Era era = Era::kNew;
  bool sidechain = false;
  std::string agent_id;    // "" = field absent
  std::string agent_type;  // subagent_type ("" = main)
  std::string slug;        // human session slug ("" = absent)
  std::string last_uuid;   // parentUuid of the next line ("" = null)
  int64_t context = 0;     // tokens in the conversation so far
};

// A main-session call remembered for /btw replays.
struct ReplaySource {
  std::string message_id;
  std::string model;
  UsageSnap usage;
  Block block;
  std::string stop_reason;
  bool valid = false;
};

class CorpusWriter {
 public:
  CorpusWriter(std::string root, uint64_t seed, int64_t end_ms, int days, int64_t target_bytes);
  Result<Truth> Generate();
  Result<Truth> Append(int64_t start_ms);

 private:
  struct SessionPlan {
    int project = 0;
    Era era = Era::kNew;
    std::string version;
    int64_t start_ms = 0;
    int calls = 0;
    bool fork = false, btw = false, workflow = false, summary_file = false, summary_head = false;
    int cross = 0;  // 0 none, 1 UTC midnight, 2 America/New_York midnight
  };
  struct ProjectHistory {
    std::string text;  // the last trunk session file written in the project
    std::vector<LineMark> marks;
    int64_t last_ts = 0;
    std::string session_id;
    Era era = Era::kNew;
    std::string version;
  };

  // session.cpp
  SessionPlan PlanSession(int index);
  void WriteSession(const SessionPlan& plan);
  void Turn(Ctx& ctx, int calls);
  void Call(Ctx& ctx, bool last_in_turn);
  void ToolResult(Ctx& ctx, const Block& tool, const std::string& assistant_uuid);
  UsageSnap RunSubagent(Ctx& parent, const Block& task);
  void WriteBtw(Ctx& ctx);
  void WriteWorkflowJournal(const Ctx& ctx);
  void WriteSummaryFile(const Project& project);
  std::string PickModel(const Ctx& ctx);
  int64_t Advance(int64_t lo_ms, int64_t hi_ms);

  // lines.cpp
  void BeginLine(std::string& out, const Ctx& ctx, std::string_view parent_uuid);
  void EndLine(std::string& out, std::string_view type, std::string_view uuid, int64_t ts);
  void AppendMessage(std::string& out, const Ctx& ctx, std::string_view model,
                     std::string_view message_id, const Block& block,
                     std::string_view stop_reason, const UsageSnap& u);
  void AppendUsage(std::string& out, Era era, const UsageSnap& u);
  void AppendBlock(std::string& out, Era era, const Block& block);
  // A full assistant line; records it into the truth unless `record` is false.
  void AssistantLine(Ctx& ctx, std::string_view model, std::string_view message_id,
                     std::string_view request_id, const Block& block,
                     std::string_view stop_reason, const UsageSnap& u, int cost_mode,
                     double cost_usd, bool with_type);
  void SyntheticErrorLine(Ctx& ctx);
  void UserPromptLine(Ctx& ctx, std::string_view text_escaped);
  void SnapshotLine(Ctx& ctx, const std::string& message_uuid);
  void SystemLine(Ctx& ctx, std::string_view subtype);
  void QueueOperationLine(Ctx& ctx);
  void HookProgressLine(Ctx& ctx);
  void BashProgressLine(Ctx& ctx, const Block& tool);
  void AgentProgressLine(Ctx& parent, const Block& task, const Ctx& sub,
                         std::string_view embedded_message, std::string_view request_id,
                         int64_t ts);

  // emit.cpp
  FileBuf* OpenFile(const std::string& path, bool track_marks);
  void Emit(FileBuf& file, std::string_view line, LineKind kind);
  void EmitStandaloneDamage(FileBuf& file);
  Status FlushAll();
  void CopyPrefix(FileBuf& file, const ProjectHistory& from, size_t mark_index);
  void Trait(const char* name, int64_t n = 1) { truth_.traits[name] += n; }
  // True while a trait has not been written yet (forces it early, so small corpora hold all).
  bool Need(const char* name) const { return truth_.traits.count(name) == 0; }
  bool Due(int64_t& countdown, int64_t lo, int64_t hi);

  std::string root_;
  Rng rng_;
  int64_t end_ms_;
  int days_;
  int64_t target_bytes_;
  int64_t written_bytes_ = 0;  // bytes already flushed
  int64_t clock_ = 0;          // the current session's clock (UTC ms)
  std::vector<Project> projects_;
  std::vector<ProjectHistory> history_;
  std::map<std::string, std::unique_ptr<FileBuf>> files_;
  std::vector<std::string> spare_buffers_;  // reused capacity: fewer page faults at 1 GB
  TruthBuilder builder_;
  Truth truth_;
  ReplaySource replay_;
  std::string scratch_;
  std::string last_message_json_;  // `message` object of the last assistant line
  std::string last_request_id_;
  int64_t last_ts_ = 0;
  UsageSnap last_final_usage_;     // usage of the last call's last record
  int64_t session_first_ts_ = 0, session_last_ts_ = 0;
  int avg_calls_ = 10;
  std::string last_agent_id_;      // agentId of the last subagent run ("" inline)
  bool append_mode_ = false;
  bool force_task_ = false;        // the next main call spawns a subagent       // no subagents, /btw or forks while appending
  // Countdowns of the call-level and line-level traits.
  int64_t cd_no_request_id_ = 8, cd_long_ = 5, cd_exact_ = 12, cd_fast_ = 4, cd_web_ = 3,
          cd_synthetic_ = 10, cd_no_split_ = 15;
  int64_t cd_nul_ = 9, cd_join_ = 14, cd_splice_ = 19, cd_truncated_ = 24, cd_garbage_ = 7,
          cd_non_object_ = 11, cd_message_string_ = 17, cd_interleave_ = 6;
};

}  // namespace receipts::demo
