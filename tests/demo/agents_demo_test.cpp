// The Codex/Gemini/OpenClaw/pi/opencode generators: deterministic for a seed, and every pitfall
// appears.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <sstream>

#include "core/time.h"
#include "demo/agents.h"

namespace receipts::demo {
namespace {

namespace fs = std::filesystem;

struct Tmp {
  Tmp() {
    std::random_device rd;
    path = fs::temp_directory_path() / ("receipts-agents-" + std::to_string(rd()) + std::to_string(rd()));
    fs::create_directories(path);
  }
  ~Tmp() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
  fs::path path;
};

GeneratorOptions Opts(const fs::path& root, uint64_t seed) {
  GeneratorOptions o;
  o.root = root.string();
  o.seed = seed;
  o.target_bytes = 200'000;
  o.end_ms = *parse_iso8601_ms("2026-05-01T12:00:00Z");
  o.days = 7;
  return o;
}

// Relative path → content of every file under root.
std::map<std::string, std::string> Snapshot(const fs::path& root) {
  std::map<std::string, std::string> out;
  for (const auto& e : fs::recursive_directory_iterator(root)) {
    if (!e.is_regular_file()) continue;
    std::ifstream in(e.path(), std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    out[fs::relative(e.path(), root).string()] = ss.str();
  }
  return out;
}

using Gen = Result<Truth> (*)(const GeneratorOptions&);

void ExpectDeterministic(Gen gen, const std::string& agent) {
  SCOPED_TRACE(agent);
  Tmp a, b, c;
  auto ta = gen(Opts(a.path, 5));
  auto tb = gen(Opts(b.path, 5));
  auto tc = gen(Opts(c.path, 6));
  ASSERT_TRUE(ta.ok() && tb.ok() && tc.ok());
  EXPECT_EQ(Snapshot(a.path), Snapshot(b.path));
  EXPECT_NE(Snapshot(a.path), Snapshot(c.path));
  EXPECT_EQ(TruthToJson(ta.value()), TruthToJson(tb.value()));
  EXPECT_GE(ta.value().bytes, 200'000);
  EXPECT_EQ(ta.value().files, static_cast<int64_t>(Snapshot(a.path).size()));
  for (const auto& call : ta.value().calls) {
    EXPECT_EQ(call.agent, agent);
    EXPECT_GT(call.tokens.total(), 0);
    EXPECT_GT(call.cost_nanos, 0) << call.message_id;
  }
}

TEST(AgentsDemoTest, CodexDeterministicWithEveryPitfall) {
  ExpectDeterministic(&GenerateCodexCorpus, "codex");
  Tmp t;
  auto truth = GenerateCodexCorpus(Opts(t.path, 9));
  ASSERT_TRUE(truth.ok());
  for (const char* trait : {"reemit", "reset", "fill_context", "fork", "info_null", "model_switch", "reasoning"}) {
    EXPECT_GT(truth.value().traits[trait], 0) << trait;
  }
  int forks = 0, sessions = 0;
  for (const auto& [path, text] : Snapshot(t.path)) {
    EXPECT_EQ(path.rfind("sessions/2026/", 0), 0u) << path;
    sessions++;
    if (text.find("\"forked_from_id\"") != std::string::npos) forks++;
  }
  EXPECT_GT(forks, 0);
  EXPECT_GT(sessions, forks);
}

TEST(AgentsDemoTest, OpenClawDeterministicWithEveryPitfall) {
  ExpectDeterministic(&GenerateOpenClawCorpus, "openclaw");
  Tmp t;
  auto truth = GenerateOpenClawCorpus(Opts(t.path, 9));
  ASSERT_TRUE(truth.ok());
  for (const char* trait : {"zero_cost", "recorded_cost", "reset_archive", "error_turn", "gateway"}) {
    EXPECT_GT(truth.value().traits[trait], 0) << trait;
  }
  int archives = 0;
  for (const auto& [path, text] : Snapshot(t.path)) {
    EXPECT_EQ(path.rfind("agents/main/sessions/", 0), 0u) << path;
    if (path.find(".jsonl.reset.") != std::string::npos) archives++;
  }
  EXPECT_EQ(archives, truth.value().traits["reset_archive"]);
  int recorded = 0;
  for (const auto& c : truth.value().calls) recorded += c.recorded_cost_usd.has_value();
  EXPECT_EQ(recorded, truth.value().traits["recorded_cost"]);
}

TEST(AgentsDemoTest, GeminiDeterministicWithEveryPitfall) {
  ExpectDeterministic(&GenerateGeminiCorpus, "gemini");
  Tmp t;
  auto truth = GenerateGeminiCorpus(Opts(t.path, 9));
  ASSERT_TRUE(truth.ok());
  for (const char* trait :
       {"reappend", "rewind", "legacy_json", "migrated", "no_tokens", "error_message"}) {
    EXPECT_GT(truth.value().traits[trait], 0) << trait;
  }
  int legacy = 0, rewinds = 0;
  for (const auto& [path, text] : Snapshot(t.path)) {
    if (path.size() > 5 && path.substr(path.size() - 5) == ".json") legacy++;
    if (text.find("\"$rewindTo\"") != std::string::npos) rewinds++;
  }
  EXPECT_EQ(legacy, truth.value().traits["legacy_json"]);
  EXPECT_GT(rewinds, 0);
  for (const auto& c : truth.value().calls) {
    if (c.model == "gemini-2.5-flash") {
      EXPECT_EQ(c.tokens.cache_read, 0);  // `?` cached price
    }
  }
  auto before = Snapshot(t.path);
  auto extra = RewriteGeminiLegacy(t.path.string(), 1);
  ASSERT_TRUE(extra.ok()) << extra.status().message();
  ASSERT_EQ(extra.value().calls.size(), 1u);
  EXPECT_EQ(extra.value().calls[0].agent, "gemini");
  auto after = Snapshot(t.path);
  int changed = 0;
  for (const auto& [path, text] : after) changed += before[path] != text;
  EXPECT_EQ(changed, 1);
}

TEST(AgentsDemoTest, PiDeterministicWithEveryPitfall) {
  ExpectDeterministic(&GeneratePiCorpus, "pi");
  Tmp t;
  auto truth = GeneratePiCorpus(Opts(t.path, 9));
  ASSERT_TRUE(truth.ok());
  for (const char* trait :
       {"recorded_cost", "zero_cost", "aborted_billed", "error_turn", "tree_branch", "branch_file",
        "old_branch_file", "header_model", "model_switch", "compaction", "bash_execution"}) {
    EXPECT_GT(truth.value().traits[trait], 0) << trait;
  }
  int branch_files = 0, old_branch_files = 0, sessions = 0;
  for (const auto& [path, text] : Snapshot(t.path)) {
    EXPECT_EQ(path.rfind("sessions/--w-pi-", 0), 0u) << path;
    EXPECT_NE(path.find("Z_"), std::string::npos) << path;  // <ISO>_<uuid>.jsonl
    sessions++;
    branch_files += text.find("\"parentSession\"") != std::string::npos;
    old_branch_files += text.find("\"branchedFrom\"") != std::string::npos;
  }
  EXPECT_EQ(branch_files, truth.value().traits["branch_file"]);
  EXPECT_EQ(old_branch_files, truth.value().traits["old_branch_file"]);
  int recorded = 0;
  for (const auto& c : truth.value().calls) recorded += c.recorded_cost_usd.has_value();
  EXPECT_EQ(recorded, truth.value().traits["recorded_cost"]);
  // Copies: more usage lines than calls.
  EXPECT_GT(truth.value().usage_records, static_cast<int64_t>(truth.value().calls.size()));
}

TEST(AgentsDemoTest, OpenCodeDeterministicWithEveryPitfall) {
  ExpectDeterministic(&GenerateOpenCodeCorpus, "opencode");
  Tmp t;
  auto truth = GenerateOpenCodeCorpus(Opts(t.path, 9));
  ASSERT_TRUE(truth.ok());
  for (const char* trait :
       {"db_message", "channel_db", "legacy_copy", "legacy_stale", "legacy_only",
        "recorded_cost", "zero_cost", "reasoning", "model_alias", "subagent", "nested_subagent",
        "aborted_billed", "error_message", "in_progress"}) {
    EXPECT_GT(truth.value().traits[trait], 0) << trait;
  }
  auto files = Snapshot(t.path);
  ASSERT_TRUE(files.count("opencode.db"));
  ASSERT_TRUE(files.count("opencode-dev.db"));
  EXPECT_EQ(files["opencode.db"].rfind("SQLite format 3", 0), 0u);
  int messages = 0;
  for (const auto& [path, text] : files) {
    messages += path.rfind("storage/message/", 0) == 0;
  }
  EXPECT_GT(messages, 0);
  int sidechain = 0, models = 0;
  std::map<std::string, int> by_model;
  for (const auto& c : truth.value().calls) {
    sidechain += c.sidechain;
    if (c.sidechain) {
      EXPECT_FALSE(c.agent_type.empty()) << c.message_id;
    }
    by_model[c.model]++;
  }
  EXPECT_GT(sidechain, 0);
  for (const char* model : {"claude-sonnet-4-5", "claude-haiku-4-5-20251001", "claude-sonnet-4.5",
                            "anthropic/claude-sonnet-4.5", "gpt-5.1-codex"}) {
    models += by_model.count(model) > 0;
  }
  EXPECT_EQ(models, 5);
}

TEST(AgentsDemoTest, AgentCostTable) {
  TokenCounts t;
  t.input = 2;        // 1.25 $/MTok = 1,250 nano-$ a token
  t.cache_read = 10;  // 0.125 $/MTok
  t.output = 3;       // 10 $/MTok
  EXPECT_EQ(ExpectedAgentCostNanos("gpt-5-codex", t), 2'500 + 1'250 + 30'000);
  TokenCounts cached;
  cached.cache_read = 10;  // gemini-2.5-flash's cached price is `?`: unpriced
  EXPECT_EQ(ExpectedAgentCostNanos("gemini-2.5-flash", cached), std::nullopt);
  EXPECT_EQ(ExpectedAgentCostNanos("gemini-3-flash-preview", cached), 500);
  TokenCounts write;
  write.cache_write_5m = 1;
  EXPECT_EQ(ExpectedAgentCostNanos("claude-sonnet-4-5", write), 3'750);
  EXPECT_EQ(ExpectedAgentCostNanos("gpt-5.2", write), std::nullopt);  // never emitted
  EXPECT_EQ(ExpectedAgentCostNanos("no-such-model", t), std::nullopt);
  // Spellings pi and opencode log price as their canonical model.
  EXPECT_EQ(ExpectedAgentCostNanos("claude-haiku-4-5", write), 1'250);
  EXPECT_EQ(ExpectedAgentCostNanos("claude-haiku-4-5-20251001", write), 1'250);
  EXPECT_EQ(ExpectedAgentCostNanos("claude-sonnet-4.5", write), 3'750);
  EXPECT_EQ(ExpectedAgentCostNanos("anthropic/claude-sonnet-4.5", write), 3'750);
  EXPECT_EQ(ExpectedAgentCostNanos("gpt-5.1-codex", t), 2'500 + 1'250 + 30'000);
}

}  // namespace
}  // namespace receipts::demo
