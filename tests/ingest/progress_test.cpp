// The scan's progress bar (ingest/progress.h): nothing for a scan shorter than the delay or
// without a terminal; once past it, a bar with percent, files and MB, redrawn in place, and a
// final line from Finish.
#include "ingest/progress.h"

#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <string>

namespace receipts::ingest {
namespace {

std::string Contents(std::FILE* f) {
  std::fflush(f);
  std::rewind(f);
  std::string out;
  char buf[512];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) out.append(buf, n);
  return out;
}

TEST(ProgressTest, DrawsPercentFilesAndMegabytesOncePastTheDelay) {
  using std::chrono::hours;
  using std::chrono::milliseconds;
  std::FILE* f = std::tmpfile();
  ASSERT_NE(f, nullptr);
  Progress every(f, 4'000'000, 4, milliseconds(0), milliseconds(0));
  every.Advance(1'000'000);
  every.Advance(2'000'000);
  EXPECT_EQ(Contents(f),
            "\rscanning [#######-----------------------]  25%  1/4 files  1.0/4.0 MB"
            "\rscanning [######################--------]  75%  2/4 files  3.0/4.0 MB");
  std::fclose(f);

  f = std::tmpfile();
  ASSERT_NE(f, nullptr);
  Progress throttled(f, 4'000'000, 4, milliseconds(0), hours(1));
  throttled.Advance(1'000'000);  // the first line once past the delay
  throttled.Advance(1'000'000);  // then no redraw within the interval
  throttled.Advance(1'000'000);
  throttled.Advance(1'000'000);
  throttled.Finish();  // the last state, and a newline
  EXPECT_EQ(Contents(f),
            "\rscanning [#######-----------------------]  25%  1/4 files  1.0/4.0 MB"
            "\rscanning [##############################] 100%  4/4 files  4.0/4.0 MB\n");
  std::fclose(f);
}

TEST(ProgressTest, AShortScanOrNoTerminalDrawsNothing) {
  std::FILE* f = std::tmpfile();
  ASSERT_NE(f, nullptr);
  Progress quick(f, 100, 1, std::chrono::hours(1), std::chrono::milliseconds(0));  // ends first
  quick.Advance(100);
  quick.Finish();
  EXPECT_EQ(Contents(f), "");
  std::fclose(f);
  Progress nowhere(nullptr, 100, 1, std::chrono::milliseconds(0), std::chrono::milliseconds(0));
  nowhere.Advance(100);
  nowhere.Finish();             // must not touch a stream
  Progress off(false, 100, 1);  // disabled (--json with stderr on a terminal is still off)
  off.Advance(100);
  off.Finish();
}

}  // namespace
}  // namespace receipts::ingest
