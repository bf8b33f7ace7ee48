// The config file as a long-running process sees it (ingest/live_config.h, core/file_change.h):
// edits to prices and settings are picked up, a broken edit keeps the last good read and is
// reported until fixed, --no-text always wins, and without a path nothing changes.
#include "ingest/live_config.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>

#include "core/file_change.h"
#include "support/test_support.h"

namespace receipts::testing {
namespace {

using ingest::ConfigSettings;
using ingest::LiveConfig;

constexpr const char* kHaiku = "claude-haiku-4-5";

// The cost of one million input tokens of `model` in January 2026, in nano-dollars.
int64_t InputCost(const pricing::PriceBook& book, const char* model) {
  PricedCall c;
  c.model = model;
  c.ts_ms = 1768478400000;  // 2026-01-15T12:00:00Z
  c.tokens.input = 1'000'000;
  return book.Cost(c).cost_nanos.value_or(-1);
}

class LiveConfigTest : public ::testing::Test {
 protected:
  std::string Path() const { return tmp_.str() + "/config.toml"; }
  LiveConfig Start(bool no_text_flag = false) {
    auto settings = ingest::ReadConfigSettings(Path());
    EXPECT_TRUE(settings.ok()) << settings.status().message();
    pricing::PriceBook prices = pricing::PriceBook::Bundled();
    EXPECT_TRUE(prices.ApplyOverridesFile(Path()).ok());
    ingest::IngestOptions o;
    o.batch_bytes = 12345;  // a command-line choice the file never touches
    return LiveConfig(Path(), prices, settings.value(),
                      ingest::WithSettings(o, settings.value(), no_text_flag), no_text_flag);
  }
  TempDir tmp_;
};

TEST_F(LiveConfigTest, ReadsTheSettings) {
  auto none = ingest::ReadConfigSettings(Path());  // no file
  ASSERT_TRUE(none.ok());
  EXPECT_FALSE(none.value().person);
  EXPECT_FALSE(none.value().store_prompt_text);
  WriteFile(Path(),
            "[attribution]\nperson = \"ada@example.com\"\n[privacy]\nstore_prompt_text = false\n");
  auto s = ingest::ReadConfigSettings(Path());
  ASSERT_TRUE(s.ok()) << s.status().message();
  EXPECT_EQ(s.value().person, "ada@example.com");
  EXPECT_EQ(s.value().store_prompt_text, false);
  ingest::IngestOptions o = ingest::WithSettings({}, s.value(), false);
  EXPECT_EQ(o.person, "ada@example.com");
  EXPECT_FALSE(o.store_text);
  // The file can only turn prompt text off; --no-text turns it off whatever the file says.
  s.value().store_prompt_text = true;
  EXPECT_TRUE(ingest::WithSettings({}, s.value(), false).store_text);
  EXPECT_FALSE(ingest::WithSettings({}, s.value(), true).store_text);
  WriteFile(Path(), "[privacy\nstore_prompt_text = false\n");
  auto bad = ingest::ReadConfigSettings(Path());
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find(Path() + ": "), std::string::npos)
      << bad.status().message();
  EXPECT_NE(bad.status().message().find("(line 1)"), std::string::npos) << bad.status().message();
}

TEST_F(LiveConfigTest, FollowsEditsOfTheFile) {
  LiveConfig live = Start();  // no file yet
  const int64_t bundled = InputCost(live.prices(), kHaiku);
  EXPECT_EQ(bundled, 1'000'000'000);  // $1.00 per million input tokens
  EXPECT_TRUE(live.options().store_text);
  auto r = live.Refresh();
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_FALSE(r.value());

  WriteFile(Path(), "[pricing.models.\"claude-haiku-4-5\"]\ninput = 2\noutput = 8\n");
  r = live.Refresh();
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_TRUE(r.value());
  EXPECT_EQ(InputCost(live.prices(), kHaiku), 2'000'000'000);
  r = live.Refresh();  // read again (it changed moments ago), but nothing is new
  ASSERT_TRUE(r.ok());
  EXPECT_FALSE(r.value());

  // The settings alone.
  WriteFile(Path(),
            "[pricing.models.\"claude-haiku-4-5\"]\ninput = 2\noutput = 8\n"
            "[privacy]\nstore_prompt_text = false\n[attribution]\nperson = \"bo\"\n");
  r = live.Refresh();
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r.value());
  EXPECT_FALSE(live.options().store_text);
  EXPECT_EQ(live.options().person, "bo");
  EXPECT_EQ(live.options().batch_bytes, 12345);
  EXPECT_EQ(InputCost(live.prices(), kHaiku), 2'000'000'000);

  // Removed: the bundled table and the defaults again.
  std::filesystem::remove(Path());
  r = live.Refresh();
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r.value());
  EXPECT_EQ(live.prices().Fingerprint(), pricing::PriceBook::Bundled().Fingerprint());
  EXPECT_TRUE(live.options().store_text);
  EXPECT_EQ(live.options().person, "");
}

TEST_F(LiveConfigTest, NoTextFromTheCommandLineAlwaysWins) {
  WriteFile(Path(), "[privacy]\nstore_prompt_text = false\n");
  LiveConfig live = Start(/*no_text_flag=*/true);
  EXPECT_FALSE(live.options().store_text);
  WriteFile(Path(), "[privacy]\nstore_prompt_text = true\n");
  auto r = live.Refresh();
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r.value());
  EXPECT_FALSE(live.options().store_text);
}

TEST_F(LiveConfigTest, ABrokenEditKeepsTheLastGoodReadUntilFixed) {
  WriteFile(Path(),
            "[pricing.models.\"claude-haiku-4-5\"]\ninput = 2\noutput = 8\n[attribution]\nperson = "
            "\"bo\"\n");
  LiveConfig live = Start();
  const std::string good = live.prices().Fingerprint();
  WriteFile(Path(), "[pricing.models.\"claude-haiku-4-5\"\ninput = 3\n");  // no closing bracket
  for (int i = 0; i < 2; ++i) {  // reported on every refresh, not only the first
    auto r = live.Refresh();
    ASSERT_FALSE(r.ok());
    EXPECT_NE(r.status().message().find(Path()), std::string::npos) << r.status().message();
    EXPECT_EQ(live.prices().Fingerprint(), good);
    EXPECT_EQ(live.options().person, "bo");
  }
  WriteFile(Path(), "[pricing.models.\"claude-haiku-4-5\"]\ninput = 4\noutput = 8\n");
  auto r = live.Refresh();
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_TRUE(r.value());
  EXPECT_EQ(InputCost(live.prices(), kHaiku), 4'000'000'000);
  EXPECT_EQ(live.options().person, "");
}

TEST_F(LiveConfigTest, WithoutAPathNothingChanges) {
  ingest::IngestOptions o;
  o.store_text = false;  // as a caller chose it, with no file behind it
  LiveConfig live("", pricing::PriceBook::Bundled(), {}, o, false);
  auto r = live.Refresh();
  ASSERT_TRUE(r.ok());
  EXPECT_FALSE(r.value());
  EXPECT_FALSE(live.options().store_text);
}

TEST(FileChangeWatch, SeesEveryKindOfChange) {
  TempDir tmp;
  const std::string path = tmp.str() + "/f";
  FileChangeWatch w(path, /*settle_ns=*/0);  // no settling: only the file's identity counts
  EXPECT_TRUE(w.Changed());                  // the first look
  EXPECT_FALSE(w.Changed());                 // absent, still absent
  WriteFile(path, "abc");
  EXPECT_TRUE(w.Changed());  // appeared
  EXPECT_FALSE(w.Changed());
  // Same size, the modification time put back: the change time (no program can set it) tells.
  struct stat before {};
  ASSERT_EQ(::stat(path.c_str(), &before), 0);
  WriteFile(path, "xyz");
  struct timespec times[2] = {before.st_atim, before.st_mtim};
  ASSERT_EQ(::utimensat(AT_FDCWD, path.c_str(), times, 0), 0);
  EXPECT_TRUE(w.Changed());
  EXPECT_FALSE(w.Changed());
  std::filesystem::remove(path);
  EXPECT_TRUE(w.Changed());  // went away
  EXPECT_FALSE(w.Changed());
}

TEST(FileChangeWatch, ARecentFileIsLookedAtAgainUntilItSettles) {
  TempDir tmp;
  const std::string path = tmp.str() + "/f";
  WriteFile(path, "abc");
  FileChangeWatch w(path);  // 2 s
  EXPECT_TRUE(w.Changed());
  // Written just now: an edit in the same clock tick would leave every time equal, so the file
  // counts as changed on each look until it is 2 s old.
  EXPECT_TRUE(w.Changed());
  FileChangeWatch settled(path, /*settle_ns=*/0);
  EXPECT_TRUE(settled.Changed());
  EXPECT_FALSE(settled.Changed());
}

}  // namespace
}  // namespace receipts::testing
