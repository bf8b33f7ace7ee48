#include "core/time.h"

#include <gtest/gtest.h>

namespace receipts {
namespace {

TEST(ParseIso, UtcWithMillis) {
  EXPECT_EQ(parse_iso8601_ms("1970-01-01T00:00:00.000Z"), 0);
  EXPECT_EQ(parse_iso8601_ms("2026-02-23T20:34:25.123Z"), 1771878865123);
  EXPECT_EQ(parse_iso8601_ms("2026-02-23T20:34:25Z"), 1771878865000);
  EXPECT_EQ(parse_iso8601_ms("2026-02-23T20:34:25.123456Z"), 1771878865123);
}

TEST(ParseIso, Offsets) {
  EXPECT_EQ(parse_iso8601_ms("2026-02-23T21:34:25+01:00"), 1771878865000);
  EXPECT_EQ(parse_iso8601_ms("2026-02-23T15:04:25-0530"), 1771878865000);
}

TEST(ParseIso, RejectsGarbage) {
  EXPECT_FALSE(parse_iso8601_ms(""));
  EXPECT_FALSE(parse_iso8601_ms("2026-13-01T00:00:00Z"));
  EXPECT_FALSE(parse_iso8601_ms("2026-02-30T00:00:00Z"));
  EXPECT_FALSE(parse_iso8601_ms("2026-02-23T20:34:25Zjunk"));
  EXPECT_FALSE(parse_iso8601_ms("timesstamp"));
}

TEST(UserDate, BothSpellingsAndValidation) {
  EXPECT_EQ(parse_user_date("2026-02-23"), parse_user_date("20260223"));
  EXPECT_EQ(format_civil_day(*parse_user_date("20260223")), "2026-02-23");
  EXPECT_FALSE(parse_user_date("2026-13-01"));
  EXPECT_FALSE(parse_user_date("2026-02-30"));
  EXPECT_FALSE(parse_user_date("yesterday"));
}

TEST(Zone, LocalDayAcrossMidnight) {
  auto ny = Zone::Find("America/New_York");
  ASSERT_TRUE(ny);
  int64_t t = *parse_iso8601_ms("2026-01-15T03:00:00Z");  // 22:00 on the 14th in New York
  EXPECT_EQ(format_civil_day(ny->local_day(t)), "2026-01-14");
  EXPECT_EQ(format_civil_day(Zone::Utc().local_day(t)), "2026-01-15");
  EXPECT_EQ(ny->day_start_utc_ms(*parse_user_date("2026-01-14")),
            *parse_iso8601_ms("2026-01-14T05:00:00Z"));
}

TEST(Zone, UnknownZoneRejected) { EXPECT_FALSE(Zone::Find("Mars/Olympus_Mons")); }

TEST(Weeks, StartOfWeek) {
  int32_t thu = *parse_user_date("2026-01-15");
  EXPECT_EQ(format_civil_day(week_start_day(thu, 1)), "2026-01-12");  // Monday
  EXPECT_EQ(format_civil_day(week_start_day(thu, 0)), "2026-01-11");  // Sunday
  EXPECT_EQ(format_month(thu), "2026-01");
  EXPECT_EQ(parse_weekday("Sun"), 0);
  EXPECT_EQ(parse_weekday("monday"), 1);
  EXPECT_FALSE(parse_weekday("funday"));
}

}  // namespace
}  // namespace receipts
