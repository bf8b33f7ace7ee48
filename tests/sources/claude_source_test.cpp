// Claude Code roots, discovery layouts and path identity (no real home directory involved).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "sources/claude/claude_source.h"

namespace receipts::sources::claude {
namespace {
namespace fs = std::filesystem;

TEST(ClaudeRoots, ConfigDirListElseHomeDirs) {
  ClaudeSource src;
  Environment env;
  env.home = "/h";
  EXPECT_EQ(src.Roots(env), (std::vector<std::string>{"/h/.config/claude", "/h/.claude"}));
  env.vars["CLAUDE_CONFIG_DIR"] = " /a, /b ,,/a";
  EXPECT_EQ(src.Roots(env), (std::vector<std::string>{"/a", "/b"}));
}

TEST(ClaudeDiscover, AllLayoutsButWorkflowJournals) {
  fs::path root = fs::temp_directory_path() / "receipts-discover-test";
  fs::remove_all(root);
  std::vector<std::string> want = {
      "projects/p/s1.jsonl", "projects/p/agent-ab12.jsonl",
      "projects/p/s1/subagents/agent-cd34.jsonl",
      "projects/p/s1/subagents/workflows/run1/agent-ef56.jsonl",
      "projects/p/s1/subagents/agent-cd34.meta.json"};
  for (const auto& f : want) {
    fs::create_directories((root / f).parent_path());
    std::ofstream(root / f) << "\n";
  }
  std::ofstream(root / "projects/p/s1/subagents/workflows/run1/journal.jsonl") << "\n";
  ClaudeSource src;
  auto files = src.Discover({root.string(), root.string()});
  std::vector<std::string> got;
  for (const auto& f : files) got.push_back(fs::relative(f.path, root).string());
  std::sort(want.begin(), want.end());
  EXPECT_EQ(got, want);
  // Discovery only lists projects/ (a scan skips it while no directory there changed).
  auto watched = src.WatchedDirs({root.string()});
  EXPECT_EQ(watched, (std::vector<std::string>{(root / "projects").string()}));
  for (const auto& f : files) EXPECT_EQ(f.path.rfind(watched[0] + "/", 0), 0u) << f.path;
  fs::remove_all(root);
}

// Project directories are walked on two threads: every file of every project, once, sorted.
TEST(ClaudeDiscover, ManyProjectsOnTwoThreads) {
  fs::path root = fs::temp_directory_path() / "receipts-discover-many-test";
  fs::remove_all(root);
  std::vector<std::string> want;
  for (int p = 0; p < 9; ++p) {
    for (int k = 0; k <= p; ++k) {  // uneven projects: 1 to 9 sessions
      std::string dir = "projects/p" + std::to_string(p) + "/";
      std::string id = "s" + std::to_string(k);
      want.push_back(dir + id + ".jsonl");
      if (k % 2 == 0) want.push_back(dir + id + "/subagents/agent-a" + std::to_string(k) + ".jsonl");
    }
  }
  want.push_back("projects/loose.jsonl");  // a file directly under projects/
  for (const auto& f : want) {
    fs::create_directories((root / f).parent_path());
    std::ofstream(root / f) << "\n";
  }
  fs::create_directories(root / "projects/empty");
  std::ofstream(root / "projects/p3/notes.txt") << "\n";  // not a log
  auto files = ClaudeSource().Discover({root.string()});
  std::vector<std::string> got;
  for (const auto& f : files) {
    got.push_back(fs::relative(f.path, root).string());
    EXPECT_EQ(f.root, root.string());
  }
  std::sort(want.begin(), want.end());
  EXPECT_EQ(got, want);
  fs::remove_all(root);
}

TEST(ClaudeIdentity, SessionFromPathWhenLinesLackIt) {
  EXPECT_EQ(IdentityFromPath("/r/projects/-w-a/abc.jsonl").session_id, "abc");
  EXPECT_EQ(IdentityFromPath("/r/projects/-w-a/abc.jsonl").project_dir, "-w-a");
  EXPECT_EQ(IdentityFromPath("/r/projects/-w-a/abc/subagents/agent-x.jsonl").session_id, "abc");
  EXPECT_EQ(IdentityFromPath("/r/projects/alpha/session-alpha/chat.jsonl").session_id, "session-alpha");
}

TEST(ClaudeParse, OnlyCompleteLinesAndTopLevelUsage) {
  ClaudeSource src;
  std::string data =
      R"({"type":"progress","timestamp":"2026-01-01T00:00:00Z","data":{"message":{"message":{"id":"m0","usage":{"input_tokens":5}}}}})"
      "\n"
      R"({"type":"user","timestamp":"2026-01-01T00:00:00Z","toolUseResult":{"usage":{"input_tokens":5}},"message":{"role":"user","content":"x"}})"
      "\n"
      R"({"type":"assistant","timestamp":"2026-01-01T00:00:01Z","message":{"id":"m1","model":"claude-opus-4-6","usage":{"input_tokens":"12","output_tokens":3.0}}})"
      "\n"
      R"({"type":"assistant","timestamp":"2026-01-01T00:00:02Z","message":{"id":"m2","usage)";
  data.append(kParsePadding, '\0');
  auto out = src.Parse("/r/projects/p/s.jsonl", std::string_view(data.data(), data.size() - kParsePadding), 100, "");
  ASSERT_EQ(out.records.size(), 1u);
  EXPECT_EQ(out.records[0].dedupe_key, "m:m1");
  EXPECT_EQ(out.records[0].tokens.input, 12);  // numeric strings and floats are accepted
  EXPECT_EQ(out.records[0].tokens.output, 3);
  EXPECT_EQ(out.records[0].session_id, "s");
  EXPECT_EQ(out.records[0].offset, 100 + data.find(R"({"type":"assistant")"));
  EXPECT_EQ(out.lines, 3);
  EXPECT_EQ(out.consumed_to, 100 + data.rfind('\n') + 1);
  EXPECT_TRUE(out.malformed.empty());
}

}  // namespace
}  // namespace receipts::sources::claude
