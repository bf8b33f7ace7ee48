// Codex CLI rollout files with exact truth (FORMATS.md §2, DESIGN.md §3): cumulative
// token_count snapshots whose changes are the calls, plus unchanged re-emits, info:null
// rate-limit events, a totals restart (the call is last_token_usage) and forked threads that
// replay the parent's history (token_count events included) in their first second.
#include <fmt/format.h>

#include <vector>

#include "demo/agents_internal.h"
#include "demo/text.h"

namespace receipts::demo {
namespace {

using agents::Iso;

struct Snap {
  int64_t input = 0, cached = 0, output = 0, reasoning = 0;
  int64_t extra = 0;  // total_tokens beyond input + output (fill_to_context_window)
  int64_t total() const { return input + output + extra; }
};

std::string SnapJson(const Snap& s) {
  return fmt::format(
      R"({{"input_tokens":{},"cached_input_tokens":{},"output_tokens":{},"reasoning_output_tokens":{},"total_tokens":{}}})",
      s.input, s.cached, s.output, s.reasoning, s.total());
}

std::string TokenCountLine(int64_t ts, const Snap& total, const Snap& last, int pct) {
  return fmt::format(
      R"({{"timestamp":"{}","type":"event_msg","payload":{{"type":"token_count","info":{{"total_token_usage":{},"last_token_usage":{},"model_context_window":258400}},"rate_limits":{{"limit_id":"codex","primary":{{"used_percent":{}.0,"window_minutes":300,"resets_at":{}}},"secondary":null,"plan_type":"plus"}}}}}})",
      Iso(ts), SnapJson(total), SnapJson(last), pct, ts / 1000 + 3600);
}

std::string MetaLine(int64_t ts, const std::string& id, const std::string& cwd,
                     const std::string& forked_from) {
  std::string fork = forked_from.empty() ? "" : fmt::format(R"("forked_from_id":"{}",)", forked_from);
  return fmt::format(
      R"({{"timestamp":"{}","type":"session_meta","payload":{{"id":"{}",{}"timestamp":"{}","cwd":"{}","originator":"codex_cli_rs","cli_version":"0.120.0","source":"cli","model_provider":"openai"}}}})",
      Iso(ts), id, fork, Iso(ts), cwd);
}

struct Thread {
  std::string id, cwd, path;
  int64_t start_ms = 0;
  std::string text;
  Snap total;                             // the running total after the last line
  int resets = 0;                         // totals restarts written (part of the keys)
  int64_t last_ms = 0;
};

class CodexWriter {
 public:
  CodexWriter(const GeneratorOptions& o, Truth& truth)
      : o_(o), truth_(truth), rng_(o.seed * 0x9E3779B97F4A7C15ull + 0xC0DE) {}

