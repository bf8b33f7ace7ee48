// KeyIndex finds stored rows by natural key through the key_hash index or, in bulk mode, an
// in-memory map; a hash shared by different keys never makes two keys one row.
#include "ingest/key_index.h"
#include "store/indexes.h"
#include "support/test_support.h"

namespace receipts::testing {
namespace {

using ingest::KeyIndex;
using ingest::KeyMatch;
using ingest::KeyTable;

int64_t Colliding(std::string_view, std::string_view) { return 42; }

// Inserts a tool call row the way the writer does.
int64_t Insert(store::Store& s, KeyIndex& keys, const std::string& agent, const std::string& id) {
  auto found = keys.Find(KeyTable::kToolCalls, agent, id);
  EXPECT_TRUE(found.ok());
  EXPECT_EQ(found.value().rowid, 0) << id << " already there";
  store::Stmt st = s.db().MustPrepare(
      "INSERT INTO tool_calls(agent, tool_use_id, session_ref, turn_id, call_key, ts_ms, name, "
      "target, input_bytes, sidechain, subagent_id, key_hash) "
      "VALUES(?1, ?2, 1, '', '', 0, 'Bash', '', 0, 0, '', ?3)");
  st.Bind(1, agent).Bind(2, id).Bind(3, found.value().hash);
  EXPECT_TRUE(st.Run().ok());
  int64_t rowid = s.db().LastInsertId();
  keys.Added(KeyTable::kToolCalls, found.value(), agent, id, rowid);
  return rowid;
}

int64_t Find(KeyIndex& keys, const std::string& agent, const std::string& id) {
  auto found = keys.Find(KeyTable::kToolCalls, agent, id);
  EXPECT_TRUE(found.ok()) << found.status().message();
  return found.ok() ? found.value().rowid : -1;
}

class KeyIndexTest : public ::testing::TestWithParam<bool> {};  // param: bulk mode

TEST_P(KeyIndexTest, CollidingHashesKeepEveryKeyApart) {
  TempDir tmp;
  store::Store s = OpenStore((tmp.path() / "r.db").string());
  KeyIndex keys(s.db(), Colliding);
  if (GetParam()) {
    ASSERT_TRUE(keys.StartBulk().ok());
  }
  int64_t a = Insert(s, keys, "claude", "toolu_a");
  int64_t b = Insert(s, keys, "claude", "toolu_b");
  int64_t c = Insert(s, keys, "codex", "toolu_a");  // same key, other agent
  EXPECT_EQ(Find(keys, "claude", "toolu_a"), a);
  EXPECT_EQ(Find(keys, "claude", "toolu_b"), b);
  EXPECT_EQ(Find(keys, "codex", "toolu_a"), c);
  EXPECT_EQ(Find(keys, "claude", "toolu_c"), 0);
  EXPECT_EQ(Find(keys, "gemini", "toolu_a"), 0);
  // A second index over the same rows (a later scan) loads them back, collisions included.
  KeyIndex later(s.db(), Colliding);
  if (GetParam()) {
    ASSERT_TRUE(later.StartBulk().ok());
  }
  EXPECT_EQ(Find(later, "claude", "toolu_a"), a);
  EXPECT_EQ(Find(later, "claude", "toolu_b"), b);
  EXPECT_EQ(Find(later, "codex", "toolu_a"), c);
  EXPECT_EQ(Find(later, "codex", "toolu_b"), 0);
}

TEST_P(KeyIndexTest, RealHashFindsRowsAndReportsTheHashToStore) {
  TempDir tmp;
  store::Store s = OpenStore((tmp.path() / "r.db").string());
  KeyIndex keys(s.db());
  if (GetParam()) {
    ASSERT_TRUE(keys.StartBulk().ok());
  }
  auto found = keys.Find(KeyTable::kToolCalls, "claude", "toolu_x");
  ASSERT_TRUE(found.ok());
  EXPECT_EQ(found.value().hash, store::KeyHash("claude", "toolu_x"));
  EXPECT_EQ(found.value().rowid, 0);
  int64_t x = Insert(s, keys, "claude", "toolu_x");
  EXPECT_EQ(Find(keys, "claude", "toolu_x"), x);
}

INSTANTIATE_TEST_SUITE_P(Modes, KeyIndexTest, ::testing::Values(false, true),
                         [](const auto& info) { return info.param ? "Bulk" : "Indexed"; });

}  // namespace
}  // namespace receipts::testing
