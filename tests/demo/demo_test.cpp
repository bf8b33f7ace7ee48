// Tests of the synthetic Claude Code corpus generator: determinism, every trait present,
// the truth reproduced by an independent reader, append, and hand-computed costs.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <unistd.h>

#include "core/time.h"
#include "demo/generator.h"
#include "reference_reader.h"

namespace receipts::demo {
namespace {

namespace fs = std::filesystem;
using testing::ReadCorpus;
using testing::ReadFile;
using testing::RefCorpus;

constexpr int64_t kEnd = 1'772'366'400'000;  // 2026-03-01T12:00:00Z

// A unique directory under the system temp dir, removed on destruction.
class TempDir {
 public:
  TempDir() {
    static std::atomic<int> counter{0};
    path_ = (fs::temp_directory_path() /
             ("receipts-demo-test-" + std::to_string(::getpid()) + "-" +
              std::to_string(counter++)))
                .string();
    fs::remove_all(path_);
    fs::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

Truth Generate(const std::string& root, uint64_t seed, int64_t bytes) {
  GeneratorOptions o;
  o.root = root;
  o.seed = seed;
  o.target_bytes = bytes;
  o.end_ms = kEnd;
  o.days = 30;
  auto r = GenerateClaudeCorpus(o);
  EXPECT_TRUE(r.ok()) << r.status().message();
  return r.ok() ? r.value() : Truth{};
}

std::map<std::string, std::string> Snapshot(const std::string& root) {
  std::map<std::string, std::string> files;
  for (const auto& e : fs::recursive_directory_iterator(root)) {
    if (e.is_regular_file()) files[fs::relative(e.path(), root).string()] = ReadFile(e.path());
  }
  return files;
}

// The 2 MB corpus shared by most tests (generated once).
struct Corpus {
  TempDir dir;
  Truth truth;
  RefCorpus ref;
};
const Corpus& SharedCorpus() {
  static Corpus corpus;  // destroyed at exit, which removes its directory
  static bool ready = false;
  if (!ready) {
    corpus.truth = Generate(corpus.dir.path(), 7, 2'000'000);
    corpus.ref = ReadCorpus(corpus.dir.path());
    ready = true;
  }
  return corpus;
}

// Checks that `truth` calls are exactly what the reference reader merges from the files.
void ExpectCallsMatch(const RefCorpus& ref, const std::vector<TruthCall>& calls) {
  std::map<std::string, const TruthCall*> by_id;
  for (const auto& c : calls) {
    EXPECT_TRUE(by_id.emplace(c.message_id, &c).second) << "duplicate " << c.message_id;
  }
  ASSERT_EQ(ref.copies.size(), by_id.size());
  for (const auto& [id, copies] : ref.copies) {
    auto it = by_id.find(id);
    ASSERT_NE(it, by_id.end()) << id;
    const TruthCall& t = *it->second;
    int64_t input = 0, output = 0, creation = 0, one_hour = 0, read = 0, web = 0;
    int64_t ts = INT64_MAX;
    const testing::RefCopy* owner = nullptr;
    for (const auto& c : copies) {
      input = std::max(input, c.input);
      output = std::max(output, c.output);
      creation = std::max(creation, c.cache_creation);
      one_hour = std::max(one_hour, c.cache_1h);
      read = std::max(read, c.cache_read);
      web = std::max(web, c.web_search);
      ts = std::min(ts, parse_iso8601_ms(c.timestamp).value_or(INT64_MAX));
      if (owner == nullptr || (owner->sidechain && !c.sidechain)) owner = &c;
      // Truth is never below any single copy.
      EXPECT_GE(t.tokens.output, c.output) << id;
      EXPECT_GE(t.tokens.cache_read, c.cache_read) << id;
      EXPECT_EQ(t.model, c.model) << id;
      EXPECT_EQ(t.session_id, c.session_id) << id << ": copies must share the sessionId field";
    }
    EXPECT_EQ(t.tokens.input, input) << id;
    EXPECT_EQ(t.tokens.output, output) << id;
    EXPECT_EQ(t.tokens.cache_write_1h, one_hour) << id;
    EXPECT_EQ(t.tokens.cache_write_5m, creation - one_hour) << id;
    EXPECT_EQ(t.tokens.cache_read, read) << id;
    EXPECT_EQ(t.web_search_requests, web) << id;
    EXPECT_EQ(t.ts_ms, ts) << id;
    EXPECT_EQ(t.session_id, owner->session_id) << id;
    EXPECT_EQ(t.project, owner->cwd) << id;
    EXPECT_EQ(t.sidechain, owner->sidechain) << id;
    EXPECT_EQ(t.cost_nanos, ExpectedCostNanos(t.model, t.tokens, t.web_search_requests, t.speed))
        << id;
  }
}

TEST(DemoGenerator, SameSeedSameBytes) {
  TempDir a, b, c;
  Truth ta = Generate(a.path(), 11, 600'000);
  Truth tb = Generate(b.path(), 11, 600'000);
  Generate(c.path(), 12, 600'000);
  auto sa = Snapshot(a.path());
  EXPECT_EQ(sa, Snapshot(b.path()));
  EXPECT_NE(sa, Snapshot(c.path()));
  EXPECT_EQ(ta.bytes, tb.bytes);
  EXPECT_EQ(TruthToJson(ta), TruthToJson(tb));
  EXPECT_GE(ta.bytes, 600'000);
}

TEST(DemoGenerator, EveryTraitPresentIn2MB) {
  const Corpus& c = SharedCorpus();
  static constexpr const char* kTraits[] = {
      "streaming_copy_calls", "missing_request_id_calls", "fork_sessions", "fork_copied_records",
      "btw_replays", "subagent_layout_a_runs", "subagent_layout_b_files",
      "subagent_layout_c_files", "meta_json_files", "workflow_journals",
      "agent_progress_embedded", "agent_progress_unique_ids", "nul_prefix_lines",
      "joined_lines", "spliced_lines", "truncated_record_lines", "garbage_lines",
      "non_object_lines", "message_string_lines", "long_context_calls", "exact_200k_calls",
      "cross_utc_midnight_sessions", "cross_ny_midnight_sessions", "summary_only_files",
      "cost_usd_number_calls", "cost_usd_null_calls", "no_type_records", "synthetic_errors",
      "fast_calls", "web_search_calls", "no_cache_split_calls", "subagent_no_final_calls",
      "interleaved_tool_results"};
  for (const char* t : kTraits) {
    auto it = c.truth.traits.find(t);
    EXPECT_TRUE(it != c.truth.traits.end() && it->second > 0) << "missing trait " << t;
  }
  // The same traits seen from the files and the truth.
  int flat = 0, nested = 0, meta = 0, aside = 0, summary_only = 0;
  for (const auto& rel : c.ref.jsonl_files) {
    fs::path p(rel);
    std::string name = p.filename().string();
    if (name.rfind("agent-aside_question-", 0) == 0) ++aside;
    else if (name.rfind("agent-", 0) == 0 && p.parent_path().filename() == "subagents") ++nested;
    else if (name.rfind("agent-", 0) == 0) ++flat;
    std::string text = ReadFile(c.dir.path() + "/" + rel);
    if (text.rfind("{\"type\":\"summary\"", 0) == 0 &&
        text.find("\"sessionId\"") == std::string::npos) {
      ++summary_only;
    }
  }
  for (const auto& e : fs::recursive_directory_iterator(c.dir.path())) {
    std::string name = e.path().filename().string();
    if (name.size() > 10 && name.substr(name.size() - 10) == ".meta.json") {
      auto j = nlohmann::json::parse(ReadFile(e.path()));
      EXPECT_TRUE(j.contains("agentType") && j.contains("toolUseId"));
      ++meta;
    }
    if (name == "journal.jsonl") {
      EXPECT_EQ(ReadFile(e.path()).find("usage"), std::string::npos);
    }
  }
  EXPECT_GT(flat, 0);
  EXPECT_GT(nested, 0);
  EXPECT_GT(aside, 0);
  EXPECT_GT(meta, 0);
  EXPECT_GT(summary_only, 0);

  int long_ctx = 0, exact = 0, fast = 0, web = 0, sidechain = 0;
  int64_t day = 86'400'000;
  std::map<std::string, std::pair<int64_t, int64_t>> span;
  for (const auto& t : c.truth.calls) {
    int64_t prompt = t.tokens.input + t.tokens.cache_write() + t.tokens.cache_read;
    bool sonnet = t.model.find("sonnet-4") != std::string::npos;
    if (sonnet && prompt > 200'000) ++long_ctx;
    if (sonnet && prompt == 200'000) ++exact;
    if (t.speed == "fast") ++fast;
    if (t.web_search_requests > 0) ++web;
    if (t.sidechain) {
      ++sidechain;
      EXPECT_FALSE(t.agent_type.empty()) << t.message_id;
    }
    EXPECT_NE(t.model, "<synthetic>");
    auto& s = span.try_emplace(t.session_id, t.ts_ms, t.ts_ms).first->second;
    s.first = std::min(s.first, t.ts_ms);
    s.second = std::max(s.second, t.ts_ms);
  }
  EXPECT_GT(long_ctx, 0);
  EXPECT_GT(exact, 0);
  EXPECT_GT(fast, 0);
  EXPECT_GT(web, 0);
  EXPECT_GT(sidechain, 0);
  int cross_utc = 0, cross_ny = 0;
  auto ny = Zone::Find("America/New_York");
  for (const auto& [id, s] : span) {
    if (s.first / day != s.second / day) ++cross_utc;
    if (ny && ny->local_day(s.first) != ny->local_day(s.second)) ++cross_ny;
  }
  EXPECT_GT(cross_utc, 0);
  if (ny) {
    EXPECT_GT(cross_ny, 0);
  }
}

TEST(DemoGenerator, ReferenceReaderReproducesTruth) {
  const Corpus& c = SharedCorpus();
  const RefCorpus& ref = c.ref;
  EXPECT_TRUE(ref.all_end_in_newline);
  EXPECT_EQ(ref.files, c.truth.files);
  EXPECT_EQ(ref.bytes, c.truth.bytes);
  EXPECT_GE(c.truth.bytes, 2'000'000);
  EXPECT_EQ(ref.malformed_lines, c.truth.malformed_lines);
  EXPECT_EQ(ref.malformed_usage_lines, c.truth.malformed_usage_lines);
  EXPECT_EQ(ref.usage_records, c.truth.usage_records);
  EXPECT_EQ(ref.synthetic_records, c.truth.synthetic_records);
  EXPECT_GT(c.truth.malformed_usage_lines, 0);
  EXPECT_GT(c.truth.malformed_lines, c.truth.malformed_usage_lines);
  EXPECT_GT(c.truth.usage_records, static_cast<int64_t>(c.truth.calls.size()));
  ExpectCallsMatch(ref, c.truth.calls);
  EXPECT_TRUE(std::is_sorted(c.truth.calls.begin(), c.truth.calls.end(),
                             [](const TruthCall& a, const TruthCall& b) {
                               return a.ts_ms < b.ts_ms;
                             }));
}

TEST(DemoGenerator, OnlyDamagedLinesFailToParse) {
  const Corpus& c = SharedCorpus();
  // Every line nlohmann rejects is deliberately damaged: unrecoverable (malformed, minus the
  // non-object lines nlohmann accepts), or a NUL run / `}{` join / splice whose records count.
  int64_t recoverable_damage = c.truth.traits.at("nul_prefix_lines") +
                               c.truth.traits.at("joined_lines") +
                               c.truth.traits.at("spliced_lines");
  EXPECT_GE(c.ref.recovered_lines, recoverable_damage);  // fork files repeat some verbatim
  EXPECT_EQ(c.ref.nlohmann_failures,
            c.truth.malformed_lines - c.ref.non_object_lines + c.ref.recovered_lines);
  EXPECT_GT(c.ref.non_object_lines, 0);
  // Every assistant usage line written without damage parses with nlohmann.
  int64_t clean_failures = 0;
  for (const auto& rel : c.ref.jsonl_files) {
    std::string text = ReadFile(c.dir.path() + "/" + rel);
    size_t start = 0;
    while (start < text.size()) {
      size_t end = text.find('\n', start);
      std::string line = text.substr(start, end - start);
      start = end + 1;
      if (line.empty() || line[0] == '\0' || line.find("}{") != std::string::npos) continue;
      if (line.rfind("{\"parentUuid\"", 0) != 0 || line.back() != '}') continue;
      if (line.find("\"type\":\"assistant\"") == std::string::npos) continue;
      if (line.find("{\"parentUuid\"", 1) != std::string::npos) continue;  // a splice
      auto j = nlohmann::json::parse(line, nullptr, false);
      if (j.is_discarded()) ++clean_failures;
    }
  }
  EXPECT_EQ(clean_failures, 0);
}

TEST(DemoGenerator, AppendAddsExactlyTheStatedCalls) {
  TempDir dir;
  Truth base = Generate(dir.path(), 21, 800'000);
  auto before = Snapshot(dir.path());
  int64_t start = kEnd + 3'600'000;
  auto r = AppendToClaudeCorpus(dir.path(), 150'000, 99, start);
  ASSERT_TRUE(r.ok()) << r.status().message();
  const Truth& added = r.value();
  EXPECT_FALSE(added.calls.empty());
  EXPECT_GE(added.bytes, 150'000);
  EXPECT_GE(added.files, 1);
  EXPECT_LE(added.files, 3);
  auto after = Snapshot(dir.path());
  ASSERT_EQ(before.size(), after.size()) << "append must not create files";
  int64_t grown = 0, touched = 0;
  for (const auto& [path, text] : after) {
    const std::string& old = before.at(path);
    ASSERT_EQ(text.compare(0, old.size(), old), 0) << path << " was rewritten";
    if (text.size() > old.size()) {
      ++touched;
      grown += static_cast<int64_t>(text.size() - old.size());
      EXPECT_EQ(text.back(), '\n');
    }
  }
  EXPECT_EQ(grown, added.bytes);
  EXPECT_EQ(touched, added.files);
  std::set<std::string> old_ids;
  for (const auto& c : base.calls) old_ids.insert(c.message_id);
  for (const auto& c : added.calls) {
    EXPECT_EQ(old_ids.count(c.message_id), 0u);
    EXPECT_GE(c.ts_ms, start);
  }
  // The whole corpus now reads as base + appended.
  RefCorpus ref = ReadCorpus(dir.path());
  std::vector<TruthCall> all = base.calls;
  all.insert(all.end(), added.calls.begin(), added.calls.end());
  ExpectCallsMatch(ref, all);
  EXPECT_EQ(ref.usage_records, base.usage_records + added.usage_records);
  EXPECT_EQ(ref.malformed_lines, base.malformed_lines + added.malformed_lines);
}

TEST(DemoGenerator, HandComputedCosts) {
  // Sonnet 4.5, prompt 200,010 > 200K: the whole call at $6 / $22.50 / $7.50 / $0.60.
  // 10×6 + 1000×22.5 + 5000×7.5 + 195000×0.6 = 177,060 $/M → $0.17706.
  TokenCounts lc{10, 1000, 5000, 0, 195'000, 0};
  EXPECT_EQ(ExpectedCostNanos("claude-sonnet-4-5-20250929", lc, 0, ""), 177'060'000);
  // Same with a 1h write: 2000×12 instead of 2000×7.5 → +9,000 $/M.
  TokenCounts lc1h{10, 1000, 3000, 2000, 195'000, 0};
  EXPECT_EQ(ExpectedCostNanos("claude-sonnet-4-20250514", lc1h, 0, ""), 186'060'000);
  // Exactly 200,000: base prices. 10×3 + 1000×15 + 5000×3.75 + 184990×0.3 = 89,277 $/M.
  TokenCounts at{10, 1000, 5000, 0, 184'990, 0};
  EXPECT_EQ(ExpectedCostNanos("claude-sonnet-4-5-20250929", at, 0, ""), 89'277'000);
  // Opus 4.6 fast ×6 on tokens, web search not multiplied:
  // (3×5 + 100×25 + 1000×10 + 50000×0.5)×6 = 225,090 $/M, + 2 × $0.01.
  TokenCounts op{3, 100, 0, 1000, 50'000, 0};
  EXPECT_EQ(ExpectedCostNanos("claude-opus-4-6", op, 2, "fast"), 245'090'000);
  EXPECT_EQ(ExpectedCostNanos("claude-opus-4-6", op, 0, "standard"), 37'515'000);
  // Haiku 4.5: 1×1 + 1×5 + 1×1.25 + 1×2 + 1×0.1 = 9.35 $/M → 9,350 nanos.
  TokenCounts hk{1, 1, 1, 1, 1, 0};
  EXPECT_EQ(ExpectedCostNanos("claude-haiku-4-5-20251001", hk, 0, ""), 9'350);
  EXPECT_EQ(ExpectedCostNanos("<synthetic>", hk, 0, ""), std::nullopt);

  // Every long-context call in the corpus, with nanos-per-token tier prices.
  const Corpus& c = SharedCorpus();
  int checked = 0;
  for (const auto& t : c.truth.calls) {
    int64_t prompt = t.tokens.input + t.tokens.cache_write() + t.tokens.cache_read;
    if (t.model.find("sonnet-4") == std::string::npos || prompt <= 200'000) continue;
    int64_t expect = t.tokens.input * 6000 + t.tokens.output * 22500 +
                     t.tokens.cache_write_5m * 7500 + t.tokens.cache_write_1h * 12000 +
                     t.tokens.cache_read * 600 + t.web_search_requests * 10'000'000;
    EXPECT_EQ(t.cost_nanos, expect) << t.message_id;
    ++checked;
  }
  EXPECT_GT(checked, 0);
}

TEST(DemoGenerator, TruthJsonRoundTrips) {
  const Corpus& c = SharedCorpus();
  auto j = nlohmann::json::parse(TruthToJson(c.truth));
  EXPECT_EQ(j["calls"].size(), c.truth.calls.size());
  EXPECT_EQ(j["malformed_lines"].get<int64_t>(), c.truth.malformed_lines);
  int64_t cost = 0;
  for (const auto& t : c.truth.calls) cost += t.cost_nanos;
  EXPECT_EQ(j["totals"]["cost_nanos"].get<int64_t>(), cost);
}

TEST(DemoGenerator, BadRootIsAnError) {
  GeneratorOptions o;
  o.root = "";
  EXPECT_FALSE(GenerateClaudeCorpus(o).ok());
  TempDir dir;
  EXPECT_FALSE(AppendToClaudeCorpus(dir.path(), 1000, 1, kEnd).ok());
}

}  // namespace
}  // namespace receipts::demo
