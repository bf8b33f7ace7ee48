// Stored report results (reports/result_cache.h): a report asked again before the data changed
// is read back and equals the computed one; every data commit (an ingest, a re-pricing, even a
// transaction that changed nothing) makes it recompute; filters never share an entry; saving
// never happens on a read-only connection, under another writer's lock or for a generation
// that moved; malformed stored bytes are a miss.
#include <sqlite3.h>

#include "core/file_change.h"
#include "core/time.h"
#include "demo/generator.h"
#include "reports/json.h"
#include "reports/report.h"
#include "reports/result_cache.h"
#include "store/derived.h"
#include "support/claude_corpus.h"
#include "support/test_support.h"

namespace receipts::testing {
namespace {

namespace rc = reports::result_cache;
using reports::GroupBy;

const int64_t kEnd = 1771156800000;  // 2026-02-15T12:00:00Z

class ResultCacheTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = tmp_.str() + "/claude";
    db_ = tmp_.str() + "/r.db";
    calls_ = static_cast<int64_t>(GenerateClaudeOrFail(root_, 11, 300'000, kEnd, 8).calls.size());
    ASSERT_GT(calls_, 0);
    store::Store s = OpenStore(db_);
    IngestOrDie(s, EnvWithClaude(root_, tmp_.str()));
  }

  static std::string Json(const reports::GroupedReport& r) { return reports::ToJson(r, true).dump(); }

  static reports::GroupedReport Run(store::Store& s, GroupBy by, const reports::Filters& f = {}) {
    auto r = reports::RunGrouped(s, by, f);
    EXPECT_TRUE(r.ok()) << r.status().message();
    return r.ok() ? r.value() : reports::GroupedReport{};
  }

  static int64_t Int(store::Store& s, const std::string& sql) {
    store::Stmt st = s.db().MustPrepare(sql);
    return st.Step() ? st.Int(0) : -1;
  }

  // A data transaction that writes nothing: the generation still moves.
  static void EmptyDataCommit(store::Store& s) {
    store::Transaction tx(s.db());
    ASSERT_TRUE(tx.Commit().ok());
  }

  TempDir tmp_;
  std::string root_, db_;
  int64_t calls_ = 0;
};

TEST_F(ResultCacheTest, SecondRunReadsTheStoredResultUntilTheDataGenerationMoves) {
  store::Store s = OpenStore(db_);
  reports::Filters berlin;
  berlin.zone = "Europe/Berlin";
  berlin.since = "20260210";
  for (GroupBy by : {GroupBy::kDay, GroupBy::kWeek, GroupBy::kMonth, GroupBy::kSession}) {
    for (const reports::Filters& f : {reports::Filters{}, berlin}) {
      SCOPED_TRACE(std::string(reports::GroupByName(by)) + " " + f.zone);
      int64_t entries = Int(s, "SELECT count(*) FROM derived");
      reports::GroupedReport computed = Run(s, by, f);
      EXPECT_EQ(Int(s, "SELECT count(*) FROM derived"), entries + 1);
      // Change the rollup behind the generation's back (autocommit, no store::Transaction):
      // the stored result is what comes back, so it is not being recomputed.
      ASSERT_TRUE(s.db().Exec("UPDATE rollup SET calls = calls + 1000").ok());
      EXPECT_EQ(Json(Run(s, by, f)), Json(computed));
      EmptyDataCommit(s);  // now the generation moved: recomputed, the +1000s show
      reports::GroupedReport again = Run(s, by, f);
      EXPECT_GT(again.totals.tokens.calls, computed.totals.tokens.calls);
      ASSERT_TRUE(s.db().Exec("UPDATE rollup SET calls = calls - 1000").ok());
      EmptyDataCommit(s);
      EXPECT_EQ(Json(Run(s, by, f)), Json(computed));
    }
  }
  reports::GroupedReport all = Run(s, GroupBy::kDay);
  EXPECT_EQ(all.totals.tokens.calls, calls_);
  EXPECT_EQ(all.totals.tokens.calls, Int(s, "SELECT count(*) FROM calls"));
}

TEST_F(ResultCacheTest, AnIngestOfNewLinesIsSeenAtOnce) {
  store::Store s = OpenStore(db_);
  int64_t before = Run(s, GroupBy::kDay).totals.tokens.calls;
  EXPECT_EQ(Run(s, GroupBy::kDay).totals.tokens.calls, before);  // stored
  int64_t gen = store::DataGen(s);
  auto added = demo::AppendToClaudeCorpus(root_, 30'000, 5, kEnd + 3'600'000);
  ASSERT_TRUE(added.ok()) << added.status().message();
  ASSERT_FALSE(added.value().calls.empty());
  IngestOrDie(s, EnvWithClaude(root_, tmp_.str()));
  EXPECT_GT(store::DataGen(s), gen);
  reports::GroupedReport after = Run(s, GroupBy::kDay);
  EXPECT_EQ(after.totals.tokens.calls, before + static_cast<int64_t>(added.value().calls.size()));
  EXPECT_EQ(after.totals.money.cost_nanos,
            Int(s, "SELECT sum(cost_auto_nanos) FROM usage"));
}

TEST_F(ResultCacheTest, ARepricingIsSeenAtOnce) {
  store::Store s = OpenStore(db_);
  int64_t bundled = Run(s, GroupBy::kDay).totals.money.calc_nanos;
  ASSERT_GT(bundled, 0);
  pricing::PriceBook dearer = pricing::PriceBook::Bundled();
  std::string toml;
  store::Stmt models = s.db().MustPrepare("SELECT DISTINCT m.name FROM calls c JOIN models m ON m.id = c.model_ref");
  while (models.Step()) {
    toml += "[pricing.models.\"" + models.Text(0) + "\"]\ninput = 100\noutput = 100\ncache_read = 100\n"
            "cache_write_5m = 100\ncache_write_1h = 100\n";
  }
  ASSERT_TRUE(dearer.ApplyOverridesToml(toml, "config.toml").ok());
  ingest::IngestOptions o;
  o.env = EnvWithClaude(root_, tmp_.str());
  ASSERT_TRUE(ingest::Ingest(s, dearer, o).ok());
  int64_t repriced = Run(s, GroupBy::kDay).totals.money.calc_nanos;
  EXPECT_GT(repriced, bundled);
  EXPECT_EQ(repriced, Int(s, "SELECT sum(cost_calc_nanos) FROM calls"));
}

TEST_F(ResultCacheTest, ReadOnlyConnectionsReadButNeverWrite) {
  auto ro = store::Store::Open(db_, store::Db::Mode::kReadOnly);
  ASSERT_TRUE(ro.ok()) << ro.status().message();
  reports::GroupedReport first = Run(ro.value(), GroupBy::kMonth);
  EXPECT_EQ(Int(ro.value(), "SELECT count(*) FROM derived"), 0);
  store::Store rw = OpenStore(db_);
  EXPECT_EQ(Json(Run(rw, GroupBy::kMonth)), Json(first));  // computed and kept by the writer
  EXPECT_EQ(Int(rw, "SELECT count(*) FROM derived"), 1);
  ASSERT_TRUE(rw.db().Exec("UPDATE rollup SET calls = calls + 7").ok());  // behind its back
  EXPECT_EQ(Json(Run(ro.value(), GroupBy::kMonth)), Json(first));         // the kept one
}

TEST_F(ResultCacheTest, SaveSkipsAMovedGenerationALockedStoreAndAnOpenTransaction) {
  store::Store s = OpenStore(db_);
  reports::GroupedReport r = Run(s, GroupBy::kDay);
  const std::string key = rc::GroupedKey(GroupBy::kDay, reports::Filters{}) + "|test";
  int64_t gen = store::DataGen(s);
  EmptyDataCommit(s);
  EXPECT_FALSE(rc::Save(s, key, gen, r));  // computed before the last commit: never kept
  EXPECT_FALSE(rc::Load(s, key, gen));
  gen = store::DataGen(s);
  {
    store::Store other = OpenStore(db_);
    store::Transaction holding(other.db());
    ASSERT_TRUE(holding.begin_status().ok());
    EXPECT_FALSE(rc::Save(s, key, gen, r));  // another writer: skipped, not waited for
  }
  {
    ASSERT_TRUE(s.db().Exec("BEGIN").ok());
    EXPECT_FALSE(rc::Save(s, key, gen, r));  // inside the caller's transaction: not ours
    ASSERT_TRUE(s.db().Exec("COMMIT").ok());
  }
  EXPECT_TRUE(rc::Save(s, key, gen, r));
  auto back = rc::Load(s, key, gen);
  ASSERT_TRUE(back);
  EXPECT_EQ(Json(*back), Json(r));
  EXPECT_FALSE(rc::Load(s, key, gen + 1));
  // Saving drops older generations' entries.
  EmptyDataCommit(s);
  EXPECT_TRUE(rc::Save(s, key + "2", store::DataGen(s), r));
  EXPECT_EQ(Int(s, "SELECT count(*) FROM derived WHERE gen <> (SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'data_gen')"), 0);
}

TEST_F(ResultCacheTest, DataTransactionsMoveTheGenerationDerivedAndRolledBackOnesDoNot) {
  store::Store s = OpenStore(db_);
  int64_t gen = store::DataGen(s);
  ASSERT_GT(gen, 0);
  EmptyDataCommit(s);
  EXPECT_EQ(store::DataGen(s), gen + 1);
  {
    store::Transaction derived(s.db(), store::Transaction::Kind::kDerived);
    ASSERT_TRUE(derived.Commit().ok());
  }
  EXPECT_EQ(store::DataGen(s), gen + 1);
  { store::Transaction abandoned(s.db()); }  // rolled back
  EXPECT_EQ(store::DataGen(s), gen + 1);
}

TEST_F(ResultCacheTest, FiltersNeverShareAnEntry) {
  auto key = [](const reports::Filters& f) { return rc::GroupedKey(GroupBy::kDay, f); };
  reports::Filters a, b;
  a.project = "x|until=1:y";  // a project spelling another field
  b.project = "x";
  b.until = "y";
  EXPECT_NE(key(a), key(b));
  reports::Filters c = b, d = b;
  d.mode = reports::CostMode::kCalculate;
  EXPECT_NE(key(c), key(d));
  d = c;
  d.descending = true;
  EXPECT_NE(key(c), key(d));
  d = c;
  d.week_start = 0;
  EXPECT_NE(key(c), key(d));
  d = c;
  d.agents = {"claude"};
  EXPECT_NE(key(c), key(d));
  d = c;
  d.zone = "Asia/Tokyo";
  EXPECT_NE(key(c), key(d));
  EXPECT_NE(rc::GroupedKey(GroupBy::kWeek, c), key(c));
  EXPECT_EQ(key(c), key(b));
}

// Results bucketed in a zone are kept per version of its rules: a tzdata update replaces the
// zone's file, and the key (which holds the file's identity) with it.
TEST_F(ResultCacheTest, ZonedResultsAreKeptPerVersionOfTheZoneRules) {
  EXPECT_EQ(receipts::zone_rules_identity("UTC"), "");
  EXPECT_EQ(receipts::zone_rules_identity("Nowhere/Atlantis"), "unknown");
  EXPECT_EQ(receipts::zone_rules_identity("../../etc/passwd"), "unknown");
  struct stat st {};
  ASSERT_EQ(::stat("/usr/share/zoneinfo/Europe/Berlin", &st), 0) << "tzdata is installed";
  const std::string berlin = receipts::zone_rules_identity("Europe/Berlin");
  EXPECT_EQ(berlin, std::to_string(st.st_size) + ":" + std::to_string(st.st_mtim.tv_sec) + "." +
                        std::to_string(st.st_mtim.tv_nsec) + ":" + std::to_string(st.st_ino));
  EXPECT_EQ(berlin, receipts::FileIdentity("/usr/share/zoneinfo/Europe/Berlin"));
  reports::Filters f;
  f.zone = "Europe/Berlin";
  EXPECT_NE(rc::GroupedKey(GroupBy::kDay, f).find("|rules=" + std::to_string(berlin.size()) + ":" +
                                                  berlin + "|"),
            std::string::npos);
  f.zone = "UTC";
  EXPECT_NE(rc::GroupedKey(GroupBy::kDay, f).find("|rules=0:|"), std::string::npos);
}

TEST_F(ResultCacheTest, MalformedStoredBytesAreAMiss) {
  store::Store s = OpenStore(db_);
  reports::GroupedReport r = Run(s, GroupBy::kSession);
  ASSERT_FALSE(r.groups.empty());
  std::string bytes = rc::Encode(r);
  auto back = rc::Decode(bytes);
  ASSERT_TRUE(back);
  EXPECT_EQ(Json(*back), Json(r));
  EXPECT_FALSE(rc::Decode(bytes.substr(0, bytes.size() - 1)));  // truncated
  EXPECT_FALSE(rc::Decode(bytes + "x"));                        // trailing bytes
  EXPECT_FALSE(rc::Decode(""));
  std::string wrong_format = bytes;
  wrong_format[0] = 9;
  EXPECT_FALSE(rc::Decode(wrong_format));
  std::string huge_count = bytes;  // the group count (after format, by, mode, zone)
  size_t at = 3 * 8 + 8 + r.zone.size();
  for (size_t i = 0; i < 8; ++i) huge_count[at + i] = '\x7f';
  EXPECT_FALSE(rc::Decode(huge_count));
  // A stored entry with bad bytes: recomputed, not an error.
  ASSERT_TRUE(s.db().Exec("UPDATE derived SET value = x'0102'").ok());
  EXPECT_EQ(Json(Run(s, GroupBy::kSession)), Json(r));
}

}  // namespace
}  // namespace receipts::testing
