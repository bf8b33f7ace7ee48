// pi session logs with exact truth (FORMATS.md §4, DESIGN.md §3): <root>/sessions/--<cwd>--/
// <ISO>_<uuid>.jsonl in the current (v3) tree format, where entries carry id/parentId, and in
// the older linear format (no entry ids, no totalTokens). Pitfalls written: a positive recorded
// cost.total (the truth as recorded), cost.total 0 with tokens (priced by us), aborted requests
// that were still billed, error/aborted turns with zero usage (no call), in-place branches of the
// entry tree (every branch was billed), sessions extracted from a branch into a new file that
// re-uses the original entries (ids, timestamps and usage: they collapse into the originals), the
// older `branchedFrom` copies (new line timestamps, same message timestamps and usage), model
// changes, compactions and `!cmd` bash executions (no calls).
#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <vector>

#include "demo/agents_internal.h"
#include "demo/text.h"

namespace receipts::demo {
namespace {

using agents::Iso;
using ojson = nlohmann::ordered_json;

struct PiModel {
  const char* provider;
  const char* model;
  const char* api;
  bool cache_writes;
};

constexpr PiModel kModels[] = {
    {"anthropic", "claude-sonnet-4-5", "anthropic-messages", true},
    {"anthropic", "claude-haiku-4-5", "anthropic-messages", true},
    {"openai", "gpt-5.1-codex", "openai-responses", false},
};

// "2026-04-25T10-11-12-345Z": pi's file-name stamp (the ISO time with ':' and '.' → '-').
std::string PiStamp(int64_t ms) {
  std::string s = Iso(ms);
  std::replace(s.begin(), s.end(), ':', '-');
  std::replace(s.begin(), s.end(), '.', '-');
  return s;
}

// "--w-pi-a--": pi's session directory for a cwd.
std::string PiDir(const std::string& cwd) {
  std::string s = cwd.substr(cwd.empty() || cwd[0] != '/' ? 0 : 1);
  std::replace(s.begin(), s.end(), '/', '-');
  std::replace(s.begin(), s.end(), ':', '-');
  return "--" + s + "--";
}

double Usd(int64_t nanos) { return static_cast<double>(nanos) / 1e9; }

ojson Usage(const TokenCounts& t, int64_t cost_nanos, bool total_tokens) {
  ojson u;
  u["input"] = t.input;
  u["output"] = t.output;
  u["cacheRead"] = t.cache_read;
  u["cacheWrite"] = t.cache_write_5m;
  if (total_tokens) u["totalTokens"] = t.total();
  int64_t in = cost_nanos / 4, out = cost_nanos / 2, read = cost_nanos / 8;
  u["cost"] = {{"input", Usd(in)},
               {"output", Usd(out)},
               {"cacheRead", Usd(read)},
               {"cacheWrite", Usd(cost_nanos - in - out - read)},
               {"total", Usd(cost_nanos)}};
  return u;
}

// One pi session file being written. v3 entries form a tree: `leaf` is the parent of the next.
struct PiSession {
  std::string id, cwd, path, leaf;
  std::string home_path;  // where pi on the user's machine had it (branch headers name it)
  const PiModel* model = &kModels[0];        // in force at the leaf
  const PiModel* start_model = &kModels[0];  // in force at the start (older headers name it)
  int64_t ms = 0;
  int cost_pct = 100;  // what this session's provider bills, in % of the list price
  bool v3 = true;
  std::string header;
  std::vector<ojson> lines;             // entries in file order (header excluded)
  std::vector<int> calls;               // per line: 1 when it carries a call's usage
  std::map<std::string, size_t> index;  // entry id → line
  std::vector<std::string> turn_ends;   // the leaf after each turn
};

class PiWriter {
 public:
  PiWriter(const GeneratorOptions& o, Truth& truth)
      : o_(o), truth_(truth), rng_(o.seed * 0x9E6C63D0676A9A99ull + 0x9150) {}

