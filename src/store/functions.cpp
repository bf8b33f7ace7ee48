// SQL functions for zone-aware bucketing; the resolved zone is cached per statement with
// sqlite3_set_auxdata so a report resolves its zone once.
#include <sqlite3.h>

#include "core/time.h"
#include "store/indexes.h"
#include "store/store.h"

namespace receipts::store {
namespace {

const Zone* ZoneArg(sqlite3_context* ctx, sqlite3_value** argv, int idx) {
  if (auto* cached = static_cast<const Zone*>(sqlite3_get_auxdata(ctx, idx))) return cached;
  const unsigned char* name = sqlite3_value_text(argv[idx]);
  auto zone = Zone::Find(name ? reinterpret_cast<const char*>(name) : "UTC");
  if (!zone) {
    sqlite3_result_error(ctx, "unknown time zone", -1);
    return nullptr;
  }
  auto* heap = new Zone(*zone);
  sqlite3_set_auxdata(ctx, idx, heap, [](void* p) { delete static_cast<Zone*>(p); });
  // set_auxdata may have destroyed it already if it could not be kept; re-read.
  if (auto* kept = static_cast<const Zone*>(sqlite3_get_auxdata(ctx, idx))) return kept;
  static thread_local Zone fallback = Zone::Utc();
  fallback = *zone;
  return &fallback;
}

void ResultText(sqlite3_context* ctx, const std::string& s) {
  sqlite3_result_text(ctx, s.data(), static_cast<int>(s.size()), SQLITE_TRANSIENT);
}

void RcDay(sqlite3_context* ctx, int, sqlite3_value** argv) {
  const Zone* z = ZoneArg(ctx, argv, 1);
  if (!z) return;
  ResultText(ctx, format_civil_day(z->local_day(sqlite3_value_int64(argv[0]))));
}

void RcWeek(sqlite3_context* ctx, int, sqlite3_value** argv) {
  const Zone* z = ZoneArg(ctx, argv, 1);
  if (!z) return;
  int32_t day = z->local_day(sqlite3_value_int64(argv[0]));
  ResultText(ctx, format_civil_day(week_start_day(day, sqlite3_value_int(argv[2]))));
}

void RcMonth(sqlite3_context* ctx, int, sqlite3_value** argv) {
  const Zone* z = ZoneArg(ctx, argv, 1);
  if (!z) return;
  ResultText(ctx, format_month(z->local_day(sqlite3_value_int64(argv[0]))));
}

void RcIso(sqlite3_context* ctx, int, sqlite3_value** argv) {
  ResultText(ctx, format_iso8601_ms(sqlite3_value_int64(argv[0])));
}

void RcKeyHash(sqlite3_context* ctx, int, sqlite3_value** argv) {
  auto text = [&](int i) {
    const unsigned char* t = sqlite3_value_text(argv[i]);
    return std::string_view(t ? reinterpret_cast<const char*>(t) : "",
                            static_cast<size_t>(sqlite3_value_bytes(argv[i])));
  };
  sqlite3_result_int64(ctx, KeyHash(text(0), text(1)));
}

}  // namespace

Status RegisterFunctions(Db& db) {
  constexpr int kFlags = SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS;
  struct Fn {
    const char* name;
    int argc;
    void (*fn)(sqlite3_context*, int, sqlite3_value**);
  };
  for (const Fn& f : {Fn{"rc_day", 2, RcDay}, Fn{"rc_week", 3, RcWeek},
                      Fn{"rc_month", 2, RcMonth}, Fn{"rc_iso", 1, RcIso},
                      Fn{"rc_key_hash", 2, RcKeyHash}}) {
    if (sqlite3_create_function_v2(db.raw(), f.name, f.argc, kFlags, nullptr, f.fn, nullptr,
                                   nullptr, nullptr) != SQLITE_OK) {
      return Status::Error(std::string("cannot register SQL function ") + f.name);
    }
  }
  return Status::Ok();
}

}  // namespace receipts::store
