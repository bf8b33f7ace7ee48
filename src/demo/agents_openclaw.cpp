// OpenClaw session logs with exact truth (FORMATS.md §4, DESIGN.md §3): usage with
// cost.total 0 (priced by us), a positive recorded cost.total (the truth as recorded), error
// turns and gateway notices without usage (no calls), and .jsonl.reset.<ts> archives that copy
// the head of a live file (their calls collapse into the live ones).
#include <fmt/format.h>

#include <algorithm>
#include <vector>

#include "demo/agents_internal.h"
#include "demo/text.h"

namespace receipts::demo {
namespace {

using agents::Iso;

class OpenClawWriter {
 public:
  OpenClawWriter(const GeneratorOptions& o, Truth& truth)
      : o_(o), truth_(truth), rng_(o.seed * 0xD1B54A32D192ED03ull + 0x0C1A) {}

  Status Run() {
    int64_t end = agents::EndMs(o_);
    int64_t span = agents::SpanMs(o_);
    static const char* kProjects[] = {"/w/claw-a", "/w/claw-b", "/w/claw-c"};
    for (int n = 0; n < 6 || truth_.bytes < o_.target_bytes; ++n) {
      std::string id = rng_.Uuid();
      std::string cwd = kProjects[rng_.Range(0, 2)];
      int64_t ms = end - span + rng_.Range(0, span - 4 * 3'600'000);
      std::vector<std::string> lines;
      std::vector<size_t> call_ends;  // line counts just after each call line
      lines.push_back(fmt::format(R"({{"type":"session","version":3,"id":"{}","timestamp":"{}","cwd":"{}"}})", id, Iso(ms), cwd));
      std::string parent = rng_.Hex(8);
      bool openai = rng_.Chance(0.3);
      std::string provider = openai ? "openai" : "anthropic";
      std::string model = openai ? "gpt-5.2" : "claude-sonnet-4-5";
      std::string entry = rng_.Hex(8);
      lines.push_back(fmt::format(R"({{"type":"model_change","id":"{}","parentId":null,"timestamp":"{}","provider":"{}","modelId":"{}"}})", entry, Iso(ms + 100), provider, model));
      parent = entry;
      int turns = static_cast<int>(rng_.Range(2, 6));
      for (int turn = 0; turn < turns; ++turn) {
        ms += rng_.Range(5'000, 300'000);
        entry = rng_.Hex(8);
        lines.push_back(fmt::format(R"({{"type":"message","id":"{}","parentId":"{}","timestamp":"{}","message":{{"role":"user","content":[{{"type":"text","text":"task {}"}}],"timestamp":{}}}}})", entry, parent, Iso(ms + 10), turn, ms));
        parent = entry;
        int calls = static_cast<int>(rng_.Range(1, 4));
        for (int c = 0; c < calls; ++c) {
          ms += rng_.Range(1'000, 30'000);
          entry = rng_.Hex(8);
          if (rng_.Chance(0.1)) {  // a failed turn: zero usage, no call
            truth_.traits["error_turn"]++;
            lines.push_back(fmt::format(R"({{"type":"message","id":"{}","parentId":"{}","timestamp":"{}","message":{{"role":"assistant","content":[],"api":"anthropic-messages","provider":"{}","model":"{}","usage":{{"input":0,"output":0,"cacheRead":0,"cacheWrite":0,"totalTokens":0,"cost":{{"input":0,"output":0,"cacheRead":0,"cacheWrite":0,"total":0}}}},"stopReason":"error","errorMessage":"429 Too Many Requests: Rate limit reached","timestamp":{}}}}})", entry, parent, Iso(ms + 10), provider, model, ms));
            parent = entry;
            continue;
          }
          TokenCounts t;
          t.input = rng_.LogRange(1, 4'000);
          t.output = rng_.LogRange(10, 4'000);
          t.cache_read = rng_.Chance(0.8) ? rng_.LogRange(1'000, 120'000) : 0;
          t.cache_write_5m = openai ? 0 : (rng_.Chance(0.5) ? rng_.LogRange(100, 20'000) : 0);
          std::optional<int64_t> recorded;
          if (rng_.Chance(0.35)) recorded = rng_.Range(1, 400'000'000);  // nanos, positive
          std::string cost = recorded ? fmt::format("{}.{:09d}", *recorded / 1'000'000'000,
                                                    *recorded % 1'000'000'000)
                                      : std::string("0");
          truth_.traits[recorded ? "recorded_cost" : "zero_cost"]++;
          // Some messages name no model: the model_change applies.
          std::string named = rng_.Chance(0.7) ? fmt::format(R"("provider":"{}","model":"{}",)", provider, model) : "";
          lines.push_back(fmt::format(
              R"({{"type":"message","id":"{}","parentId":"{}","timestamp":"{}","message":{{"role":"assistant","content":[{{"type":"text","text":"working"}},{{"type":"toolCall","id":"call_{}","name":"read","arguments":{{"path":"src/f{}.cpp"}}}}],"api":"anthropic-messages",{}"usage":{{"input":{},"output":{},"cacheRead":{},"cacheWrite":{},"totalTokens":{},"cost":{{"input":0,"output":0,"cacheRead":0,"cacheWrite":0,"total":{}}}}},"stopReason":"toolUse","timestamp":{}}}}})",
              entry, parent, Iso(ms + 10), entry, c, named, t.input, t.output, t.cache_read,
              t.cache_write_5m, t.total(), cost, ms));
          call_ends.push_back(lines.size());
          TruthCall call;
          call.agent = "openclaw";
          call.message_id = fmt::format("openclaw:{}@{}", entry, ms);
          call.ts_ms = ms;
          call.session_id = id;
          call.project = cwd;
          call.model = model;
          call.tokens = t;
          if (recorded) {
            call.recorded_cost_usd = static_cast<double>(*recorded) / 1e9;
            call.cost_nanos = *recorded;
          }
          agents::AddCall(truth_, std::move(call));
          truth_.usage_records++;
          parent = entry;
          std::string result = rng_.Hex(8);
          lines.push_back(fmt::format(R"({{"type":"message","id":"{}","parentId":"{}","timestamp":"{}","message":{{"role":"toolResult","toolCallId":"call_{}","toolName":"read","content":[{{"type":"text","text":"int f() {{}}"}}],"isError":false,"timestamp":{}}}}})", result, parent, Iso(ms + 500), entry, ms + 490));
          parent = result;
          ms += 1'000;
        }
        if (rng_.Chance(0.1)) {
          truth_.traits["gateway"]++;
          entry = rng_.Hex(8);
          lines.push_back(fmt::format(R"({{"type":"message","id":"{}","parentId":"{}","timestamp":"{}","message":{{"role":"assistant","content":[{{"type":"text","text":"Gateway restarted."}}],"api":"openai-responses","provider":"openclaw","model":"gateway-injected","usage":{{"input":0,"output":0,"cacheRead":0,"cacheWrite":0,"totalTokens":0,"cost":{{"total":0}}}},"stopReason":"stop","timestamp":{}}}}})", entry, parent, Iso(ms + 10), ms));
          parent = entry;
        }
      }
      std::string dir = o_.root + "/agents/main/sessions/";
      if (auto s = agents::WriteWhole(dir + id + ".jsonl", Join(lines, lines.size()), truth_); !s.ok()) {
        return s;
      }
      if ((n == 0 || rng_.Chance(0.25)) && !call_ends.empty()) {
        // The archive a /reset left: the head of the same session, up to some call.
        truth_.traits["reset_archive"]++;
        int64_t pick = rng_.Range(0, static_cast<int64_t>(call_ends.size()) - 1);
        size_t upto = call_ends[pick];
        truth_.usage_records += pick + 1;  // copies of calls in the archive
        std::string stamp = Iso(ms + 60'000);
        std::replace(stamp.begin(), stamp.end(), ':', '-');
        if (auto s = agents::WriteWhole(dir + id + ".jsonl.reset." + stamp, Join(lines, upto), truth_);
            !s.ok()) {
          return s;
        }
      }
    }
    agents::SortCalls(truth_);
    return Status::Ok();
  }

 private:
  static std::string Join(const std::vector<std::string>& lines, size_t n) {
    std::string out;
    for (size_t i = 0; i < n; ++i) out += lines[i] + "\n";
    return out;
  }

  const GeneratorOptions& o_;
  Truth& truth_;
  Rng rng_;
};

}  // namespace

Result<Truth> GenerateOpenClawCorpus(const GeneratorOptions& options) {
  Truth truth;
  OpenClawWriter w(options, truth);
  if (Status s = w.Run(); !s.ok()) return s;
  return truth;
}

}  // namespace receipts::demo
