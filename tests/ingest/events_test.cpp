// Events beyond usage on the real spotter transcript and on generated corpora: prompts, turns,
// tool calls and results, subagent types (all three layouts), errors; --no-text.
#include "core/time.h"
#include "demo/generator.h"
#include "reports/view.h"
#include "support/test_support.h"

namespace receipts::testing {
namespace {
namespace fs = std::filesystem;

int64_t Count(store::Store& s, const std::string& sql) {
  store::Stmt st = s.db().MustPrepare(sql);
  EXPECT_TRUE(st.Step()) << sql;
  return st.Int(0);
}

TEST(EventsTest, SpotterToolsPromptsSubagentTypes) {
  REQUIRE_SHARED_FIXTURES();
  TempDir tmp;
  store::Store s = OpenStore((tmp.path() / "r.db").string());
  IngestOrDie(s, EnvWithClaude((SharedFixtures() / "claude-code" / "spotter-v2.1.39").string(), tmp.str()));
  // Expected numbers from an independent Python pass over the same files (unique tool_use ids
  // of assistant lines; tool_result blocks; human prompts = user lines that are not sidechain,
  // meta, compact summaries or tool results).
  EXPECT_EQ(Count(s, "SELECT count(*) FROM tool_calls"), 188);
  EXPECT_EQ(Count(s, "SELECT count(*) FROM tool_calls WHERE name = 'Bash'"), 79);
  EXPECT_EQ(Count(s, "SELECT count(*) FROM tool_results"), 188);
  EXPECT_EQ(Count(s, "SELECT count(*) FROM errors WHERE kind = 'tool_error'"), 7);
  EXPECT_EQ(Count(s, "SELECT count(*) FROM prompts WHERE sidechain = 0"), 5);
  // Layout C subagent linked to its Task call's subagent_type; the compaction run is typed too.
  store::Stmt st = s.db().MustPrepare(
      "SELECT subagent, count(*), sum(input_tokens) FROM usage GROUP BY subagent ORDER BY subagent");
  std::vector<std::tuple<std::string, int64_t, int64_t>> rows;
  while (st.Step()) rows.emplace_back(st.Text(0), st.Int(1), st.Int(2));
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0], std::make_tuple(std::string("claude-code-guide"), int64_t(3), int64_t(15)));
  EXPECT_EQ(rows[1], std::make_tuple(std::string("compaction"), int64_t(1), int64_t(3)));
  EXPECT_EQ(rows[2], std::make_tuple(std::string("main"), int64_t(152), int64_t(180)));
  // Every main-thread call after the first prompt belongs to a turn.
  EXPECT_EQ(Count(s, "SELECT count(*) FROM calls c WHERE c.sidechain = 0 AND c.turn_id = '' AND "
                     "c.ts_ms > (SELECT min(ts_ms) FROM prompts)"), 0);
  // The subagents view partitions the total and names who delegated.
  reports::Filters f;
  auto view = reports::RunDimension(s, "subagents", f, {});
  ASSERT_TRUE(view.ok()) << view.status().message();
  size_t cost_col = 0;
  for (size_t i = 0; i < view.value().columns.size(); ++i) {
    if (view.value().columns[i].key == "totalCostNanos") cost_col = i;
  }
  int64_t sum = 0;
  std::vector<std::string> names;
  for (const auto& r : view.value().rows) {
    sum += std::get<int64_t>(r.cells[cost_col]);
    names.push_back(std::get<std::string>(r.cells[0]));
  }
  EXPECT_EQ(names, (std::vector<std::string>{"main", "claude-code-guide", "compaction"}));
  auto daily = reports::RunGrouped(s, reports::GroupBy::kDay, f);
  EXPECT_EQ(sum, daily.value().totals.money.cost_nanos);
  // Prompts: the turn that spawned the Task includes the subagent's calls.
  auto prompts = reports::RunPrompts(s, f, {});
  ASSERT_TRUE(prompts.ok()) << prompts.status().message();
  int64_t prompt_calls = 0;
  for (const auto& r : prompts.value().rows) prompt_calls += std::get<int64_t>(r.cells[5]);
  EXPECT_EQ(prompt_calls, Count(s, "SELECT count(*) FROM calls c WHERE c.turn_id <> '' OR "
                                   "c.subagent_id = 'a881341'"));
}

TEST(EventsTest, GeneratedSubagentTypesInEveryLayout) {
  TempDir tmp;
  demo::GeneratorOptions o;
  o.root = (tmp.path() / "claude").string();
  o.seed = 5;
  o.target_bytes = 2'000'000;
  o.end_ms = *parse_iso8601_ms("2026-06-30T18:00:00Z");
  auto truth = demo::GenerateClaudeCorpus(o);
  ASSERT_TRUE(truth.ok());
  store::Store s = OpenStore((tmp.path() / "r.db").string());
  IngestOrDie(s, EnvWithClaude(o.root, tmp.str()));
  store::Stmt st = s.db().MustPrepare("SELECT subagent FROM usage WHERE dedupe_key = ?1");
  int checked = 0, mismatches = 0;
  for (const auto& c : truth.value().calls) {
    st.Bind(1, "m:" + c.message_id);
    ASSERT_TRUE(st.Step());
    std::string want = c.sidechain ? c.agent_type : "main";
    if (st.Text(0) != want && ++mismatches <= 5) {
      ADD_FAILURE() << c.message_id << ": subagent " << st.Text(0) << ", want " << want;
    }
    checked += c.sidechain;
    st.Reset();
  }
  EXPECT_GT(checked, 20);
  EXPECT_EQ(mismatches, 0);
}

TEST(EventsTest, NoTextStoresHashesOnly) {
  TempDir tmp;
  WriteFile(tmp.path() / "claude/projects/-w/s1.jsonl",
            R"({"type":"user","uuid":"u1","sessionId":"s1","cwd":"/w","timestamp":"2026-01-01T00:00:00Z","message":{"role":"user","content":"refactor the billing module please"}})"
            "\n"
            R"({"type":"assistant","uuid":"a1","sessionId":"s1","cwd":"/w","timestamp":"2026-01-01T00:00:05Z","message":{"id":"m1","model":"claude-haiku-4-5","usage":{"input_tokens":10,"output_tokens":5},"content":[{"type":"tool_use","id":"t1","name":"Read","input":{"file_path":"/w/billing.py"}}]}})"
            "\n");
  store::Store s = OpenStore((tmp.path() / "r.db").string());
  ingest::IngestOptions o;
  o.env = EnvWithClaude((tmp.path() / "claude").string(), tmp.str());
  o.store_text = false;
  auto prices = pricing::PriceBook::Bundled();
  ASSERT_TRUE(ingest::Ingest(s, prices, o).ok());
  store::Stmt st = s.db().MustPrepare("SELECT text IS NULL, length(text_hash), chars, turn_id FROM prompts");
  ASSERT_TRUE(st.Step());
  EXPECT_EQ(st.Int(0), 1);
  EXPECT_GE(st.Int(1), 32);
  EXPECT_EQ(st.Int(2), 34);
  EXPECT_EQ(st.Text(3), "u1");
  EXPECT_EQ(Count(s, "SELECT count(*) FROM calls WHERE turn_id = 'u1'"), 1);
  EXPECT_EQ(Count(s, "SELECT count(*) FROM tool_calls WHERE target = '/w/billing.py' AND turn_id = 'u1'"), 1);
}

}  // namespace
}  // namespace receipts::testing