  Status Run() {
    int64_t end = agents::EndMs(o_);
    int64_t span = agents::SpanMs(o_);
    static const char* kProjects[] = {"/w/pi-a", "/w/pi-b", "/w/pi-c"};
    for (int n = 0; n < 8 || truth_.bytes < o_.target_bytes; ++n) {
      PiSession s;
      s.id = rng_.Uuid();
      s.cwd = kProjects[rng_.Range(0, 2)];
      s.ms = end - span + rng_.Range(0, span - 6 * 3'600'000);
      s.v3 = !(n == 1 || (n > 2 && rng_.Chance(0.2)));
      s.model = s.start_model = &kModels[rng_.Range(0, 2)];
      s.cost_pct = static_cast<int>(rng_.Range(80, 130));
      SetPath(s);
      ojson header = {{"type", "session"}};
      if (s.v3) {
        header["version"] = 3;
        header["id"] = s.id;
        header["timestamp"] = Iso(s.ms);
        header["cwd"] = s.cwd;
      } else {  // the older linear format: model in the header, no version
        header["id"] = s.id;
        header["timestamp"] = Iso(s.ms);
        header["cwd"] = s.cwd;
        header["provider"] = s.model->provider;
        header["modelId"] = s.model->model;
        header["thinkingLevel"] = "off";
      }
      s.header = header.dump();
      if (s.v3) {
        ojson change = Entry(s, "model_change", s.ms + 5);
        change["provider"] = s.model->provider;
        change["modelId"] = s.model->model;
        Push(s, std::move(change));
      }
      Turns(s, static_cast<int>(rng_.Range(2, 6)));
      if (Status st = Write(s); !st.ok()) return st;
      bool branch = n == 0 || n == 1 || rng_.Chance(0.3);
      if (branch && !s.turn_ends.empty()) {
        if (Status st = s.v3 ? BranchFile(s) : OldBranchFile(s); !st.ok()) return st;
      }
    }
    agents::SortCalls(truth_);
    return Status::Ok();
  }

 private:
  // <root>/sessions/--<cwd>--/<ISO>_<uuid>.jsonl, and the same under the user's ~/.pi/agent.
  void SetPath(PiSession& s) const {
    std::string rel = fmt::format("sessions/{}/{}_{}.jsonl", PiDir(s.cwd), PiStamp(s.ms), s.id);
    s.path = o_.root + "/" + rel;
    s.home_path = "/home/dev/.pi/agent/" + rel;
  }

  // A v3 entry's envelope, a child of the leaf; older files have no id/parentId.
  ojson Entry(PiSession& s, const char* type, int64_t line_ms) {
    ojson e = {{"type", type}};
    if (s.v3) {
      e["id"] = NewId(s);
      e["parentId"] = s.leaf.empty() ? ojson(nullptr) : ojson(s.leaf);
    }
    e["timestamp"] = Iso(line_ms);
    return e;
  }

  std::string NewId(const PiSession& s) {
    for (;;) {
      std::string id = rng_.Hex(8);
      if (!s.index.count(id)) return id;
    }
  }

  void Push(PiSession& s, ojson e, int calls = 0) {
    if (s.v3) {
      std::string id = e["id"].get<std::string>();
      s.index[id] = s.lines.size();
      s.leaf = id;
    }
    s.lines.push_back(std::move(e));
    s.calls.push_back(calls);
  }

  std::string Filler(size_t bytes) { return agents::PlainFiller(rng_, bytes); }

