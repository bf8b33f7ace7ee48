// Bulk loads (indexes dropped, keys found in memory, indexes and merged sessions' rollup built
// at the end) write exactly the store an indexed, batch-by-batch load writes: same calls with
// the same tokens and costs, same rollup, same events. Small batches make copies of one call,
// prompt or tool call land in different transactions, so cross-batch merges are exercised.
#include <filesystem>

#include "core/time.h"
#include "demo/agents.h"
#include "demo/generator.h"
#include "store/indexes.h"
#include "support/agents_truth.h"
#include "support/test_support.h"

namespace receipts::testing {
namespace {

using Bulk = ingest::IngestOptions::Bulk;

// Every row of `sql` as text, in its ORDER BY.
std::vector<std::string> Rows(store::Store& s, const std::string& sql) {
  std::vector<std::string> out;
  store::Stmt st = s.db().MustPrepare(sql);
  while (st.Step()) {
    std::string row;
    for (int i = 0; i < st.ColumnCount(); ++i) row += st.Text(i) + "|";
    out.push_back(std::move(row));
  }
  EXPECT_TRUE(st.status().ok()) << st.status().message();
  return out;
}

// The content of a store independent of row ids and insertion order.
struct Snapshot {
  std::vector<std::string> calls, rollup, prompts, tool_calls, tool_results, subagent_runs, errors;
  bool operator==(const Snapshot&) const = default;
};

Snapshot Take(store::Store& s) {
  Snapshot x;
  x.calls = Rows(s,
      "SELECT c.dedupe_key, c.key_hash, se.agent, se.session_id, m.name, c.subagent_id, "
      "c.sidechain, c.ts_ms, c.input, c.output, c.cache_write_total, c.cache_write_1h, "
      "c.cache_read, c.reasoning, c.web_search, c.speed, c.cost_recorded_nanos, "
      "c.cost_calc_nanos, c.long_context, c.copies, c.line_offset, c.turn_id, c.needs_price, "
      "c.cost_input_nanos, c.cost_output_nanos, c.cost_cache_write_5m_nanos, "
      "c.cost_cache_write_1h_nanos, c.cost_cache_read_nanos, c.cost_web_search_nanos "
      "FROM calls c JOIN sessions se ON se.id = c.session_ref JOIN models m ON m.id = c.model_ref "
      "ORDER BY c.dedupe_key");
  x.rollup = Rows(s,
      "SELECT se.agent, se.session_id, r.bucket_ms, m.name, r.subagent_id, r.calls, r.input, "
      "r.output, r.cache_write_5m, r.cache_write_1h, r.cache_read, r.reasoning, r.web_search, "
      "r.cost_calc_nanos, r.cost_recorded_nanos, r.cost_auto_nanos, r.unpriced_calc, "
      "r.unpriced_auto, r.cost_input_nanos, r.cost_output_nanos, r.cost_cache_write_5m_nanos, "
      "r.cost_cache_write_1h_nanos, r.cost_cache_read_nanos, r.cost_web_search_nanos "
      "FROM rollup r JOIN sessions se ON se.id = r.session_ref "
      "JOIN models m ON m.id = r.model_ref ORDER BY 1, 2, 3, 4, 5");
  x.prompts = Rows(s,
      "SELECT agent, turn_id, key_hash, ts_ms, text, text_hash, chars, sidechain, subagent_id "
      "FROM prompts ORDER BY agent, turn_id");
  x.tool_calls = Rows(s,
      "SELECT agent, tool_use_id, key_hash, turn_id, call_key, ts_ms, name, target, input_bytes, "
      "sidechain, subagent_id FROM tool_calls ORDER BY agent, tool_use_id");
  x.tool_results = Rows(s,
      "SELECT agent, tool_use_id, key_hash, ts_ms, result_bytes, is_error, head FROM tool_results "
      "ORDER BY agent, tool_use_id");
  x.subagent_runs = Rows(s,
      "SELECT agent, run_key, key_hash, agent_id, tool_use_id, type, description, ts_ms "
      "FROM subagent_runs ORDER BY agent, run_key");
  // Errors without a tool call are keyed by file id, which depends on the order files were
  // first seen: compared by content.
  x.errors = Rows(s,
      "SELECT agent, CASE WHEN tool_use_id = '' THEN '' ELSE error_key END, turn_id, ts_ms, "
      "kind, message, tool_use_id FROM errors ORDER BY 1, 2, 4, 5, 6");
  return x;
}

std::vector<std::string> IndexNames(store::Store& s) {
  return Rows(s, "SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
                 "ORDER BY name");
}

void ExpectSame(const Snapshot& a, const Snapshot& b) {
  EXPECT_EQ(a.calls, b.calls);
  EXPECT_EQ(a.rollup, b.rollup);
  EXPECT_EQ(a.prompts, b.prompts);
  EXPECT_EQ(a.tool_calls, b.tool_calls);
  EXPECT_EQ(a.tool_results, b.tool_results);
  EXPECT_EQ(a.subagent_runs, b.subagent_runs);
  EXPECT_EQ(a.errors, b.errors);
}

TEST(BulkTest, BulkAndIndexedLoadsWriteTheSameStoreForEveryAgent) {
  TempDir tmp;
  ASSERT_TRUE(demo::GenerateClaudeCorpus(AgentOptions(tmp.path() / "claude", 5, 2'500'000)).ok());
  ASSERT_TRUE(demo::GenerateCodexCorpus(AgentOptions(tmp.path() / "codex", 6, 400'000)).ok());
  ASSERT_TRUE(demo::GenerateGeminiCorpus(AgentOptions(tmp.path() / "gemini", 7, 400'000)).ok());
  ASSERT_TRUE(demo::GenerateOpenClawCorpus(AgentOptions(tmp.path() / "openclaw", 8, 400'000)).ok());
  auto env = AgentsEnv(tmp);
  store::Store bulk = OpenStore((tmp.path() / "bulk.db").string());
  store::Store indexed = OpenStore((tmp.path() / "indexed.db").string());
  auto bulk_stats = IngestOrDie(bulk, env, 128 << 10, Bulk::kAlways);
  auto indexed_stats = IngestOrDie(indexed, env, 128 << 10, Bulk::kNever);
  EXPECT_TRUE(bulk_stats.bulk);
  EXPECT_FALSE(indexed_stats.bulk);
  EXPECT_EQ(bulk_stats.calls_touched, indexed_stats.calls_touched);
  Snapshot a = Take(bulk), b = Take(indexed);
  ASSERT_GT(a.calls.size(), 1000u);
  ASSERT_GT(a.tool_calls.size(), 500u);
  ASSERT_GT(a.prompts.size(), 100u);
  ASSERT_FALSE(a.subagent_runs.empty());
  ASSERT_FALSE(a.errors.empty());
  ExpectSame(a, b);
  // The bulk store ends with every index back and the load marked done.
  EXPECT_EQ(IndexNames(bulk), IndexNames(indexed));
  for (const store::IndexDef& idx : store::BulkIndexes()) {
    EXPECT_EQ(Rows(bulk, "SELECT count(*) FROM sqlite_master WHERE name = '" +
                             std::string(idx.name) + "'"),
              std::vector<std::string>{"1|"})
        << idx.name;
  }
  EXPECT_EQ(bulk.GetMeta("bulk_load"), "0");

  // More history later, read incrementally (not bulk) into both: still the same.
  ASSERT_TRUE(demo::GenerateCodexCorpus(AgentOptions(tmp.path() / "codex", 60, 200'000)).ok());
  ASSERT_TRUE(demo::GenerateClaudeCorpus(AgentOptions(tmp.path() / "claude", 50, 600'000)).ok());
  EXPECT_FALSE(IngestOrDie(bulk, env, 128 << 10).bulk);
  IngestOrDie(indexed, env, 128 << 10, Bulk::kNever);
  ExpectSame(Take(bulk), Take(indexed));
}

TEST(BulkTest, AutoChoosesBulkOnlyForLargeLoads) {
  TempDir tmp;
  ASSERT_TRUE(demo::GenerateClaudeCorpus(AgentOptions(tmp.path() / "claude", 9, 1'000'000)).ok());
  auto env = AgentsEnv(tmp);
  store::Store s = OpenStore((tmp.path() / "r.db").string());
  // 1 MB is below kBulkMinBytes: an indexed load even into an empty store.
  auto stats = IngestOrDie(s, env);
  EXPECT_FALSE(stats.bulk);
  EXPECT_GT(stats.bytes_parsed, 900'000);
  EXPECT_EQ(s.GetMeta("bulk_load"), std::nullopt);
  // Nothing new: no bulk load even when asked for one.
  EXPECT_FALSE(IngestOrDie(s, env, 64 << 20, Bulk::kAlways).bulk);
}

TEST(BulkTest, InterruptedBulkLoadIsFinishedByTheNextScan) {
  TempDir tmp;
  ASSERT_TRUE(demo::GenerateClaudeCorpus(AgentOptions(tmp.path() / "claude", 10, 1'500'000)).ok());
  auto env = AgentsEnv(tmp);
  std::string path = (tmp.path() / "r.db").string();
  {
    // What a kill after some batches of a bulk load leaves: the flag set, the indexes
    // dropped, the files read so far committed, and a rollup still missing the rebuild of
    // sessions whose calls merged across batches (here: rows lost at random).
    store::Store s = OpenStore(path);
    IngestOrDie(s, env, 64 << 20, Bulk::kNever);
    ASSERT_TRUE(s.SetMeta("bulk_load", "1").ok());
    ASSERT_TRUE(store::DropBulkIndexes(s.db()).ok());
    ASSERT_TRUE(s.db().Exec("DELETE FROM rollup WHERE (bucket_ms / 900000) % 3 = 0").ok());
  }
  // The files the killed load had not reached yet.
  ASSERT_TRUE(demo::GenerateClaudeCorpus(AgentOptions(tmp.path() / "claude", 11, 800'000)).ok());
  store::Store s = OpenStore(path);
  auto stats = IngestOrDie(s, env, 64 << 20, Bulk::kNever);  // resumes bulk whatever is asked
  EXPECT_TRUE(stats.bulk);
  EXPECT_GT(stats.files_parsed, 0);
  EXPECT_EQ(s.GetMeta("bulk_load"), "0");
  store::Store fresh = OpenStore((tmp.path() / "fresh.db").string());
  IngestOrDie(fresh, env, 64 << 20, Bulk::kNever);
  ExpectSame(Take(s), Take(fresh));
  EXPECT_EQ(IndexNames(s), IndexNames(fresh));
}

}  // namespace
}  // namespace receipts::testing
