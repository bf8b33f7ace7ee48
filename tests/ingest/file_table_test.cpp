// The scan's file table (ingest/file_table.h): the snapshot a scan that wrote nothing keeps
// beside the store equals the `files` rows; the next scan reads it; any data commit, a snapshot
// of another store (one deleted and created again) or malformed bytes send the scan back to
// `files`; and scans through the snapshot still pick up every appended byte.
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "demo/generator.h"
#include "ingest/file_table.h"
#include "support/claude_corpus.h"
#include "store/derived.h"
#include "support/test_support.h"

namespace receipts::testing {
namespace {

using ingest::FileTable;

const int64_t kEnd = 1771156800000;  // 2026-02-15T12:00:00Z

class FileTableTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = tmp_.str() + "/claude";
    db_ = tmp_.str() + "/r.db";
    calls_ = GenerateClaudeOrFail(root_, 23, 250'000, kEnd, 5).calls.size();
    ASSERT_GT(calls_, 0u);
  }
  std::string Snapshot() const { return db_ + "-filetable"; }
  sources::Environment Env() const { return EnvWithClaude(root_, tmp_.str()); }

  static void ExpectSameTable(const FileTable& a, const FileTable& b) {
    ASSERT_EQ(a.rows.size(), b.rows.size());
    EXPECT_EQ(a.names, b.names);
    EXPECT_EQ(a.paths, b.paths);
    EXPECT_EQ(a.where, b.where);
    for (size_t i = 0; i < a.rows.size(); ++i) {
      SCOPED_TRACE(a.paths[i]);
      EXPECT_EQ(a.rows[i].id, b.rows[i].id);
      EXPECT_EQ(a.rows[i].inode, b.rows[i].inode);
      EXPECT_EQ(a.rows[i].size, b.rows[i].size);
      EXPECT_EQ(a.rows[i].mtime_ns, b.rows[i].mtime_ns);
      EXPECT_EQ(a.rows[i].checkpoint, b.rows[i].checkpoint);
      EXPECT_EQ(a.rows[i].missing, b.rows[i].missing);
      EXPECT_EQ(a.paths[i].data()[a.paths[i].size()], '\0');  // c_str-safe for stat()
    }
  }

