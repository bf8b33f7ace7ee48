// The store: migrations from an older schema keep every row, the bulk-load index list matches
// what the migrations create, and the stored key hash never changes.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <random>

#include "store/indexes.h"
#include "store/schema.h"
#include "store/store.h"

namespace receipts::store {
namespace {

class TempPath {
 public:
  TempPath() {
    std::random_device rd;
    dir_ = std::filesystem::temp_directory_path() /
           ("receipts-store-test-" + std::to_string(rd()) + std::to_string(rd()));
    std::filesystem::create_directories(dir_);
  }
  ~TempPath() { std::filesystem::remove_all(dir_); }
  std::string db() const { return (dir_ / "r.db").string(); }

 private:
  std::filesystem::path dir_;
};

std::vector<std::string> Column(Db& db, const std::string& sql) {
  std::vector<std::string> out;
  Stmt st = db.MustPrepare(sql);
  while (st.Step()) out.push_back(st.Text(0));
  return out;
}

TEST(StoreTest, KeyHashIsPinned) {
  // Stored in every keyed table: a change would orphan every stored key.
  EXPECT_EQ(KeyHash("claude", "toolu_01"), 4621808964880699854LL);
  EXPECT_EQ(KeyHash("", "m:msg_01:req_01"), 5602644602041146486LL);
  EXPECT_NE(KeyHash("a", "bc"), KeyHash("ab", "c"));  // the separator matters
}

TEST(StoreTest, BulkIndexesAreExactlyTheMigratedOnes) {
  TempPath tmp;
  auto s = Store::Open(tmp.db());
  ASSERT_TRUE(s.ok()) << s.status().message();
  for (const IndexDef& idx : BulkIndexes()) {
    auto sql = Column(s.value().db(), "SELECT sql FROM sqlite_master WHERE type = 'index' AND "
                                      "name = '" + std::string(idx.name) + "'");
    ASSERT_EQ(sql.size(), 1u) << idx.name;
    EXPECT_EQ(sql[0], idx.sql);
  }
  ASSERT_TRUE(DropBulkIndexes(s.value().db()).ok());
  auto left = Column(s.value().db(), "SELECT name FROM sqlite_master WHERE type = 'index' AND "
                                     "sql IS NOT NULL ORDER BY name");
  for (const IndexDef& idx : BulkIndexes()) {
    EXPECT_EQ(std::count(left.begin(), left.end(), std::string(idx.name)), 0) << idx.name;
  }
  ASSERT_TRUE(CreateBulkIndexes(s.value().db()).ok());
  ASSERT_TRUE(CreateBulkIndexes(s.value().db()).ok());  // idempotent
  EXPECT_EQ(Column(s.value().db(), "SELECT count(*) FROM sqlite_master WHERE type = 'index' AND "
                                   "name IN ('calls_key', 'errors_key')"),
            std::vector<std::string>{"2"});
}

TEST(StoreTest, MigrationFromV3KeepsRowsAndHashesKeys) {
  TempPath tmp;
  {
    auto db = Db::Open(tmp.db());
    ASSERT_TRUE(db.ok());
    Db& d = db.value();
    for (size_t i = 0; i < 3; ++i) ASSERT_TRUE(d.Exec(Migrations()[i]).ok()) << i;
    ASSERT_TRUE(d.Exec("PRAGMA user_version=3").ok());
    ASSERT_TRUE(d.Exec(R"sql(
INSERT INTO sessions(id, agent, session_id, project, first_ts_ms, last_ts_ms) VALUES(1, 'claude', 's1', '/p', 0, 0);
INSERT INTO models(id, name) VALUES(1, 'claude-sonnet-4-5');
INSERT INTO calls(id, dedupe_key, session_ref, model_ref, subagent_id, sidechain, rank_start_ms,
  rank_ts_ms, ts_ms, input, output, cache_write_total, cache_write_1h, cache_read, reasoning,
  web_search, speed, cost_calc_nanos, copies, file_ref, line_offset, needs_price, turn_id)
  VALUES(7, 'm:msg_01:req_01', 1, 1, '', 0, 0, 0, 1000, 10, 20, 30, 5, 40, 0, 0, '', 123, 1, 1, 0, 0, 't1');
INSERT INTO tool_calls VALUES('claude', 'toolu_01', 1, 't1', 'm:msg_01:req_01', 1000, 'Read', '/p/a.cpp', 12, 0, '');
INSERT INTO tool_results VALUES('claude', 'toolu_01', 1001, 4096, 0, '');
INSERT INTO prompts VALUES('claude', 't1', 1, 999, 'hello', 'h', 5, 0, '');
INSERT INTO errors VALUES('claude', 'tool:toolu_01', 1, 't1', 1001, 'tool', 'boom', 'toolu_01');
INSERT INTO subagent_runs VALUES('claude', 't:toolu_02', 'a1', 'toolu_02', 1, 'code-reviewer', 'review', 1002);
)sql").ok());
  }
  auto s = Store::Open(tmp.db());
  ASSERT_TRUE(s.ok()) << s.status().message();
  Db& d = s.value().db();
  EXPECT_EQ(s.value().schema_version(), static_cast<int>(Migrations().size()));
  EXPECT_EQ(Column(d, "SELECT id || ',' || input || ',' || cost_calc_nanos || ',' || turn_id || ',' "
                      "|| key_hash FROM calls"),
            std::vector<std::string>{"7,10,123,t1," + std::to_string(KeyHash("", "m:msg_01:req_01"))});
  EXPECT_EQ(Column(d, "SELECT key_hash FROM tool_calls WHERE target = '/p/a.cpp'"),
            std::vector<std::string>{std::to_string(KeyHash("claude", "toolu_01"))});
  EXPECT_EQ(Column(d, "SELECT result_bytes FROM tool_results WHERE key_hash = " +
                          std::to_string(KeyHash("claude", "toolu_01"))),
            std::vector<std::string>{"4096"});
  EXPECT_EQ(Column(d, "SELECT text FROM prompts WHERE key_hash = " +
                          std::to_string(KeyHash("claude", "t1"))),
            std::vector<std::string>{"hello"});
  EXPECT_EQ(Column(d, "SELECT message FROM errors WHERE key_hash = " +
                          std::to_string(KeyHash("claude", "tool:toolu_01"))),
            std::vector<std::string>{"boom"});
  EXPECT_EQ(Column(d, "SELECT type FROM subagent_runs WHERE key_hash = " +
                          std::to_string(KeyHash("claude", "t:toolu_02"))),
            std::vector<std::string>{"code-reviewer"});
  // The views came back over the new tables.
  EXPECT_EQ(Column(d, "SELECT model || ',' || subagent || ',' || cost_auto_nanos FROM usage"),
            std::vector<std::string>{"claude-sonnet-4-5,main,123"});
}

}  // namespace
}  // namespace receipts::store
