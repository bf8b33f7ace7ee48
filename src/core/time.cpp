// See time.h. The ISO parser is hand-rolled for speed (it runs once per usage line); zone
// arithmetic is delegated to date/tz.
#include "core/time.h"

#include <chrono>

#include <date/date.h>
#include <date/tz.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdlib>
#include <fmt/format.h>

#include "core/file_change.h"

namespace receipts {
namespace {

bool digits(std::string_view s, size_t pos, size_t n, int& out) {
  if (pos + n > s.size()) return false;
  int v = 0;
  for (size_t i = 0; i < n; ++i) {
    char c = s[pos + i];
    if (c < '0' || c > '9') return false;
    v = v * 10 + (c - '0');
  }
  out = v;
  return true;
}

int32_t days_from_civil(int y, unsigned m, unsigned d) {
  return date::sys_days{date::year{y} / date::month{m} / date::day{d}}.time_since_epoch().count();
}

}  // namespace

std::optional<int64_t> parse_iso8601_ms(std::string_view s) {
  int y, mo, d, h, mi, sec;
  if (!digits(s, 0, 4, y) || s.size() < 19 || s[4] != '-' || !digits(s, 5, 2, mo) || s[7] != '-' ||
      !digits(s, 8, 2, d) || (s[10] != 'T' && s[10] != ' ') || !digits(s, 11, 2, h) ||
      s[13] != ':' || !digits(s, 14, 2, mi) || s[16] != ':' || !digits(s, 17, 2, sec)) {
    return std::nullopt;
  }
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || sec > 60) return std::nullopt;
  date::year_month_day ymd{date::year{y}, date::month{unsigned(mo)}, date::day{unsigned(d)}};
  if (!ymd.ok()) return std::nullopt;
  size_t pos = 19;
  int64_t frac_ms = 0;
  if (pos < s.size() && s[pos] == '.') {
    ++pos;
    int ndig = 0;
    while (pos < s.size() && std::isdigit(static_cast<unsigned char>(s[pos]))) {
      if (ndig < 3) frac_ms = frac_ms * 10 + (s[pos] - '0');
      ++ndig;
      ++pos;
    }
    if (ndig == 0) return std::nullopt;
    for (int i = ndig; i < 3; ++i) frac_ms *= 10;
  }
  int64_t offset_ms = 0;
  if (pos < s.size()) {
    char c = s[pos];
    if (c == 'Z' || c == 'z') {
      ++pos;
    } else if (c == '+' || c == '-') {
      int oh, om = 0;
      if (!digits(s, pos + 1, 2, oh)) return std::nullopt;
      size_t p = pos + 3;
      if (p < s.size() && s[p] == ':') ++p;
      if (p < s.size()) {
        if (!digits(s, p, 2, om)) return std::nullopt;
        p += 2;
      }
      offset_ms = (int64_t(oh) * 60 + om) * kMsPerMinute * (c == '+' ? 1 : -1);
      pos = p;
    }
    if (pos != s.size()) return std::nullopt;
  }
  int64_t days = date::sys_days{ymd}.time_since_epoch().count();
  return days * kMsPerDay + int64_t(h) * kMsPerHour + int64_t(mi) * kMsPerMinute +
         int64_t(sec) * kMsPerSecond + frac_ms - offset_ms;
}

int64_t epoch_number_to_ms(double value) {
  return value > 1e10 ? static_cast<int64_t>(value) : static_cast<int64_t>(value * 1000.0);
}

int64_t now_utc_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::string format_iso8601_ms(int64_t utc_ms) {
  date::sys_time<std::chrono::milliseconds> tp{std::chrono::milliseconds{utc_ms}};
  return date::format("%FT%TZ", tp);
}

std::optional<int32_t> parse_user_date(std::string_view s) {
  int y, m, d;
  if (s.size() == 10 && s[4] == '-' && s[7] == '-') {
    if (!digits(s, 0, 4, y) || !digits(s, 5, 2, m) || !digits(s, 8, 2, d)) return std::nullopt;
  } else if (s.size() == 8) {
    if (!digits(s, 0, 4, y) || !digits(s, 4, 2, m) || !digits(s, 6, 2, d)) return std::nullopt;
  } else {
    return std::nullopt;
  }
  if (m < 1 || m > 12 || d < 1) return std::nullopt;
  date::year_month_day ymd{date::year{y}, date::month{unsigned(m)}, date::day{unsigned(d)}};
  if (!ymd.ok()) return std::nullopt;
  return days_from_civil(y, unsigned(m), unsigned(d));
}