  TempDir tmp_;
  std::string root_, db_;
  size_t calls_ = 0;
};

TEST_F(FileTableTest, AScanThatWroteNothingKeepsASnapshotTheNextScanReads) {
  store::Store s = OpenStore(db_);
  IngestOrDie(s, Env());  // wrote: no snapshot (its table is already out of date)
  EXPECT_FALSE(std::filesystem::exists(Snapshot()));
  FileTable from_rows = ingest::LoadFileTable(s);
  EXPECT_FALSE(from_rows.from_snapshot);
  EXPECT_GT(from_rows.rows.size(), 10u);
  // In path order, so the scan's stats need no sort.
  EXPECT_TRUE(std::is_sorted(from_rows.paths.begin(), from_rows.paths.end()));
  EXPECT_EQ(static_cast<int64_t>(from_rows.rows.size()), [&] {
    store::Stmt st = s.db().MustPrepare("SELECT count(*) FROM files");
    st.Step();
    return st.Int(0);
  }());

  auto warm = IngestOrDie(s, Env());  // nothing new: keeps the snapshot
  EXPECT_EQ(warm.bytes_parsed, 0);
  ASSERT_TRUE(std::filesystem::exists(Snapshot()));
  FileTable from_snapshot = ingest::LoadFileTable(s);
  EXPECT_TRUE(from_snapshot.from_snapshot);
  EXPECT_EQ(from_snapshot.gen, from_rows.gen);
  ExpectSameTable(from_snapshot, from_rows);
  EXPECT_FALSE(ingest::KeepFileTable(s, from_snapshot));  // already one

  // Appends are found through the snapshot, and the scan that ingests them moves the
  // generation, so the next load reads `files` again.
  auto added = demo::AppendToClaudeCorpus(root_, 20'000, 3, kEnd + 3'600'000);
  ASSERT_TRUE(added.ok()) << added.status().message();
  auto grown = IngestOrDie(s, Env());
  EXPECT_GT(grown.bytes_parsed, 0);
  store::Stmt calls = s.db().MustPrepare("SELECT count(*) FROM calls");
  ASSERT_TRUE(calls.Step());
  EXPECT_EQ(calls.Int(0), static_cast<int64_t>(calls_ + added.value().calls.size()));
  FileTable after = ingest::LoadFileTable(s);
  EXPECT_FALSE(after.from_snapshot);
  EXPECT_GT(after.gen, from_rows.gen);
}

// A scan killed between writing its snapshot and renaming it leaves `<snapshot>.tmp<pid>`;
// the next snapshot removes those of dead processes and leaves a live one's.
TEST_F(FileTableTest, TempFilesOfDeadScansAreRemoved) {
  pid_t dead = ::fork();
  ASSERT_GE(dead, 0);
  if (dead == 0) ::_exit(0);
  ASSERT_EQ(::waitpid(dead, nullptr, 0), dead);  // reaped: the pid names no process now
  const std::string stale = Snapshot() + ".tmp" + std::to_string(dead);
  const std::string live = Snapshot() + ".tmp" + std::to_string(::getppid());
  const std::string other = Snapshot() + ".tmpfoo";
  for (const auto& p : {stale, live, other}) WriteFile(p, "half a snapshot");

  store::Store s = OpenStore(db_);
  IngestOrDie(s, Env());
  IngestOrDie(s, Env());  // nothing new: writes the snapshot
  ASSERT_TRUE(std::filesystem::exists(Snapshot()));
  EXPECT_FALSE(std::filesystem::exists(stale));
  EXPECT_TRUE(std::filesystem::exists(live));
  EXPECT_TRUE(std::filesystem::exists(other));
  EXPECT_FALSE(std::filesystem::exists(Snapshot() + ".tmp" + std::to_string(::getpid())));
}

TEST_F(FileTableTest, AnotherGenerationOrStoreOrMalformedBytesFallBackToTheRows) {
  {
    store::Store s = OpenStore(db_);
    IngestOrDie(s, Env());
    IngestOrDie(s, Env());  // keeps the snapshot
    ASSERT_TRUE(ingest::LoadFileTable(s).from_snapshot);
    {
      store::Transaction tx(s.db());  // any data commit
      ASSERT_TRUE(tx.Commit().ok());
    }
    EXPECT_FALSE(ingest::LoadFileTable(s).from_snapshot);
    IngestOrDie(s, Env());
    ASSERT_TRUE(ingest::LoadFileTable(s).from_snapshot);
  }
  // The store deleted and created again (same path, generations start over): the old
  // snapshot names another store and is not used; the new store's first scan reads it all.
  std::string kept = Snapshot() + ".old";
  std::filesystem::copy_file(Snapshot(), kept);
  for (const char* ext : {"", "-wal", "-shm"}) std::filesystem::remove(db_ + ext);
  {
    store::Store s = OpenStore(db_);
    std::filesystem::copy_file(kept, Snapshot(), std::filesystem::copy_options::overwrite_existing);
    FileTable t = ingest::LoadFileTable(s);
    EXPECT_FALSE(t.from_snapshot);
    EXPECT_TRUE(t.rows.empty());
    std::filesystem::copy_file(kept, Snapshot(), std::filesystem::copy_options::overwrite_existing);
    IngestOrDie(s, Env());
    store::Stmt calls = s.db().MustPrepare("SELECT count(*) FROM calls");
    ASSERT_TRUE(calls.Step());
    EXPECT_EQ(calls.Int(0), static_cast<int64_t>(calls_));
    IngestOrDie(s, Env());  // keeps this store's snapshot
    ASSERT_TRUE(ingest::LoadFileTable(s).from_snapshot);
    // Malformed: the right header, the body cut short. (Written to a new file renamed over
    // the old, as KeepFileTable does: a snapshot is never changed in place while mapped.)
    std::string bytes;
    {
      std::ifstream in(Snapshot(), std::ios::binary);
      bytes.assign(std::istreambuf_iterator<char>(in), {});
    }
    std::filesystem::remove(Snapshot());
    FileTable rows = ingest::LoadFileTable(s);
    ASSERT_FALSE(rows.from_snapshot);
    {
      std::ofstream out(Snapshot() + ".new", std::ios::binary | std::ios::trunc);
      out << bytes.substr(0, bytes.size() - 5);
    }
    std::filesystem::rename(Snapshot() + ".new", Snapshot());
    FileTable cut = ingest::LoadFileTable(s);
    EXPECT_FALSE(cut.from_snapshot);
    ExpectSameTable(cut, rows);
  }
}

TEST_F(FileTableTest, DecodeRejectsMalformedBytes) {
  store::Store s = OpenStore(db_);
  IngestOrDie(s, Env());
  FileTable t = ingest::LoadFileTable(s);
  std::string bytes = ingest::EncodeFileTable(t);
  auto owner = std::make_shared<std::string>(bytes);
  auto back = ingest::DecodeFileTable(*owner, owner);
  ASSERT_TRUE(back);
  ExpectSameTable(*back, t);
  auto bad = [](std::string b) {
    auto o = std::make_shared<std::string>(std::move(b));
    return !ingest::DecodeFileTable(*o, o).has_value();
  };
  EXPECT_TRUE(bad(bytes.substr(0, bytes.size() - 1)));  // the last path's NUL cut off
  EXPECT_TRUE(bad(bytes.substr(0, 40)));
  EXPECT_TRUE(bad(""));
  std::string no_nul = bytes;
  no_nul.back() = 'x';
  EXPECT_TRUE(bad(no_nul));
  std::string format = bytes;
  format[0] = 7;
  EXPECT_TRUE(bad(format));
}

}  // namespace
}  // namespace receipts::testing
