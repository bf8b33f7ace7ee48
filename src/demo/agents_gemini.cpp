// Gemini CLI chats with exact truth (FORMATS.md §3, DESIGN.md §3): append-only .jsonl sessions
// where a message id is written again as it changes (tokens null, then tokens, then tool
// calls: the last wins), $set and $rewindTo records (rewound calls still count), messages that
// never got tokens, error messages, and legacy whole-document session-*.json files that
// RewriteGeminiLegacy rewrites with one more message; some legacy sessions also exist as the
// .jsonl a newer gemini-cli migrated them to (same ids: the copies collapse).
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <vector>

#include "core/time.h"
#include "demo/agents_internal.h"
#include "demo/text.h"

namespace receipts::demo {
namespace {

using agents::Iso;
using nlohmann::json;

// One gemini message with tokens; returns the record as written and fills the truth call.
json GeminiMessage(Rng& rng, const std::string& id, int64_t ms, const std::string& session,
                   const std::string& project, TruthCall& call) {
  bool cached_model = rng.Chance(0.5);
  std::string model = cached_model ? "gemini-3-flash-preview" : "gemini-2.5-flash";
  int64_t input = rng.LogRange(500, 150'000);
  int64_t cached = cached_model && rng.Chance(0.8) ? rng.Range(0, input) : 0;
  int64_t output = rng.LogRange(5, 3'000);
  int64_t thoughts = rng.Chance(0.6) ? rng.LogRange(1, 2'000) : 0;
  int64_t tool = rng.Chance(0.3) ? rng.Range(1, 800) : 0;
  json tokens = {{"input", input},       {"output", output}, {"cached", cached},
                 {"thoughts", thoughts}, {"tool", tool},     {"total", input + output + thoughts + tool}};
  call = TruthCall{};
  call.agent = "gemini";
  call.message_id = fmt::format("gemini:{}:{}", session, id);
  call.ts_ms = ms;
  call.session_id = session;
  call.project = project;
  call.model = model;
  call.tokens.input = input - cached + tool;
  call.tokens.cache_read = cached;
  call.tokens.output = output + thoughts;
  call.tokens.reasoning = thoughts;
  return json{{"id", id},           {"timestamp", Iso(ms)}, {"type", "gemini"},
              {"content", "Done."}, {"thoughts", json::array()},
              {"tokens", tokens},   {"model", model}};
}

class GeminiWriter {
 public:
  GeminiWriter(const GeneratorOptions& o, Truth& truth)
      : o_(o), truth_(truth), rng_(o.seed * 0xA0761D6478BD642Full + 0x6E31) {}

  Status Run() {
    int64_t end = agents::EndMs(o_);
    int64_t span = agents::SpanMs(o_);
    for (int p = 0; p < 3; ++p) {
      std::string dir = fmt::format("{}/proj-{}", o_.root, p);
      if (auto s = agents::WriteWhole(dir + "/.project_root", fmt::format("/w/gem-{}\n", p), truth_);
          !s.ok()) {
        return s;
      }
    }
    for (int n = 0; n < 6 || truth_.bytes < o_.target_bytes; ++n) {
      int p = static_cast<int>(rng_.Range(0, 2));
      std::string project = fmt::format("/w/gem-{}", p);
      std::string session = rng_.Uuid();
      int64_t ms = end - span + rng_.Range(0, span - 4 * 3'600'000);
      std::string stamp = Iso(ms).substr(0, 16);
      std::replace(stamp.begin(), stamp.end(), ':', '-');
      std::string base = fmt::format("{}/proj-{}/chats/session-{}-{}", o_.root, p, stamp,
                                     session.substr(0, 8));
      bool legacy = n == 0 || rng_.Chance(0.25);
      if (legacy) truth_.traits["legacy_json"]++;
      json header = {{"sessionId", session}, {"projectHash", fmt::format("h{}", p)},
                     {"startTime", Iso(ms)}, {"lastUpdated", Iso(ms)}};
      std::string text = header.dump() + "\n";
      json messages = json::array();
      std::vector<std::string> user_ids;
      int turns = static_cast<int>(rng_.Range(2, 6));
      for (int turn = 0; turn < turns; ++turn) {
        ms += rng_.Range(5'000, 300'000);
        std::string uid = "u-" + rng_.Hex(10);
        json user = {{"id", uid}, {"timestamp", Iso(ms)}, {"type", "user"},
                     {"content", json::array({{{"text", fmt::format("step {}", turn)}}})}};
        if (!legacy && turn > 0 && rng_.Chance(0.3)) {  // the user rewinds to an earlier prompt
          truth_.traits["rewind"]++;
          text += json{{"$rewindTo", user_ids[rng_.Range(0, static_cast<int64_t>(user_ids.size()) - 1)]}}.dump() + "\n";
        }
        user_ids.push_back(uid);
        messages.push_back(user);
        text += user.dump() + "\n";
        if (!legacy && rng_.Chance(0.5)) text += json{{"$set", {{"lastUpdated", Iso(ms)}}}}.dump() + "\n";
        int calls = static_cast<int>(rng_.Range(1, 4));
        for (int c = 0; c < calls; ++c) {
          ms += rng_.Range(1'000, 30'000);
          std::string gid = "g-" + rng_.Hex(12);
          if (rng_.Chance(0.08)) {  // an API error instead of an answer
            truth_.traits["error_message"]++;
            json e = {{"id", "e-" + rng_.Hex(10)}, {"timestamp", Iso(ms)}, {"type", "error"},
                      {"content", "[API Error: You have exhausted your daily quota (429 RESOURCE_EXHAUSTED)]"}};
            messages.push_back(e);
            text += e.dump() + "\n";
            continue;
          }
          if (rng_.Chance(0.06)) {  // cancelled before tokens arrived: not a call
            truth_.traits["no_tokens"]++;
            json m = {{"id", gid}, {"timestamp", Iso(ms)}, {"type", "gemini"}, {"content", ""},
                      {"tokens", nullptr}, {"model", "gemini-2.5-flash"}};
            messages.push_back(m);
            text += m.dump() + "\n";
            continue;
          }
          TruthCall call;
          json m = GeminiMessage(rng_, gid, ms, session, project, call);
          if (!legacy && rng_.Chance(0.5)) {
            truth_.traits["reappend"]++;
            json early = m;
            early["tokens"] = nullptr;
            early["content"] = "Working";
            text += early.dump() + "\n";
            text += m.dump() + "\n";
            truth_.usage_records++;
            m["toolCalls"] = json::array({{{"id", "call-" + rng_.Hex(8)}, {"name", "read_file"},
                                           {"args", {{"absolute_path", project + "/main.cc"}}},
                                           {"status", "success"}, {"timestamp", Iso(ms + 200)}}});
          }
          messages.push_back(m);
          text += m.dump() + "\n";
          truth_.usage_records++;
          agents::AddCall(truth_, std::move(call));
        }
      }
      Status s;
      if (legacy) {
        header["lastUpdated"] = Iso(ms);
        header["messages"] = messages;
        s = agents::WriteWhole(base + ".json", header.dump(2) + "\n", truth_);
        if (s.ok() && (n == 0 || rng_.Chance(0.4))) {
          // Migrated by a newer gemini-cli: the same session as .jsonl (same ids: collapses).
          truth_.traits["migrated"]++;
          json head = header;
          head.erase("messages");
          std::string migrated = head.dump() + "\n";
          for (const json& m : messages) {
            migrated += m.dump() + "\n";
            if (m.value("type", "") == "gemini" && m.contains("tokens") && !m["tokens"].is_null()) {
              truth_.usage_records++;
            }
          }
          s = agents::WriteWhole(base + ".jsonl", migrated, truth_);
        }
      } else {
        s = agents::WriteWhole(base + ".jsonl", text, truth_);
      }
      if (!s.ok()) return s;
    }
    agents::SortCalls(truth_);
    return Status::Ok();
  }

 private:
  const GeneratorOptions& o_;
  Truth& truth_;
  Rng rng_;
};

}  // namespace

Result<Truth> GenerateGeminiCorpus(const GeneratorOptions& options) {
  Truth truth;
  GeminiWriter w(options, truth);
  if (Status s = w.Run(); !s.ok()) return s;
  return truth;
}

Result<Truth> RewriteGeminiLegacy(const std::string& root, uint64_t seed) {
  namespace fs = std::filesystem;
  std::vector<fs::path> legacy;
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator(root, ec); !ec && it != fs::end(it); it.increment(ec)) {
    const fs::path& p = it->path();
    if (it->is_regular_file() && p.extension() == ".json" &&
        p.filename().string().rfind("session-", 0) == 0) {
      legacy.push_back(p);
    }
  }
  if (legacy.empty()) return Status::Error(root + ": no legacy session-*.json to rewrite");
  std::sort(legacy.begin(), legacy.end());
  const fs::path& path = legacy.front();
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  json doc = json::parse(ss.str(), nullptr, false);
  if (doc.is_discarded() || !doc.contains("messages") || doc["messages"].empty()) {
    return Status::Error(path.string() + ": not a legacy Gemini session");
  }
  std::string project;
  std::ifstream root_file(path.parent_path().parent_path() / ".project_root");
  std::getline(root_file, project);
  int64_t ms = parse_iso8601_ms(doc["messages"].back().value("timestamp", "")).value_or(0) + 5'000;
  Rng rng(seed * 0x9FB21C651E98DF25ull + 0x1E6A);
  TruthCall call;
  json m = GeminiMessage(rng, "g-rw-" + rng.Hex(10), ms, doc.value("sessionId", ""), project, call);
  doc["messages"].push_back(m);
  doc["lastUpdated"] = Iso(ms);
  Truth truth;
  truth.traits["legacy_rewrite"]++;
  truth.usage_records++;
  if (Status s = agents::WriteWhole(path.string(), doc.dump(2) + "\n", truth); !s.ok()) return s;
  agents::AddCall(truth, std::move(call));
  return truth;
}

}  // namespace receipts::demo
