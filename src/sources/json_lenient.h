// Lenient readers for simdjson on-demand values, shared by every JSON source: agents write
// numbers as integers, floats or numeric strings, and any field may be null or missing
// (FORMATS.md §7). Header-only; thread-safe.
#pragma once

#include <simdjson.h>

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <optional>
#include <string_view>
#include <utility>

namespace receipts::sources::json {
namespace od = simdjson::ondemand;

// A number or a numeric string; nullopt for anything else.
inline std::optional<double> LenientDouble(od::value v) {
  od::json_type type;
  if (v.type().get(type)) return std::nullopt;
  if (type == od::json_type::number) {
    double d;
    if (v.get_double().get(d)) return std::nullopt;
    return d;
  }
  if (type == od::json_type::string) {
    std::string_view s;
    if (v.get_string().get(s)) return std::nullopt;
    double d = 0;
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), d);
    if (ec == std::errc() && p == s.data() + s.size()) return d;
  }
  return std::nullopt;
}

// A non-negative count: integers, floats (truncated) and numeric strings; null, junk and
// negative values are 0.
inline int64_t LenientInt(od::value v) {
  od::json_type type;
  if (v.type().get(type)) return 0;
  if (type == od::json_type::number) {
    od::number n;
    if (v.get_number().get(n)) return 0;
    if (n.is_int64()) return std::max<int64_t>(0, n.get_int64());
    if (n.is_uint64()) return static_cast<int64_t>(std::min<uint64_t>(n.get_uint64(), INT64_MAX));
    double d = n.get_double();
    return d > 0 ? (d >= 9.2e18 ? INT64_MAX : static_cast<int64_t>(d)) : 0;
  }
  if (type == od::json_type::string) {
    std::string_view s;
    if (v.get_string().get(s)) return 0;
    int64_t out = 0;
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
    if (ec == std::errc() && p == s.data() + s.size()) return std::max<int64_t>(0, out);
    double d = 0;
    auto [p2, ec2] = std::from_chars(s.data(), s.data() + s.size(), d);
    return ec2 == std::errc() && p2 == s.data() + s.size() && d > 0
               ? (d >= 9.2e18 ? INT64_MAX : static_cast<int64_t>(d))
               : 0;
  }
  return 0;
}

// The string, or "" for anything else. Valid until the parser's next document.
inline std::string_view StringOr(od::value v) {
  std::string_view s;
  if (v.get_string().get(s)) return {};
  return s;
}

// Iterates an object's fields in document order; `fn(key, value)` returns false to abort.
// Returns false on malformed JSON or when `fn` aborted.
template <typename Fn>
bool ForFields(od::object obj, Fn&& fn) {
  for (auto r : obj) {
    od::field f;
    if (std::move(r).get(f)) return false;
    std::string_view key;
    if (f.unescaped_key().get(key)) return false;
    if (!fn(key, f.value())) return false;
  }
  return true;
}

}  // namespace receipts::sources::json
