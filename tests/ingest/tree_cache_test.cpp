// The directory snapshot behind the scan's fast path (ingest/tree_cache.h): every directory
// under each root exactly once (subdirectories walked on two threads) with its mtime, an absent
// root recorded as -1, a directory changed less than 2 s before as -3 (never trusted), and a
// changed directory noticed.
#include <sys/stat.h>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "ingest/tree_cache.h"
#include "support/test_support.h"

namespace receipts::testing {
namespace {
namespace fs = std::filesystem;

int64_t MtimeOf(const std::string& path) {
  struct stat st{};
  if (::stat(path.c_str(), &st) != 0) return -1;
  return static_cast<int64_t>(st.st_mtim.tv_sec) * 1000000000LL + st.st_mtim.tv_nsec;
}

TEST(TreeCacheTest, SnapshotHasEveryDirectoryOnceWithItsMtime) {
  TempDir tmp;
  const std::string root = tmp.str() + "/projects";
  std::vector<std::string> want = {root};
  for (int p = 0; p < 7; ++p) {
    std::string dir = root + "/p" + std::to_string(p);
    want.push_back(dir);
    for (int s = 0; s < p; ++s) {
      std::string session = dir + "/s" + std::to_string(s);
      want.push_back(session);
      want.push_back(session + "/subagents");
      fs::create_directories(session + "/subagents");
      std::ofstream(session + "/subagents/agent-x.jsonl") << "\n";
    }
    fs::create_directories(dir);
  }
  fs::create_symlink(root + "/p1", root + "/link");  // a link is not followed
  SettleDirectories(root);
  const std::string fresh = root + "/p4/s2";
  std::ofstream(fresh + "/agent-y.jsonl") << "\n";  // changed just now
  const std::string absent = tmp.str() + "/nothing-here";
  auto dirs = ingest::SnapshotTree({root, absent});
  std::vector<std::string> got;
  for (const auto& d : dirs) {
    got.push_back(d.path);
    int64_t want_mtime = d.path == absent ? -1 : d.path == fresh ? -3 : MtimeOf(d.path);
    EXPECT_EQ(d.mtime_ns, want_mtime) << d.path;
  }
  want.push_back(absent);
  std::sort(want.begin(), want.end());
  std::sort(got.begin(), got.end());
  EXPECT_EQ(got, want);

  store::Store s = OpenStore(tmp.str() + "/r.db");
  ASSERT_TRUE(ingest::SaveTree(s.db(), "k", dirs).ok());
  EXPECT_FALSE(ingest::TreeUnchanged(s.db(), "k"));  // the fresh directory is never trusted
  SettleDirectories(root);
  dirs = ingest::SnapshotTree({root, absent});
  ASSERT_TRUE(ingest::SaveTree(s.db(), "k", dirs).ok());
  EXPECT_TRUE(ingest::TreeUnchanged(s.db(), "k"));
  EXPECT_FALSE(ingest::TreeUnchanged(s.db(), "another key"));
  // A new file in a deep directory (its mtime set apart explicitly: a file created within the
  // same clock tick as the last change could leave it as it was).
  const std::string deep = root + "/p6/s5";
  std::ofstream(deep + "/new.jsonl") << "\n";
  fs::last_write_time(deep, fs::last_write_time(deep) + std::chrono::seconds(1));
  EXPECT_FALSE(ingest::TreeUnchanged(s.db(), "k"));
}

}  // namespace
}  // namespace receipts::testing