  // Writes turns into `t` starting at `ms`, continuing t.total. `allow_reset`: may restart.
  void Turns(Thread& t, int64_t ms, int turns, bool force_reset) {
    static const char* kModels[] = {"gpt-5-codex", "gpt-5.1-codex", "gpt-5.2-codex"};
    std::string model = kModels[rng_.Range(0, 2)];
    int calls_in_file = 0;
    bool reset_done = false;
    for (int turn = 0; turn < turns; ++turn) {
      std::string turn_id = "turn-" + rng_.Hex(12);
      Line(t, fmt::format(R"({{"timestamp":"{}","type":"event_msg","payload":{{"type":"task_started","turn_id":"{}"}}}})", Iso(ms), turn_id));
      Line(t, fmt::format(R"({{"timestamp":"{}","type":"event_msg","payload":{{"type":"user_message","message":"step {} of the plan","images":[]}}}})", Iso(ms + 1), turn));
      if (turn > 0 && rng_.Chance(0.35)) {
        std::string next = kModels[rng_.Range(0, 2)];
        if (next != model) truth_.traits["model_switch"]++;
        model = next;
      }
      Line(t, fmt::format(R"({{"timestamp":"{}","type":"turn_context","payload":{{"turn_id":"{}","cwd":"{}","approval_policy":"on-request","model":"{}","effort":"medium"}}}})", Iso(ms + 2), turn_id, t.cwd, model));
      ms += 1000;
      if (rng_.Chance(0.3)) {
        truth_.traits["info_null"]++;
        Line(t, fmt::format(R"({{"timestamp":"{}","type":"event_msg","payload":{{"type":"token_count","info":null,"rate_limits":{{"limit_id":"codex","primary":{{"used_percent":{}.5,"window_minutes":300,"resets_at":{}}},"secondary":{{"used_percent":3.0,"window_minutes":10080,"resets_at":{}}},"plan_type":"plus"}}}}}})", Iso(ms), rng_.Range(1, 90), ms / 1000 + 7200, ms / 1000 + 86400));
        ms += 500;
      }
      int calls = static_cast<int>(rng_.Range(1, 4));
      for (int c = 0; c < calls; ++c) {
        ms += rng_.Range(2'000, 40'000);
        Snap last;
        last.input = rng_.LogRange(2'000, 120'000);
        last.cached = rng_.Chance(0.8) ? rng_.Range(0, last.input) : 0;
        last.output = rng_.LogRange(20, 6'000);
        last.reasoning = rng_.Chance(0.6) ? rng_.Range(0, last.output) : 0;
        if (last.reasoning > 0) truth_.traits["reasoning"]++;
        bool reset = !reset_done && calls_in_file >= 2 && t.total.input > last.input &&
                     (force_reset || rng_.Chance(0.05));
        if (reset) {
          reset_done = true;
          truth_.traits["reset"]++;
          t.resets++;
          if (rng_.Chance(0.5)) {
            // fill_to_context_window: the totals drop to zero tokens with total_tokens = the
            // window; the call is last_token_usage and later totals grow from the zeros.
            truth_.traits["fill_context"]++;
            Snap fill;
            fill.extra = 258'400;
            Line(t, TokenCountLine(ms, fill, last, static_cast<int>(rng_.Range(1, 99))));
            t.total = fill;
            AddTruthCall(t, ms, model, last, fill);
            calls_in_file++;
            continue;
          }
          t.total = last;  // a resumed counter restarts: the call is last_token_usage
        } else {
          t.total.input += last.input;
          t.total.cached += last.cached;
          t.total.output += last.output;
          t.total.reasoning += last.reasoning;
        }
        std::string line = TokenCountLine(ms, t.total, last, static_cast<int>(rng_.Range(1, 99)));
        Line(t, line);
        calls_in_file++;
        AddTruthCall(t, ms, model, last, t.total);
        if (rng_.Chance(0.25)) {  // the same snapshot again: adds nothing
          truth_.traits["reemit"]++;
          ms += 300;
          std::string again = TokenCountLine(ms, t.total, last, static_cast<int>(rng_.Range(1, 99)));
          Line(t, again);
        }
      }
      Line(t, fmt::format(R"({{"timestamp":"{}","type":"event_msg","payload":{{"type":"task_complete","turn_id":"{}"}}}})", Iso(ms + 5), turn_id));
      ms += rng_.Range(10'000, 120'000);
    }
    t.last_ms = ms;
  }

  void AddTruthCall(const Thread& t, int64_t ms, const std::string& model, const Snap& last,
                    const Snap& total) {
    TruthCall call;
    call.agent = "codex";
    call.message_id = fmt::format("codex:{}:{}{}", t.id,
                                  t.resets ? fmt::format("r{}:", t.resets) : "", total.total());
    call.ts_ms = ms;
    call.session_id = t.id;
    call.project = t.cwd;
    call.model = model;
    call.tokens.input = last.input - last.cached;
    call.tokens.cache_read = last.cached;
    call.tokens.output = last.output;
    call.tokens.reasoning = last.reasoning;
    agents::AddCall(truth_, std::move(call));
    truth_.usage_records++;
  }

  Status Run() {
    int64_t end = agents::EndMs(o_);
    int64_t span = agents::SpanMs(o_);
    static const char* kProjects[] = {"/w/alpha", "/w/beta", "/w/gamma", "/w/delta"};
    for (int n = 0; n < 6 || truth_.bytes < o_.target_bytes; ++n) {
      Thread t;
      t.id = rng_.Uuid();
      t.cwd = kProjects[rng_.Range(0, 3)];
      t.start_ms = end - span + rng_.Range(0, span - 4 * 3'600'000);
      t.start_ms -= t.start_ms % 1000;
      t.text = MetaLine(t.start_ms, t.id, t.cwd, "") + "\n";
      Turns(t, t.start_ms + 1000, static_cast<int>(rng_.Range(2, 6)), n == 1);
      if (auto s = Flush(t); !s.ok()) return s;
      if (n == 2 || rng_.Chance(0.15)) {
        if (auto s = Fork(t); !s.ok()) return s;
      }
    }
    agents::SortCalls(truth_);
    return Status::Ok();
  }

 private:
  void Line(Thread& t, const std::string& line) { t.text += line + "\n"; }

  Status Flush(const Thread& t) {
    std::string path = fmt::format("{}/sessions/{}/rollout-{}-{}.jsonl", o_.root,
                                   agents::DatePath(t.start_ms), agents::FileStamp(t.start_ms), t.id);
    return agents::WriteWhole(path, t.text, truth_);
  }

  // A forked thread: its own session_meta, the parent's session_meta and token_count events
  // replayed within the same second (baseline only), then its own turns continuing the total.
  Status Fork(const Thread& parent) {
    truth_.traits["fork"]++;
    Thread child;
    child.id = rng_.Uuid();
    child.cwd = parent.cwd;
    child.start_ms = parent.last_ms + rng_.Range(60'000, 600'000);
    child.start_ms -= child.start_ms % 1000;
    int64_t s = child.start_ms;
    child.text = MetaLine(s + 100, child.id, child.cwd, parent.id) + "\n";
    child.text += MetaLine(s + 110, parent.id, parent.cwd, "") + "\n";
    // The parent's whole history after its session_meta (prompts, turn contexts, every
    // token_count), re-stamped inside the fork's first second, as codex replays it.
    int64_t k = 0;
    size_t pos = parent.text.find('\n') + 1;
    while (pos < parent.text.size()) {
      size_t nl = parent.text.find('\n', pos);
      std::string copy = parent.text.substr(pos, nl - pos);
      pos = nl + 1;
      copy.replace(14, 24, Iso(s + 120 + (k++ % 800)));  // {"timestamp":"<24 chars>"
      child.text += copy + "\n";
    }
    child.total = parent.total;
    Turns(child, s + 1000, static_cast<int>(rng_.Range(1, 3)), false);
    return Flush(child);
  }

  const GeneratorOptions& o_;
  Truth& truth_;
  Rng rng_;
};

}  // namespace

Result<Truth> GenerateCodexCorpus(const GeneratorOptions& options) {
  Truth truth;
  CodexWriter w(options, truth);
  if (Status s = w.Run(); !s.ok()) return s;
  return truth;
}

}  // namespace receipts::demo