  // Writes `turns` user turns at the leaf, each with 1-4 assistant requests.
  void Turns(PiSession& s, int turns) {
    for (int turn = 0; turn < turns; ++turn) {
      s.ms += rng_.Range(5'000, 600'000);
      if (s.v3 && s.turn_ends.size() >= 2 && (First("tree_branch") || rng_.Chance(0.25))) {
        // /tree: back to an earlier point, with a summary of the abandoned branch. Both
        // branches were billed, so both count.
        truth_.traits["tree_branch"]++;
        std::string target =
            s.turn_ends[rng_.Range(0, static_cast<int64_t>(s.turn_ends.size()) - 2)];
        s.leaf = target;
        ojson summary = Entry(s, "branch_summary", s.ms);
        summary["fromId"] = target;
        summary["summary"] = "Tried another approach: " + Filler(80);
        Push(s, std::move(summary));
      }
      if (First("model_switch") || rng_.Chance(0.12)) {
        truth_.traits["model_switch"]++;
        s.model = &kModels[(s.model - kModels + 1 + rng_.Range(0, 1)) % 3];
        ojson change = Entry(s, "model_change", s.ms + 1);
        change["provider"] = s.model->provider;
        change["modelId"] = s.model->model;
        Push(s, std::move(change));
      }
      if (rng_.Chance(0.1)) {
        ojson thinking = Entry(s, "thinking_level_change", s.ms + 2);
        thinking["thinkingLevel"] = rng_.Chance(0.5) ? "high" : "off";
        Push(s, std::move(thinking));
      }
      if (s.v3 && s.lines.size() > 6 && (First("compaction") || rng_.Chance(0.1))) {
        truth_.traits["compaction"]++;
        ojson compaction = Entry(s, "compaction", s.ms + 3);
        compaction["summary"] = "Summary of the work so far: " + Filler(200);
        compaction["firstKeptEntryId"] = s.turn_ends.empty() ? s.leaf : s.turn_ends.back();
        compaction["tokensBefore"] = rng_.Range(60'000, 180'000);
        Push(s, std::move(compaction));
      }
      if (First("bash_execution") || rng_.Chance(0.1)) {  // the user's `!cmd`: not a call
        truth_.traits["bash_execution"]++;
        ojson bash = Entry(s, "message", s.ms + 400);
        bash["message"] = {{"role", "bashExecution"},
                           {"command", "git status --short"},
                           {"output", " M src/main.cpp\n"},
                           {"exitCode", 0},
                           {"cancelled", false},
                           {"truncated", false},
                           {"timestamp", s.ms}};
        Push(s, std::move(bash));
        s.ms += 2'000;
      }
      ojson user = Entry(s, "message", s.ms + 12);
      user["message"] = {
          {"role", "user"},
          {"content", ojson::array({{{"type", "text"}, {"text", Filler(rng_.Range(20, 400))}}})},
          {"timestamp", s.ms}};
      Push(s, std::move(user));
      int requests = static_cast<int>(rng_.Range(1, 4));
      for (int r = 0; r < requests; ++r) {
        s.ms += rng_.Range(300, 3'000);
        Request(s, r + 1 == requests);
      }
      s.turn_ends.push_back(s.leaf);
    }
  }

  // One assistant request (and its tool result unless it is the turn's last).
  void Request(PiSession& s, bool last) {
    const PiModel& m = *s.model;
    int64_t start = s.ms;
    int64_t took = rng_.Range(800, 40'000);
    double roll = rng_.Unit();
    ++requests_;  // the 3rd and 5th requests fail, so that every corpus has both kinds
    if (requests_ == 3) roll = 0;
    if (requests_ == 5) roll = 0.1;
    ojson msg = {{"role", "assistant"}};
    bool billed = true;
    std::string stop = last ? "stop" : "toolUse";
    std::string error;
    if (roll < 0.06) {  // failed before any token: no call
      truth_.traits["error_turn"]++;
      billed = false;
      stop = rng_.Chance(0.5) ? "error" : "aborted";
      error = stop == "error" ? "529 overloaded_error: Overloaded" : "Request was aborted";
    } else if (roll < 0.11) {  // aborted mid-stream: the tokens so far were billed
      truth_.traits["aborted_billed"]++;
      stop = "aborted";
      error = "Request was aborted";
      last = true;
    }
    ojson content = ojson::array();
    if (billed && rng_.Chance(0.3))
      content.push_back({{"type", "thinking"}, {"thinking", Filler(rng_.Range(40, 600))}});
    if (billed) content.push_back({{"type", "text"}, {"text", Filler(rng_.Range(20, 800))}});
    std::string call_id = "toolu_01" + rng_.Base62(22);
    std::string file = fmt::format("src/mod{}.ts", rng_.Range(1, 40));
    if (billed && !last) {
      content.push_back({{"type", "toolCall"},
                         {"id", call_id},
                         {"name", "read"},
                         {"arguments", {{"path", file}}}});
    }
    msg["content"] = std::move(content);
    msg["api"] = m.api;
    // Older files sometimes leave the model to the header.
    bool named = s.v3 || (!First("header_model") && rng_.Chance(0.7));
    if (!s.v3 && !named) truth_.traits["header_model"]++;
    if (named) {
      msg["provider"] = m.provider;
      msg["model"] = m.model;
    }
    TokenCounts t;
    std::optional<int64_t> recorded;
    if (billed) {
      t.input = rng_.LogRange(1, 4'000);
      t.output = stop == "aborted" ? rng_.LogRange(1, 200) : rng_.LogRange(5, 4'000);
      t.cache_read = rng_.Chance(0.85) ? rng_.LogRange(1'000, 150'000) : 0;
      t.cache_write_5m = m.cache_writes && rng_.Chance(0.5) ? rng_.LogRange(50, 20'000) : 0;
      if (rng_.Chance(0.7)) {
        int64_t list = ExpectedAgentCostNanos(m.model, t).value_or(0);
        recorded = std::max<int64_t>(1, list * s.cost_pct / 100);
      }
      truth_.traits[recorded ? "recorded_cost" : "zero_cost"]++;
    }
    msg["usage"] = Usage(t, recorded.value_or(0), s.v3);
    msg["stopReason"] = stop;
    msg["timestamp"] = start;
    if (!error.empty()) msg["errorMessage"] = error;
    ojson entry = Entry(s, "message", start + took);
    entry["message"] = std::move(msg);
    std::string entry_id = s.v3 ? entry["id"].get<std::string>() : std::string();
    Push(s, std::move(entry), billed ? 1 : 0);
    s.ms = start + took;
    if (billed) {
      TruthCall call;
      call.agent = "pi";
      std::string cost_key = recorded ? std::to_string(*recorded) : "-";
      call.message_id = s.v3 ? fmt::format("pi:{}@{}", entry_id, start)
                             : fmt::format("pi:~{}:{}:{}:{}:{}:{}:{}", start, m.model, t.input,
                                           t.output, t.cache_write_5m, t.cache_read, cost_key);
      call.ts_ms = start;
      call.session_id = s.id;
      call.project = s.cwd;
      call.model = m.model;
      call.tokens = t;
      if (recorded) {
        call.recorded_cost_usd = Usd(*recorded);
        call.cost_nanos = *recorded;
      }
      agents::AddCall(truth_, std::move(call));
      truth_.usage_records++;
    }
    if (billed && !last) {
      s.ms += rng_.Range(20, 3'000);
      ojson result = Entry(s, "message", s.ms + 5);
      result["message"] = {
          {"role", "toolResult"},
          {"toolCallId", call_id},
          {"toolName", "read"},
          {"content",
           ojson::array({{{"type", "text"}, {"text", Filler(rng_.LogRange(50, 6'000))}}})},
          {"isError", false},
          {"timestamp", s.ms}};
      Push(s, std::move(result));
    }
  }

  // The model in force after `lines` of `s` (its start model, then each model_change).
  static const PiModel* ModelAfter(const PiSession& s, const std::vector<size_t>& lines) {
    const PiModel* model = s.start_model;
    for (size_t i : lines) {
      if (s.lines[i]["type"] != "model_change") continue;
      for (const PiModel& m : kModels) {
        if (s.lines[i]["modelId"] == m.model) model = &m;
      }
    }
    return model;
  }

  Status Write(const PiSession& s) {
    std::string text = s.header + "\n";
    for (const ojson& line : s.lines) text += line.dump() + "\n";
    return agents::WriteWhole(s.path, text, truth_);
  }

  // A new session branched from `original` after its lines `copied`: its project and models,
  // a new id, a start up to two hours after the original's, its file path (v3 or the older
  // linear format). The caller writes its header and lines.
  PiSession BranchOf(const PiSession& original, const std::vector<size_t>& copied, bool v3) {
    PiSession b;
    b.v3 = v3;
    b.id = rng_.Uuid();
    b.cwd = original.cwd;
    b.start_model = original.start_model;
    b.model = ModelAfter(original, copied);
    b.cost_pct = original.cost_pct;
    b.ms = original.ms + rng_.Range(60'000, 7'200'000);
    SetPath(b);
    return b;
  }

  // createBranchedSession: the path from the root to an earlier leaf, copied verbatim (same
  // ids, timestamps and usage) into a new session file, which then goes on with new turns.
  Status BranchFile(const PiSession& original) {
    truth_.traits["branch_file"]++;
    std::string leaf =
        original.turn_ends[rng_.Range(0, static_cast<int64_t>(original.turn_ends.size()) - 1)];
    std::vector<size_t> path;
    for (std::string at = leaf; !at.empty();) {
      size_t i = original.index.at(at);
      path.push_back(i);
      const ojson& parent = original.lines[i]["parentId"];
      at = parent.is_string() ? parent.get<std::string>() : std::string();
    }
    std::reverse(path.begin(), path.end());
    PiSession b = BranchOf(original, path, /*v3=*/true);
    b.header =
        ojson{{"type", "session"},      {"version", 3}, {"id", b.id},
              {"timestamp", Iso(b.ms)}, {"cwd", b.cwd}, {"parentSession", original.home_path}}
            .dump();
    for (size_t i : path) {
      Push(b, original.lines[i], original.calls[i]);
      truth_.usage_records += original.calls[i];
    }
    Turns(b, static_cast<int>(rng_.Range(1, 3)));
    return Write(b);
  }

  // The older linear format's branch: the head of the session re-written with new line
  // timestamps (message timestamps and usage kept) under a `branchedFrom` header.
  Status OldBranchFile(const PiSession& original) {
    truth_.traits["old_branch_file"]++;
    size_t upto = 0;  // lines to copy: up to some call
    std::vector<size_t> ends;
    for (size_t i = 0; i < original.lines.size(); ++i) {
      if (original.calls[i]) ends.push_back(i + 1);
    }
    if (!ends.empty()) upto = ends[rng_.Range(0, static_cast<int64_t>(ends.size()) - 1)];
    std::vector<size_t> head(upto);
    for (size_t i = 0; i < upto; ++i) head[i] = i;
    PiSession b = BranchOf(original, head, /*v3=*/false);
    b.header = ojson{{"type", "session"},
                     {"id", b.id},
                     {"timestamp", Iso(b.ms)},
                     {"cwd", b.cwd},
                     {"provider", b.start_model->provider},
                     {"modelId", b.start_model->model},
                     {"thinkingLevel", "off"},
                     {"branchedFrom", original.home_path}}
                   .dump();
    for (size_t i = 0; i < upto; ++i) {
      ojson line = original.lines[i];
      line["timestamp"] = Iso(b.ms + static_cast<int64_t>(i) * 7);
      Push(b, std::move(line), original.calls[i]);
      truth_.usage_records += original.calls[i];
    }
    b.ms += 60'000;
    Turns(b, static_cast<int>(rng_.Range(1, 3)));
    return Write(b);
  }

  // True until `trait` was written once: the first chance of each pitfall is always taken.
  bool First(const char* trait) const {
    auto it = truth_.traits.find(trait);
    return it == truth_.traits.end() || it->second == 0;
  }

  const GeneratorOptions& o_;
  Truth& truth_;
  Rng rng_;
  int64_t requests_ = 0;
};

}  // namespace

Result<Truth> GeneratePiCorpus(const GeneratorOptions& options) {
  Truth truth;
  PiWriter w(options, truth);
  if (Status s = w.Run(); !s.ok()) return s;
  return truth;
}

}  // namespace receipts::demo
