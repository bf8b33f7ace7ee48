// A mixed corpus of every agent (generated Claude Code history plus our one-trait fixtures of
// Codex, Gemini, OpenClaw, pi and opencode): Σ by agent, model, project, app, person, subagent,
// day, week, month and session each equals the total, in JSON, CSV and table output; and a
// seeded-secrets corpus leaves no secret anywhere in the store.
#include <nlohmann/json.hpp>

#include "cli/cli_runner.h"
#include "core/time.h"
#include "demo/generator.h"
#include "redact/samples.h"
#include "support/test_support.h"

namespace receipts::testing {
namespace {
namespace fs = std::filesystem;

const fs::path kFixtures = RECEIPTS_TEST_FIXTURES;

class MixedTest : public ::testing::Test {
 protected:
  void SetUp() override {
    demo::GeneratorOptions o;
    o.root = (tmp_.path() / "claude").string();
    o.seed = 3;
    o.target_bytes = 600'000;
    o.end_ms = *parse_iso8601_ms("2026-02-20T12:00:00Z");
    o.days = 60;
    ASSERT_TRUE(demo::GenerateClaudeCorpus(o).ok());
    // Codex wants sessions/YYYY/MM/DD/rollout-*.jsonl; opencode lives under XDG_DATA_HOME.
    fs::path day = tmp_.path() / "codex/sessions/2026/01/10";
    fs::create_directories(day);
    int i = 0;
    for (const char* f : {"model_switch.jsonl", "tools_errors.jsonl", "regression_reset.jsonl"}) {
      const int n = i++;
      fs::copy_file(kFixtures / "codex" / f,
                    day / ("rollout-2026-01-10T10-00-0" + std::to_string(n) +
                           "-019c8bfe-ec25-79e0-97d7-bda6a9c5750" + std::to_string(n + 1) + ".jsonl"));
    }
    fs::create_directories(tmp_.path() / "xdg");
    fs::copy(kFixtures / "opencode", tmp_.path() / "xdg/opencode", fs::copy_options::recursive);
    env_ = {{"HOME", tmp_.str()},
            {"CLAUDE_CONFIG_DIR", o.root},
            {"CODEX_HOME", (tmp_.path() / "codex").string()},
            {"GEMINI_DATA_DIR", (kFixtures / "gemini/tmp").string()},
            {"OPENCLAW_DIR", (kFixtures / "openclaw").string()},
            {"PI_AGENT_DIR", (kFixtures / "pi").string()},
            {"XDG_DATA_HOME", (tmp_.path() / "xdg").string()},
            {"USER", "tester"}};
  }
  CliOutput Run(const std::string& args) {
    return RunCli(args + " --db " + tmp_.str() + "/r.db", env_, tmp_.str());
  }
  TempDir tmp_;
  std::map<std::string, std::string> env_;
};

int64_t SumRows(const nlohmann::json& j, const std::string& list, const std::string& key) {
  int64_t sum = 0;
  for (const auto& row : j[list]) sum += row.value(key, int64_t{0});
  return sum;
}

TEST_F(MixedTest, EveryDimensionPartitionsTheTotalInEveryFormat) {
  auto agents = nlohmann::json::parse(Run("agents --json").out);
  std::set<std::string> names;
  for (const auto& row : agents["agents"]) names.insert(row["agent"].get<std::string>());
  EXPECT_EQ(names, (std::set<std::string>{"claude", "codex", "gemini", "openclaw", "opencode", "pi"}));
  for (const std::string filter : {"", "--since 2026-01-06", "-z America/New_York", "--agent codex,pi",
                                   "--mode calculate"}) {
    SCOPED_TRACE(filter);
    int64_t total = -1, total_tokens = -1;
    std::string table_total;
    for (const std::string report : {"daily", "weekly", "monthly", "session", "projects", "apps",
                                     "agents", "subagents", "people", "models", "tokens"}) {
      SCOPED_TRACE(report);
      CliOutput o = Run(report + " --json " + filter);
      ASSERT_EQ(o.code, 0) << o.err;
      auto j = nlohmann::json::parse(o.out);
      std::string list = report == "session" ? "sessions" : report;
      int64_t t = j["totals"]["totalCostNanos"];
      EXPECT_EQ(SumRows(j, list, "totalCostNanos"), t);
      if (report == "tokens") {
        // Rows are (model, token type): the input rows hold every input token.
        int64_t input = 0;
        for (const auto& row : j[list]) {
          if (row["tokenType"] == "input") input += row["tokens"].get<int64_t>();
        }
        j["totals"]["inputTokens"] = input;
      } else {
        EXPECT_EQ(SumRows(j, list, "inputTokens"), j["totals"]["inputTokens"].get<int64_t>());
      }
      if (total < 0) {
        total = t;
        total_tokens = j["totals"]["inputTokens"];
      }
      EXPECT_EQ(t, total);
      EXPECT_EQ(j["totals"]["inputTokens"].get<int64_t>(), total_tokens);
      // CSV: the same rows, the totals row last.
      CliOutput csv = Run(report + " --csv " + filter);
      ASSERT_EQ(csv.code, 0) << csv.err;
      EXPECT_GT(std::count(csv.out.begin(), csv.out.end(), '\n'), 1);
      // Table: the Total row shows the same rounded amount everywhere.
      CliOutput table = Run(report + " " + filter);
      ASSERT_EQ(table.code, 0) << table.err;
      std::string line;
      std::istringstream rows(table.out);
      for (std::string l; std::getline(rows, l);) {
        if (l.rfind("│ Total ", 0) == 0 && l.find('$') != std::string::npos) line = l;
      }
      ASSERT_FALSE(line.empty()) << table.out;
      std::string amount = line.substr(line.find('$'));
      amount = amount.substr(0, amount.find(' '));
      if (report == "daily") table_total = amount;
      if (report != "projects" && report != "apps" && report != "agents" &&
          report != "subagents" && report != "people" && report != "models") {
        EXPECT_EQ(amount, table_total);
      }
    }
  }
}

TEST(SecretsTest, SeededSecretsNeverReachTheStore) {
  TempDir tmp;
  std::vector<std::string> secrets;
  for (const auto& c : redact::SampleSecretCases()) secrets.push_back(c.secret);
  // Plant every secret in a prompt, a shell command, a tool result, an error and a Task
  // description, in Claude Code and OpenClaw logs.
  std::string claude, openclaw =
      R"({"type":"session","version":3,"id":"oc1","timestamp":"2026-01-01T00:00:00.000Z","cwd":"/w"})" "\n";
  int n = 0;
  auto esc = [](const std::string& s) { return nlohmann::json(s).dump(); };
  for (const auto& c : redact::SampleSecretCases()) {
    std::string id = std::to_string(n++);
    std::string ts = "2026-01-01T00:" + std::string(n < 10 ? "0" : "") + std::to_string(n % 60) + ":00.000Z";
    claude += R"({"type":"user","uuid":"u)" + id + R"(","sessionId":"s1","cwd":"/w","timestamp":")" + ts +
              R"(","message":{"role":"user","content":)" + esc("please use " + c.text + " now") + "}}\n";
    claude += R"({"type":"assistant","sessionId":"s1","cwd":"/w","timestamp":")" + ts +
              R"(","message":{"id":"m)" + id + R"(","model":"claude-haiku-4-5","usage":{"input_tokens":1,"output_tokens":1},"content":[{"type":"tool_use","id":"t)" + id +
              R"(","name":"Bash","input":{"command":)" + esc("curl -H 'x: " + c.text + "' https://x") +
              R"(}},{"type":"tool_use","id":"k)" + id + R"(","name":"Task","input":{"subagent_type":"helper","description":)" +
              esc("check " + c.text) + "}}]}}\n";
    claude += R"({"type":"user","uuid":"r)" + id + R"(","sessionId":"s1","cwd":"/w","timestamp":")" + ts +
              R"(","message":{"role":"user","content":[{"type":"tool_result","tool_use_id":"t)" + id +
              R"(","is_error":true,"content":)" + esc("failed with " + c.text) + "}]}}\n";
    claude += R"({"type":"assistant","isApiErrorMessage":true,"sessionId":"s1","timestamp":")" + ts +
              R"(","message":{"id":"e)" + id + R"(","model":"<synthetic>","usage":{"input_tokens":0,"output_tokens":0},"content":[{"type":"text","text":)" +
              esc("API Error: " + c.text) + "}]}}\n";
    openclaw += R"({"type":"message","id":"x)" + id + R"(","timestamp":")" + ts +
                R"(","message":{"role":"user","content":[{"type":"text","text":)" + esc(c.text) + "}]}}\n";
  }
  WriteFile(tmp.path() / "claude/projects/-w/s1.jsonl", claude);
  WriteFile(tmp.path() / "oc/agents/main/sessions/oc1.jsonl", openclaw);
  std::map<std::string, std::string> env = {{"HOME", tmp.str()},
                                            {"CLAUDE_CONFIG_DIR", tmp.str() + "/claude"},
                                            {"OPENCLAW_DIR", tmp.str() + "/oc"}};
  std::string db = " --db " + tmp.str() + "/r.db";
  ASSERT_EQ(RunCli("scan" + db, env, tmp.str()).code, 0);
  CliOutput tables = RunCli("sql --csv \"SELECT name FROM sqlite_master WHERE type IN ('table','view')\"" + db, env, tmp.str());
  ASSERT_EQ(tables.code, 0) << tables.err;
  std::istringstream lines(tables.out);
  std::string table;
  std::getline(lines, table);  // header
  int checked = 0;
  while (std::getline(lines, table)) {
    CliOutput dump = RunCli("sql --json --no-scan \"SELECT * FROM " + table + "\"" + db, env, tmp.str());
    ASSERT_EQ(dump.code, 0) << table << ": " << dump.err;
    for (const auto& s : secrets) EXPECT_EQ(dump.out.find(s), std::string::npos) << "secret in " << table << ": " << s;
    checked++;
  }
  EXPECT_GE(checked, 12);
  // Nor in any report or export.
  for (const std::string report : {"prompts", "tools", "errors", "subagents", "files", "commits"}) {
    CliOutput o = RunCli(report + " --json --no-scan" + db, env, tmp.str());
    ASSERT_EQ(o.code, 0) << o.err;
    for (const auto& s : secrets) EXPECT_EQ(o.out.find(s), std::string::npos) << report << ": " << s;
  }
  // The prompts were stored, redacted.
  CliOutput prompts = RunCli("sql --json --no-scan \"SELECT count(*) AS n FROM prompts WHERE text LIKE '%[REDACTED:%'\"" + db, env, tmp.str());
  EXPECT_NE(prompts.out.find("\"n\": " + std::to_string(2 * n)), std::string::npos) << prompts.out;
}

}  // namespace
}  // namespace receipts::testing