std::string format_civil_day(int32_t days) {
  date::year_month_day ymd{date::sys_days{date::days{days}}};
  return fmt::format("{:04d}-{:02d}-{:02d}", int(ymd.year()), unsigned(ymd.month()),
                     unsigned(ymd.day()));
}

std::string format_month(int32_t days) {
  date::year_month_day ymd{date::sys_days{date::days{days}}};
  return fmt::format("{:04d}-{:02d}", int(ymd.year()), unsigned(ymd.month()));
}

int32_t week_start_day(int32_t day, int start_weekday) {
  // 1970-01-01 was a Thursday (weekday 4).
  int wd = ((day % 7) + 7 + 4) % 7;
  int back = (wd - start_weekday + 7) % 7;
  return day - back;
}

std::optional<int> parse_weekday(std::string_view name) {
  static constexpr std::array<std::string_view, 7> kNames = {
      "sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"};
  std::string lower(name);
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (lower.size() < 3) return std::nullopt;
  for (int i = 0; i < 7; ++i) {
    if (kNames[i].substr(0, lower.size()) == lower) return i;
  }
  return std::nullopt;
}

std::string machine_zone_name() {
  if (const char* tz = std::getenv("TZ"); tz && *tz) {
    std::string name(tz[0] == ':' ? tz + 1 : tz);
    if (Zone::Find(name)) return name;
  }
  try {
    return std::string(date::current_zone()->name());
  } catch (const std::exception&) {
    return "UTC";
  }
}

std::string zone_rules_identity(const std::string& name) {
  if (name == "UTC" || name == "Etc/UTC" || name == "Z") return "";
  if (name.find("..") != std::string::npos) return "unknown";
  return FileIdentity("/usr/share/zoneinfo/" + name);
}

std::optional<Zone> Zone::Find(const std::string& name_in) {
  std::string name = name_in.empty() ? machine_zone_name() : name_in;
  if (name == "UTC" || name == "Etc/UTC" || name == "Z") return Zone("UTC", nullptr);
  try {
    const date::time_zone* tz = date::locate_zone(name);
    return Zone(name, tz);
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

Zone Zone::Utc() { return Zone("UTC", nullptr); }

int64_t Zone::offset_ms(int64_t utc_ms) const {
  if (!tz_) return 0;
  if (utc_ms >= cached_begin_ms_ && utc_ms < cached_end_ms_) return cached_offset_ms_;
  date::sys_time<std::chrono::milliseconds> tp{std::chrono::milliseconds{utc_ms}};
  auto info = tz_->get_info(tp);
  using std::chrono::duration_cast;
  using std::chrono::milliseconds;
  cached_begin_ms_ = duration_cast<milliseconds>(info.begin.time_since_epoch()).count();
  cached_end_ms_ = duration_cast<milliseconds>(info.end.time_since_epoch()).count();
  cached_offset_ms_ = duration_cast<milliseconds>(info.offset).count();
  return cached_offset_ms_;
}

int32_t Zone::local_day(int64_t utc_ms) const {
  int64_t local = utc_ms + offset_ms(utc_ms);
  int64_t day = local >= 0 ? local / kMsPerDay : -((-local + kMsPerDay - 1) / kMsPerDay);
  return static_cast<int32_t>(day);
}

int64_t Zone::day_start_utc_ms(int32_t local_day) const {
  int64_t local_ms = int64_t(local_day) * kMsPerDay;
  if (!tz_) return local_ms;
  date::local_time<std::chrono::milliseconds> lt{std::chrono::milliseconds{local_ms}};
  auto info = tz_->get_info(date::floor<std::chrono::seconds>(lt));
  // Midnight may be skipped (DST at 00:00) or repeated: take the earliest valid instant.
  if (info.result == date::local_info::nonexistent) {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               info.second.begin.time_since_epoch()).count();
  }
  return local_ms - std::chrono::duration_cast<std::chrono::milliseconds>(info.first.offset).count();
}

}  // namespace receipts
