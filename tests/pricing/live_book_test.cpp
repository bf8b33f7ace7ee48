// LivePriceBook: the overrides file read again when it changes; a broken edit keeps the last
// good book and is reported until fixed.
#include <gtest/gtest.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>

#include "pricing/live_book.h"
#include "test_util.h"

namespace receipts::pricing {
namespace {

using testing::Call;
using testing::Tok;

namespace fs = std::filesystem;

class LivePriceBookTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/receipts-live-book-XXXXXX";
    ASSERT_NE(::mkdtemp(tmpl), nullptr);
    dir_ = tmpl;
    path_ = (dir_ / "config.toml").string();
  }
  void TearDown() override { fs::remove_all(dir_); }

  void Write(const std::string& text) { std::ofstream(path_, std::ios::binary | std::ios::trunc) << text; }
  // The cost of one million input tokens of `model`, in nano-dollars.
  static int64_t InputCost(const PriceBook& book, const char* model) {
    return book.Cost(Call(model, Tok(1'000'000))).cost_nanos.value_or(-1);
  }

  fs::path dir_;
  std::string path_;
};

constexpr const char* kHaiku = "claude-haiku-4-5";

TEST_F(LivePriceBookTest, FollowsEditsOfTheFile) {
  LivePriceBook live(PriceBook::Bundled(), path_);
  const int64_t bundled = InputCost(live.book(), kHaiku);
  EXPECT_EQ(bundled, 1'000'000'000);  // $1.00 per million input tokens

  // No file yet: reading it changes nothing.
  auto r = live.Refresh();
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_FALSE(r.value());

  Write("[pricing.models.\"claude-haiku-4-5\"]\ninput = 2\noutput = 8\n");
  r = live.Refresh();
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_TRUE(r.value());
  EXPECT_EQ(live.version(), 1);
  EXPECT_EQ(InputCost(live.book(), kHaiku), 2'000'000'000);

  // The same file again (it is read again while its times are recent): no change.
  r = live.Refresh();
  ASSERT_TRUE(r.ok());
  EXPECT_FALSE(r.value());
  EXPECT_EQ(live.version(), 1);

  // An edit of the same size.
  Write("[pricing.models.\"claude-haiku-4-5\"]\ninput = 3\noutput = 8\n");
  r = live.Refresh();
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r.value());
  EXPECT_EQ(InputCost(live.book(), kHaiku), 3'000'000'000);

  // The file removed: the bundled table again.
  fs::remove(path_);
  r = live.Refresh();
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r.value());
  EXPECT_EQ(live.version(), 3);
  EXPECT_EQ(InputCost(live.book(), kHaiku), bundled);
  EXPECT_EQ(live.book().Fingerprint(), PriceBook::Bundled().Fingerprint());
}

TEST_F(LivePriceBookTest, AnEditInTheSameClockTickIsSeen) {
  Write("[pricing.models.\"claude-haiku-4-5\"]\ninput = 2\noutput = 8\n");
  struct stat before {};
  ASSERT_EQ(::stat(path_.c_str(), &before), 0);
  LivePriceBook live(PriceBook::Bundled(), path_);
  ASSERT_TRUE(live.Refresh().value());
  // Same size, and the modification time put back: only the recency of the read (and the
  // change time, which no program can set) tells the edit apart.
  Write("[pricing.models.\"claude-haiku-4-5\"]\ninput = 5\noutput = 8\n");
  struct timespec times[2] = {before.st_atim, before.st_mtim};
  ASSERT_EQ(::utimensat(AT_FDCWD, path_.c_str(), times, 0), 0);
  auto r = live.Refresh();
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r.value());
  EXPECT_EQ(InputCost(live.book(), kHaiku), 5'000'000'000);
}

TEST_F(LivePriceBookTest, ABrokenEditKeepsTheLastGoodBookUntilFixed) {
  Write("[pricing.models.\"claude-haiku-4-5\"]\ninput = 2\noutput = 8\n");
  LivePriceBook live(PriceBook::Bundled(), path_);
  ASSERT_TRUE(live.Refresh().value());
  const std::string good = live.book().Fingerprint();

  Write("[pricing.models.\"claude-haiku-4-5\"\ninput = 2\n");  // no closing bracket
  for (int i = 0; i < 2; ++i) {  // reported on every refresh, not only the first
    auto r = live.Refresh();
    ASSERT_FALSE(r.ok());
    EXPECT_NE(r.status().message().find(path_), std::string::npos) << r.status().message();
    EXPECT_NE(r.status().message().find("not valid TOML"), std::string::npos);
    EXPECT_EQ(live.book().Fingerprint(), good);
    EXPECT_EQ(live.version(), 1);
  }
  Write("[pricing.models.\"claude-haiku-4-5\"]\ninput = 4\noutput = 8\n");
  auto r = live.Refresh();
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_TRUE(r.value());
  EXPECT_EQ(InputCost(live.book(), kHaiku), 4'000'000'000);
}

TEST_F(LivePriceBookTest, WithoutAPathTheBookIsFixed) {
  PriceBook initial = PriceBook::Bundled();
  ASSERT_TRUE(initial.ApplyOverridesToml("[pricing.models.\"claude-haiku-4-5\"]\ninput = 2\noutput = 8\n",
                                         "test").ok());
  LivePriceBook live(initial, "");
  auto r = live.Refresh();
  ASSERT_TRUE(r.ok());
  EXPECT_FALSE(r.value());
  EXPECT_EQ(live.book().Fingerprint(), initial.Fingerprint());
  EXPECT_EQ(InputCost(live.book(), kHaiku), 2'000'000'000);
}

}  // namespace
}  // namespace receipts::pricing
