// Incremental ingest, dedupe across files, robustness and history retention on hand-written
// one-trait fixtures.
#include <fmt/format.h>

#include "support/test_support.h"

namespace receipts::testing {
namespace {
namespace fs = std::filesystem;

// One assistant record. cw1h < 0 omits the cache_creation split.
std::string Rec(const std::string& msg, const std::string& req, const std::string& ts,
                const std::string& session, int in, int out, int cw, int cr, int cw1h = -1,
                bool sidechain = false, const std::string& model = "claude-sonnet-4-5-20250929") {
  std::string split = cw1h < 0 ? "" : fmt::format(R"(,"cache_creation":{{"ephemeral_5m_input_tokens":{},"ephemeral_1h_input_tokens":{}}})", cw - cw1h, cw1h);
  std::string reqf = req.empty() ? "" : fmt::format(R"("requestId":"{}",)", req);
  return fmt::format(
      R"({{"type":"assistant","isSidechain":{},"sessionId":"{}","cwd":"/work/acme",{}"timestamp":"{}","message":{{"id":"{}","model":"{}","role":"assistant","usage":{{"input_tokens":{},"output_tokens":{},"cache_creation_input_tokens":{},"cache_read_input_tokens":{}{}}}}}}})",
      sidechain ? "true" : "false", session, reqf, ts, msg, model, in, out, cw, cr, split) + "\n";
}

class IngestTest : public ::testing::Test {
 protected:
  fs::path Root() { return tmp_.path() / "claude"; }
  fs::path Session(const std::string& id) { return Root() / "projects" / "-work-acme" / (id + ".jsonl"); }
  store::Store Store() { return OpenStore((tmp_.path() / "r.db").string()); }
  ingest::IngestStats Scan(store::Store& s) { return IngestOrDie(s, EnvWithClaude(Root().string(), tmp_.str())); }
  TempDir tmp_;
};

TEST_F(IngestTest, StreamingCopiesMergePerFieldMaxAndEarliestTimestamp) {
  WriteFile(Session("s1"), Rec("msg_1", "req_1", "2026-03-01T10:00:05.000Z", "s1", 3, 10, 500, 1000, 500) +
                           Rec("msg_1", "req_1", "2026-03-01T10:00:01.000Z", "s1", 3, 10, 500, 1000, 500) +
                           Rec("msg_1", "req_1", "2026-03-01T10:00:09.000Z", "s1", 3, 441, 500, 1000, 500));
  store::Store s = Store();
  Scan(s);
  Sums sums = SumCalls(s);
  EXPECT_EQ(sums.calls, 1);
  EXPECT_EQ(sums.output, 441);
  EXPECT_EQ(sums.cache_write_1h, 500);
  // sonnet-4-5: 3×$3 + 441×$15 + 500×$6 (1h) + 1000×$0.30 per MTok = 9000+6615000+3000000+300000.
  EXPECT_EQ(sums.cost_calc, 9'924'000);
  store::Stmt st = s.db().MustPrepare("SELECT ts_utc FROM usage");
  ASSERT_TRUE(st.Step());
  EXPECT_EQ(st.Text(0), "2026-03-01T10:00:01.000Z");
}

TEST_F(IngestTest, SplitAndUnsplitCopiesDoNotDoubleCountCacheWrites) {
  WriteFile(Session("s1"), Rec("msg_1", "req_1", "2026-03-01T10:00:00Z", "s1", 1, 5, 800, 0) +
                           Rec("msg_1", "req_1", "2026-03-01T10:00:01Z", "s1", 1, 9, 800, 0, 300));
  store::Store s = Store();
  Scan(s);
  Sums sums = SumCalls(s);
  EXPECT_EQ(sums.cache_write, 800);
  EXPECT_EQ(sums.cache_write_1h, 300);
}

TEST_F(IngestTest, GlobalDedupeAcrossFilesPrefersNonSidechainCopy) {
  // A /btw replay: same message.id, new requestId, sidechain, written in a subagent file first.
  WriteFile(Root() / "projects" / "-work-acme" / "s1" / "subagents" / "agent-aside.jsonl",
            Rec("msg_1", "req_NEW", "2026-03-01T09:00:00Z", "s1", 3, 7, 0, 0, -1, true));
  WriteFile(Session("s1"), Rec("msg_1", "req_1", "2026-03-01T10:00:00Z", "s1", 3, 7, 0, 0));
  // A forked session file that copied the record verbatim, and one with no requestId at all.
  WriteFile(Session("s2"), Rec("msg_1", "req_1", "2026-03-01T10:00:00Z", "s1", 3, 7, 0, 0) +
                           Rec("msg_2", "", "2026-03-01T11:00:00Z", "s2", 1, 1, 0, 0) +
                           Rec("msg_2", "", "2026-03-01T11:00:00Z", "s2", 1, 2, 0, 0));
  store::Store s = Store();
  Scan(s);
  EXPECT_EQ(SumCalls(s).calls, 2);
  Sums main_copy = SumCalls(s, "dedupe_key = 'm:msg_1'");
  EXPECT_EQ(main_copy.output, 7);
  EXPECT_EQ(SumCalls(s, "dedupe_key = 'm:msg_1' AND sidechain = 0 AND session_id = 's1'").calls, 1);
  EXPECT_EQ(SumCalls(s, "dedupe_key = 'm:msg_2'").output, 2);
}

TEST_F(IngestTest, PartialLastLineIsConsumedOnceComplete) {
  std::string full = Rec("msg_1", "req_1", "2026-03-01T10:00:00Z", "s1", 1, 2, 0, 0);
  std::string second = Rec("msg_2", "req_2", "2026-03-01T10:01:00Z", "s1", 10, 20, 0, 0);
  WriteFile(Session("s1"), full + second.substr(0, 40));
  store::Store s = Store();
  Scan(s);
  EXPECT_EQ(SumCalls(s).calls, 1);
  store::Stmt mal = s.db().MustPrepare("SELECT count(*) FROM malformed_lines");
  ASSERT_TRUE(mal.Step());
  EXPECT_EQ(mal.Int(0), 0);  // a partial line is not malformed, just not yet complete
  WriteFile(Session("s1"), second.substr(40), /*append=*/true);
  auto stats = Scan(s);
  EXPECT_EQ(stats.usage_records, 1);
  EXPECT_EQ(SumCalls(s).calls, 2);
  EXPECT_EQ(SumCalls(s).input, 11);
  // Nothing new: a rescan parses nothing and changes nothing.
  EXPECT_EQ(Scan(s).files_parsed, 0);
  EXPECT_EQ(SumCalls(s).input, 11);
}

TEST_F(IngestTest, MalformedLinesAreRecoveredOrCountedWithOffsets) {
  std::string a = Rec("msg_a", "req_a", "2026-03-01T10:00:00Z", "s1", 1, 1, 0, 0);
  std::string b = Rec("msg_b", "req_b", "2026-03-01T10:00:01Z", "s1", 2, 2, 0, 0);
  std::string c = Rec("msg_c", "req_c", "2026-03-01T10:00:02Z", "s1", 4, 4, 0, 0);
  std::string d = Rec("msg_d", "req_d", "2026-03-01T10:00:03Z", "s1", 8, 8, 0, 0);
  a.pop_back();  // join a and b with `}{`
  std::string nul(5, '\0');
  std::string truncated = d.substr(0, 60);
  std::string text = a + b + nul + c + truncated + d + "not json at all\n" + "42\n" +
                     d.substr(0, 80) + "\n";
  WriteFile(Session("s1"), text);
  store::Store s = Store();
  auto stats = Scan(s);
  Sums sums = SumCalls(s);
  EXPECT_EQ(sums.calls, 4);       // a, b (joined), c (after NULs), d (spliced after a truncation)
  EXPECT_EQ(sums.input, 15);
  EXPECT_EQ(stats.malformed, 3);  // garbage, 42, a truncated record alone
  store::Stmt st = s.db().MustPrepare("SELECT offset, reason FROM malformed_lines ORDER BY offset");
  std::vector<int64_t> offsets;
  while (st.Step()) offsets.push_back(st.Int(0));
  size_t garbage = text.find("not json");
  ASSERT_EQ(offsets.size(), 3u);
  EXPECT_EQ(offsets[0], static_cast<int64_t>(garbage));
  EXPECT_EQ(offsets[1], static_cast<int64_t>(garbage + 16));
  EXPECT_EQ(offsets[2], static_cast<int64_t>(garbage + 19));
}

TEST_F(IngestTest, HistoryStaysWhenLogsAreDeleted) {
  WriteFile(Session("s1"), Rec("msg_1", "req_1", "2026-03-01T10:00:00Z", "s1", 5, 6, 7, 8));
  store::Store s = Store();
  Scan(s);
  Sums before = SumCalls(s);
  fs::remove(Session("s1"));
  auto stats = Scan(s);
  EXPECT_EQ(stats.files_missing, 1);
  EXPECT_EQ(SumCalls(s), before);
}

TEST_F(IngestTest, ReplacedFileIsReReadWithoutDoubleCounting) {
  WriteFile(Session("s1"), Rec("msg_1", "req_1", "2026-03-01T10:00:00Z", "s1", 5, 6, 0, 0) +
                           Rec("msg_2", "req_2", "2026-03-01T10:00:01Z", "s1", 5, 6, 0, 0));
  store::Store s = Store();
  Scan(s);
  // Rewritten shorter with different content first (as a rewrite-in-place would).
  WriteFile(Session("s1"), Rec("msg_3", "req_3", "2026-03-01T10:00:02Z", "s1", 1, 1, 0, 0));
  Scan(s);
  EXPECT_EQ(SumCalls(s).calls, 3);  // msg_1 and msg_2 stay (history), msg_3 added
  EXPECT_EQ(SumCalls(s).input, 11);
}

TEST_F(IngestTest, NewFilesAndDirectoriesAreFoundAfterScansThatSkippedDiscovery) {
  WriteFile(Session("s1"), Rec("msg_1", "req_1", "2026-03-01T10:00:00Z", "s1", 1, 1, 0, 0));
  store::Store s = Store();
  Scan(s);
  EXPECT_EQ(Scan(s).files_parsed, 0);  // nothing moved: discovery skipped, nothing parsed
  WriteFile(Session("s1"), Rec("msg_2", "req_2", "2026-03-01T10:01:00Z", "s1", 2, 2, 0, 0), true);
  EXPECT_EQ(Scan(s).files_parsed, 1);  // an append: the known file is re-stat'ed
  WriteFile(Session("s2"), Rec("msg_3", "req_3", "2026-03-01T10:02:00Z", "s2", 4, 4, 0, 0));
  Scan(s);                             // a new file in a known directory
  WriteFile(Root() / "projects" / "-work-new" / "s3" / "subagents" / "agent-x.jsonl",
            Rec("msg_4", "req_4", "2026-03-01T10:03:00Z", "s3", 8, 8, 0, 0, -1, true));
  Scan(s);                             // a file in new nested directories
  EXPECT_EQ(SumCalls(s).input, 15);
  EXPECT_EQ(Scan(s).files_parsed, 0);
}

TEST_F(IngestTest, BusyDirectoriesBesideTheLogsDoNotForceDiscovery) {
  WriteFile(Session("s1"), Rec("msg_1", "req_1", "2026-03-01T10:00:00Z", "s1", 1, 1, 0, 0));
  SettleDirectories(Root());
  store::Store s = Store();
  EXPECT_TRUE(Scan(s).discovered);
  EXPECT_FALSE(Scan(s).discovered);  // nothing moved under projects/
  // What Claude Code changes all the time beside projects/: todos, file history, debug logs.
  WriteFile(Root() / "todos" / "s1-agent-s1.json", "[]");
  WriteFile(Root() / "file-history" / "s1" / "abc@v1", "x");
  WriteFile(Root() / "debug" / "s1.txt", "log");
  auto stats = Scan(s);
  EXPECT_FALSE(stats.discovered);
  EXPECT_EQ(stats.files_seen, 1);
  // A new session file under projects/ still sends the scan through discovery.
  WriteFile(Session("s2"), Rec("msg_2", "req_2", "2026-03-01T10:01:00Z", "s2", 2, 2, 0, 0));
  stats = Scan(s);
  EXPECT_TRUE(stats.discovered);
  EXPECT_EQ(stats.files_parsed, 1);
  EXPECT_EQ(SumCalls(s).input, 3);
  SettleDirectories(Root());
  EXPECT_TRUE(Scan(s).discovered);  // the settled times differ from the stamps taken
  EXPECT_FALSE(Scan(s).discovered);
}

// Directory mtimes come from a coarse clock: a file created after discovery listed a
// directory could leave the mtime of a change made just before the snapshot as it was. A
// directory changed less than 2 s before a snapshot is therefore listed again next time.
TEST_F(IngestTest, ADirectoryChangedJustBeforeTheSnapshotIsListedAgain) {
  WriteFile(Session("s1"), Rec("msg_1", "req_1", "2026-03-01T10:00:00Z", "s1", 1, 1, 0, 0));
  store::Store s = Store();
  EXPECT_TRUE(Scan(s).discovered);
  EXPECT_TRUE(Scan(s).discovered);  // the project directory changed just now: not trusted
  store::Stmt unsettled = s.db().MustPrepare("SELECT count(*) FROM tree_dirs WHERE mtime_ns = -3");
  ASSERT_TRUE(unsettled.Step());
  EXPECT_GE(unsettled.Int(0), 2);  // projects/ and projects/-work-acme/
  unsettled.Reset();
  SettleDirectories(Root());
  EXPECT_TRUE(Scan(s).discovered);
  ASSERT_TRUE(unsettled.Step());
  EXPECT_EQ(unsettled.Int(0), 0);
  unsettled.Reset();
  auto stats = Scan(s);
  EXPECT_FALSE(stats.discovered);
  EXPECT_EQ(stats.files_seen, 1);
  EXPECT_EQ(SumCalls(s).input, 1);
}

TEST_F(IngestTest, ScansOnlyReadTheRootsSelectedNow) {
  fs::path a = tmp_.path() / "a", b = tmp_.path() / "b";
  WriteFile(a / "projects/p/s1.jsonl", Rec("msg_1", "req_1", "2026-03-01T10:00:00Z", "s1", 1, 1, 0, 0));
  WriteFile(b / "projects/p/s2.jsonl", Rec("msg_2", "req_2", "2026-03-01T10:00:00Z", "s2", 2, 2, 0, 0));
  store::Store s = Store();
  IngestOrDie(s, EnvWithClaude(a.string(), tmp_.str()));
  IngestOrDie(s, EnvWithClaude(b.string(), tmp_.str()));
  WriteFile(a / "projects/p/s1.jsonl", Rec("msg_3", "req_3", "2026-03-01T10:01:00Z", "s1", 4, 4, 0, 0), true);
  auto stats = IngestOrDie(s, EnvWithClaude(b.string(), tmp_.str()));  // nothing moved under b
  EXPECT_EQ(stats.files_seen, 1);
  EXPECT_EQ(SumCalls(s).input, 3);
  IngestOrDie(s, EnvWithClaude(a.string(), tmp_.str()));
  EXPECT_EQ(SumCalls(s).input, 7);
}

TEST_F(IngestTest, CommaSeparatedConfigDirsAndSyntheticSkipped) {
  fs::path other = tmp_.path() / "other";
  WriteFile(Session("s1"), Rec("msg_1", "req_1", "2026-03-01T10:00:00Z", "s1", 5, 6, 0, 0));
  WriteFile(other / "projects" / "p" / "s9.jsonl",
            Rec("msg_9", "req_9", "2026-03-01T10:00:00Z", "s9", 1, 1, 0, 0) +
                Rec("msg_x", "req_x", "2026-03-01T10:00:00Z", "s9", 0, 0, 0, 0, -1, false, "<synthetic>"));
  store::Store s = Store();
  IngestOrDie(s, EnvWithClaude(Root().string() + "," + other.string(), tmp_.str()));
  EXPECT_EQ(SumCalls(s).calls, 2);
}

TEST_F(IngestTest, UnknownModelIsCountedButUnpriced) {
  WriteFile(Session("s1"), Rec("msg_1", "req_1", "2026-03-01T10:00:00Z", "s1", 5, 6, 0, 0, -1, false, "mystery-model-9"));
  store::Store s = Store();
  Scan(s);
  Sums sums = SumCalls(s);
  EXPECT_EQ(sums.input, 5);
  EXPECT_EQ(SumCalls(s, "cost_calc_nanos IS NULL").calls, 1);
  store::Stmt st = s.db().MustPrepare("SELECT sum(unpriced_calc) FROM rollup");
  ASSERT_TRUE(st.Step());
  EXPECT_EQ(st.Int(0), 1);
}

}  // namespace
}  // namespace receipts::testing
