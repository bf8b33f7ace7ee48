// `receipts doctor` end to end: the config file and the settings in effect, the roots scanned,
// per-agent files, lines, usage lines, malformed lines (with file and byte offset) and files gone
// from disk, duplicates collapsed, unpriced models and the store's freshness, with exact values
// on the golden Claude Code fixture (one session file: 7 lines, 6 usage records of 5 calls, one
// of them on a model with no price).
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "cli/cli_runner.h"
#include "support/test_support.h"

namespace receipts::testing {
namespace {
namespace fs = std::filesystem;

bool Has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

class DoctorTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = tmp_.str() + "/claude";
    fs::copy(fs::path(RECEIPTS_TEST_FIXTURES) / "golden" / "claude", root_,
             fs::copy_options::recursive);
    for (const auto& e : fs::recursive_directory_iterator(root_)) {
      if (e.path().extension() == ".jsonl") file_ = e.path().string();
    }
    ASSERT_FALSE(file_.empty());
  }
  CliOutput Doctor(const std::string& flags = "") {
    return RunCli("doctor --db " + tmp_.str() + "/r.db" + flags,
                  {{"HOME", tmp_.str()}, {"CLAUDE_CONFIG_DIR", root_}}, tmp_.str());
  }
  TempDir tmp_;
  std::string root_, file_;
};

// The fixture's one file with the malformed line the test appends, `gone` of it deleted.
std::string FilesLine(int gone) {
  return "  claude   1 files (0 MB), 8 lines, 6 usage lines, 1 malformed, " + std::to_string(gone) +
         " gone from disk (history kept)\n";
}
const char* const kCallsLine =
    "Calls: 5 unique model calls from 6 usage records (1 duplicate copies collapsed)\n";

TEST_F(DoctorTest, ShowsEveryFigureOfTheStore) {
  const auto size = fs::file_size(file_);
  WriteFile(file_, "{\"type\":\"assistant\",\"message\":{\"id\": broken\n", /*append=*/true);
  CliOutput o = Doctor();
  ASSERT_EQ(o.code, 0) << o.err;
  const std::string config = tmp_.str() + "/.config/receipts/config.toml";
  EXPECT_TRUE(Has(o.out, "Config: " + config + " (not present; bundled prices only)\n")) << o.out;
  EXPECT_TRUE(
      Has(o.out,
          "  person: not set (git user.email of each session's repository, else the OS user)\n"));
  EXPECT_TRUE(Has(o.out, "  prompt text: stored, secrets redacted\n"));
  EXPECT_TRUE(Has(o.out, "  claude   " + root_ + " \n")) << o.out;
  EXPECT_TRUE(Has(o.out, "  codex    " + tmp_.str() + "/.codex (not found)\n"));
  EXPECT_TRUE(Has(o.out, FilesLine(0))) << o.out;
  EXPECT_TRUE(Has(o.out, kCallsLine));
  EXPECT_TRUE(Has(o.out, ", newest call 2026-04-02T08:05:00.000Z\n"));
  EXPECT_FALSE(Has(o.out, "last scan never"));
  EXPECT_TRUE(Has(o.out, "  " + file_ + " @ byte " + std::to_string(size) + ": ")) << o.out;
  EXPECT_TRUE(Has(o.out,
                  "Unpriced models (tokens counted, cost not computed):\n  acme-proxy-model: 1 "
                  "calls, 84 tokens\n"));

  // The agent deletes its log: the history stays, and doctor says so.
  fs::remove(file_);
  o = Doctor();
  ASSERT_EQ(o.code, 0) << o.err;
  EXPECT_TRUE(Has(o.out, FilesLine(1))) << o.out;
  EXPECT_TRUE(Has(o.out, kCallsLine));
}

TEST_F(DoctorTest, ShowsTheSettingsInEffect) {
  const std::string config = tmp_.str() + "/c.toml";
  WriteFile(config,
            "[attribution]\nperson = \"ada@example.com\"\n[privacy]\nstore_prompt_text = false\n");
  CliOutput o = Doctor(" --config " + config);
  ASSERT_EQ(o.code, 0) << o.err;
  EXPECT_TRUE(Has(o.out, "Config: " + config +
                             "\n  person: ada@example.com\n"
                             "  prompt text: SHA-256 only ([privacy] store_prompt_text = false)\n"))
      << o.out;
  o = Doctor(" --no-text");
  ASSERT_EQ(o.code, 0) << o.err;
  EXPECT_TRUE(Has(o.out, "  prompt text: SHA-256 only (--no-text)\n")) << o.out;
  // A config file that does not parse: one clear line naming it, and a non-zero exit.
  WriteFile(config, "[privacy\n");
  o = Doctor(" --config " + config);
  EXPECT_NE(o.code, 0);
  EXPECT_TRUE(Has(o.err, config + ": ")) << o.err;
  EXPECT_TRUE(Has(o.err, "fix the file or pass --config PATH")) << o.err;
}

}  // namespace
}  // namespace receipts::testing
