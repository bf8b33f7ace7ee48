// UTC instants as int64 milliseconds since the Unix epoch, ISO-8601 parsing and formatting,
// and calendar bucketing in an IANA time zone (date/tz). Pure functions; thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace date {
class time_zone;
}

namespace receipts {

constexpr int64_t kMsPerSecond = 1000;
constexpr int64_t kMsPerMinute = 60 * kMsPerSecond;
constexpr int64_t kMsPerHour = 60 * kMsPerMinute;
constexpr int64_t kMsPerDay = 24 * kMsPerHour;

// The current instant (system clock), UTC ms.
int64_t now_utc_ms();

// Parses "YYYY-MM-DDTHH:MM:SS[.fff…][Z|±HH:MM]" (a space instead of T is accepted; no zone
// means UTC). Returns nullopt for anything else.
std::optional<int64_t> parse_iso8601_ms(std::string_view text);

// Numeric epoch: values above 1e10 are milliseconds, below are seconds (the agents' convention).
int64_t epoch_number_to_ms(double value);

// "2026-02-23T20:34:25.123Z".
std::string format_iso8601_ms(int64_t utc_ms);

// Parses a user date "YYYY-MM-DD" or "YYYYMMDD" into days since 1970-01-01; validates the
// calendar (2026-13-01 and 2026-02-30 are rejected).
std::optional<int32_t> parse_user_date(std::string_view text);
std::string format_civil_day(int32_t days_since_epoch);  // "YYYY-MM-DD"

// A resolved time zone. Empty name = the machine's zone (TZ, then /etc/localtime), "UTC" fast.
// Offsets are cached per UTC-offset period (date/tz lookups allocate), so one Zone must not be
// used by two threads at once; copies are independent.
class Zone {
 public:
  static std::optional<Zone> Find(const std::string& name);
  static Zone Utc();
  const std::string& name() const { return name_; }
  // Civil day (days since epoch) of a UTC instant in this zone.
  int32_t local_day(int64_t utc_ms) const;
  // Offset of local time from UTC at the instant, in ms.
  int64_t offset_ms(int64_t utc_ms) const;
  // The UTC instant at which the given local civil day starts.
  int64_t day_start_utc_ms(int32_t local_day) const;

 private:
  Zone(std::string name, const date::time_zone* tz) : name_(std::move(name)), tz_(tz) {}
  std::string name_;
  const date::time_zone* tz_ = nullptr;  // nullptr = UTC
  // The period [begin, end) of the last lookup and its offset.
  mutable int64_t cached_begin_ms_ = 1, cached_end_ms_ = 0, cached_offset_ms_ = 0;
};

// The machine's zone name ("UTC" when it cannot be determined).
std::string machine_zone_name();

// The identity of the rules of zone `name` on this machine ("" for UTC): the size, time and
// inode of its file in the system's tz database (Debian's date-tz reads those files and reports
// no version). A tzdata update replaces the file, so results bucketed in the zone and kept
// under a key holding this are not read back with the new rules.
std::string zone_rules_identity(const std::string& name);

// Week start (days since epoch) of a civil day, for a week starting on `start_weekday`
// (0 = Sunday … 6 = Saturday).
int32_t week_start_day(int32_t day, int start_weekday);
// "YYYY-MM" of a civil day.
std::string format_month(int32_t day);
// Parses a weekday name ("monday", "sun", …) into 0..6.
std::optional<int> parse_weekday(std::string_view name);

}  // namespace receipts
