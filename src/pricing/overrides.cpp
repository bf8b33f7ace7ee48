// User price overrides from config.toml (`[pricing.models."<id>"]`, docs/PRICING_ENGINE.md):
// parsing, validation with errors naming file, key and expectation, exact USD → micro-dollar
// conversion. A file is validated whole before any row is applied. Not thread-safe (mutates
// the book); call before sharing it.
#include <toml++/toml.h>

#include <fmt/format.h>

#include <cerrno>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <numeric>
#include <sstream>
#include <system_error>

#include "core/time.h"
#include "pricing/internal.h"
#include "pricing/pricing.h"

namespace receipts::pricing {
namespace internal {

std::optional<int64_t> ParseUsdText(std::string_view s) {
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  if (!s.empty() && s.front() == '$') s.remove_prefix(1);
  if (s.empty()) return std::nullopt;
  __int128 whole = 0;
  int64_t frac = 0;
  int frac_digits = 0;
  bool seen_dot = false, seen_digit = false, round_up = false;
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c == '.') {
      if (seen_dot) return std::nullopt;
      seen_dot = true;
      continue;
    }
    if (c == '_' && i > 0 && i + 1 < s.size()) continue;
    if (c < '0' || c > '9') return std::nullopt;
    seen_digit = true;
    if (!seen_dot) {
      whole = whole * 10 + (c - '0');
      if (whole > 1'000'000'000'000) return std::nullopt;
    } else if (frac_digits < 6) {
      frac = frac * 10 + (c - '0');
      ++frac_digits;
    } else if (frac_digits == 6) {
      round_up = c >= '5';  // half up on the 7th decimal
      ++frac_digits;
    }
  }
  if (!seen_digit) return std::nullopt;
  for (int d = std::min(frac_digits, 6); d < 6; ++d) frac *= 10;
  return static_cast<int64_t>(whole * 1'000'000 + frac + (round_up ? 1 : 0));
}

std::optional<int64_t> UsdDoubleToMicros(double usd) {
  if (!std::isfinite(usd) || usd < 0 || usd > 1e12) return std::nullopt;
  return static_cast<int64_t>(std::llround(usd * 1e6));
}

}  // namespace internal

namespace {

constexpr std::string_view kKnownKeys =
    "input, output, cache_write_5m, cache_write_1h, cache_read, valid_from, valid_to, provider, "
    "fast_multiplier, long_context_threshold, long_context_input, long_context_output, "
    "long_context_cache_write_5m, long_context_cache_write_1h, long_context_cache_read";

bool IsKnownKey(std::string_view k) {
  static constexpr std::string_view kKeys[] = {
      "input", "output", "cache_write_5m", "cache_write_1h", "cache_read", "valid_from",
      "valid_to", "provider", "fast_multiplier", "long_context_threshold", "long_context_input",
      "long_context_output", "long_context_cache_write_5m", "long_context_cache_write_1h",
      "long_context_cache_read"};
  for (std::string_view known : kKeys) {
    if (k == known) return true;
  }
  return false;
}

std::string Where(const std::string& origin, const toml::node& node) {
  const auto& src = node.source();
  if (src.begin.line == 0) return origin;
  return fmt::format("{}:{}", origin, src.begin.line);
}

std::string Describe(const toml::node& node) {
  std::ostringstream os;
  if (node.is_string()) {
    os << '"' << node.value_or(std::string_view{}) << '"';
  } else if (node.is_table()) {
    os << "a table";
  } else if (node.is_array()) {
    os << "an array";
  } else {
    node.visit([&os](const auto& v) {
      if constexpr (!toml::is_container<decltype(v)>) os << v;
    });
  }
  return os.str();
}

// Parses one table of overrides; errors carry "<file>:<line>: pricing.models.\"id\".key: …".
class EntryParser {
 public:
  EntryParser(const std::string& origin, const std::string& id, const toml::table& table)
      : origin_(origin), id_(id), table_(table) {}

  Status error() const { return error_; }
  bool failed() const { return !error_.ok(); }

  std::optional<int64_t> Usd(std::string_view key) {
    const toml::node* n = table_.get(key);
    if (n == nullptr || failed()) return std::nullopt;
    std::optional<int64_t> micros;
    if (auto i = n->value_exact<int64_t>()) {
      if (*i >= 0 && *i <= 1'000'000'000'000) micros = *i * 1'000'000;
    } else if (auto d = n->value_exact<double>()) {
      micros = internal::UsdDoubleToMicros(*d);
    } else if (auto s = n->value_exact<std::string>()) {
      micros = internal::ParseUsdText(*s);
    }
    if (!micros) {
      Fail(*n, key, "a non-negative price in USD per million tokens (e.g. 3.0 or \"0.30\")");
    }
    return micros;
  }

  std::optional<int64_t> Instant(std::string_view key) {
    const toml::node* n = table_.get(key);
    if (n == nullptr || failed()) return std::nullopt;
    std::optional<int64_t> ms;
    if (auto s = n->value_exact<std::string>()) {
      if (auto day = parse_user_date(*s)) {
        ms = static_cast<int64_t>(*day) * kMsPerDay;
      } else {
        ms = parse_iso8601_ms(*s);
      }
    } else if (auto d = n->value_exact<toml::date>()) {
      ms = internal::UtcMidnightMs(d->year, d->month, d->day);
    } else if (auto dt = n->value_exact<toml::date_time>()) {
      int64_t offset_ms = dt->offset ? int64_t{dt->offset->minutes} * kMsPerMinute : 0;
      ms = internal::UtcMidnightMs(dt->date.year, dt->date.month, dt->date.day) +
           int64_t{dt->time.hour} * kMsPerHour + int64_t{dt->time.minute} * kMsPerMinute +
           int64_t{dt->time.second} * kMsPerSecond + dt->time.nanosecond / 1'000'000 - offset_ms;
    }
    if (!ms || *ms == 0) {
      Fail(*n, key, "a UTC date \"YYYY-MM-DD\" or date-time \"YYYY-MM-DDTHH:MM:SSZ\"");
      return std::nullopt;
    }
    return ms;
  }

  std::optional<std::string> Text(std::string_view key) {
    const toml::node* n = table_.get(key);
    if (n == nullptr || failed()) return std::nullopt;
    auto s = n->value_exact<std::string>();
    if (!s || s->empty()) Fail(*n, key, "a non-empty string");
    return s;
  }

  std::optional<int64_t> Tokens(std::string_view key) {
    const toml::node* n = table_.get(key);
    if (n == nullptr || failed()) return std::nullopt;
    auto i = n->value_exact<int64_t>();
    if (!i || *i <= 0) {
      Fail(*n, key, "a positive whole number of prompt tokens (e.g. 200000)");
      return std::nullopt;
    }
    return i;
  }

  void Fail(const toml::node& n, std::string_view key, std::string_view expected) {
    if (failed()) return;
    error_ = Status::Error(fmt::format("{}: pricing.models.\"{}\".{}: expected {}, got {}",
                                       Where(origin_, n), id_, key, expected, Describe(n)));
  }
  void FailUnknownKey(const toml::node& n, std::string_view key) {
    if (failed()) return;
    error_ = Status::Error(fmt::format("{}: pricing.models.\"{}\".{}: unknown key; expected one of: {}",
                                       Where(origin_, n), id_, key, kKnownKeys));
  }
  void FailTable(std::string_view message) {
    if (failed()) return;
    error_ = Status::Error(
        fmt::format("{}: pricing.models.\"{}\": {}", Where(origin_, table_), id_, message));
  }

 private:
  const std::string& origin_;
  const std::string& id_;
  const toml::table& table_;
  Status error_;
};

// Standard ratios for a missing cache price, rounded half up to the micro-dollar.
TokenPrices Complete(int64_t input, int64_t output, std::optional<int64_t> w5,
                     std::optional<int64_t> w1, std::optional<int64_t> read) {
  TokenPrices p;
  p.input = input;
  p.output = output;
  p.cache_write_5m = w5 ? *w5 : (input * 5 + 2) / 4;
  p.cache_write_1h = w1 ? *w1 : input * 2;
  p.cache_read = read ? *read : (input + 5) / 10;
  return p;
}

std::string GuessProvider(const std::string& id) {
  if (id.rfind("claude", 0) == 0) return "anthropic";
  if (id.rfind("gpt", 0) == 0 || id.rfind("codex", 0) == 0 || id.rfind("o1", 0) == 0 ||
      id.rfind("o3", 0) == 0 || id.rfind("o4", 0) == 0) {
    return "openai";
  }
  if (id.rfind("gemini", 0) == 0) return "google";
  return "custom";
}

}  // namespace

Status PriceBook::ApplyOverridesFile(const std::string& path) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) return Status::Ok();
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return Status::Error(fmt::format("{}: cannot read the config file: {}", path,
                                     std::strerror(errno)));
  }
  std::ostringstream text;
  text << in.rdbuf();
  return ApplyOverridesToml(text.str(), path);
}

Status PriceBook::ApplyOverridesToml(std::string_view toml_text, const std::string& origin) {
  toml::table root;
  try {
    root = toml::parse(toml_text, origin);
  } catch (const toml::parse_error& e) {
    return Status::Error(fmt::format("{}:{}:{}: not valid TOML: {}", origin,
                                     e.source().begin.line, e.source().begin.column,
                                     e.description()));
  }
  const toml::node* pricing = root.get("pricing");
  if (pricing == nullptr) return Status::Ok();
  if (!pricing->is_table()) {
    return Status::Error(fmt::format("{}: pricing: expected a table [pricing], got {}",
                                     Where(origin, *pricing), Describe(*pricing)));
  }
  const toml::node* models = pricing->as_table()->get("models");
  if (models == nullptr) return Status::Ok();
  if (!models->is_table()) {
    return Status::Error(fmt::format(
        "{}: pricing.models: expected tables like [pricing.models.\"my-model\"], got {}",
        Where(origin, *models), Describe(*models)));
  }

  std::vector<ModelPrice> parsed;
  for (const auto& [key_node, node] : *models->as_table()) {
    const std::string id(key_node.str());
    if (!node.is_table()) {
      return Status::Error(fmt::format(
          "{}: pricing.models.\"{}\": expected a table with input/output prices, got {}",
          Where(origin, node), id, Describe(node)));
    }
    const toml::table& t = *node.as_table();
    EntryParser e(origin, id, t);
    const std::string canonical = Canonicalize(id);
    if (canonical.empty() || canonical == "<synthetic>") {
      e.FailTable("this model id can never be priced");
      return e.error();
    }
    for (const auto& [k, v] : t) {
      if (!IsKnownKey(k.str())) {
        e.FailUnknownKey(v, k.str());
        return e.error();
      }
    }
    auto input = e.Usd("input");
    auto output = e.Usd("output");
    auto w5 = e.Usd("cache_write_5m");
    auto w1 = e.Usd("cache_write_1h");
    auto read = e.Usd("cache_read");
    auto from = e.Instant("valid_from");
    auto to = e.Instant("valid_to");
    auto provider = e.Text("provider");
    auto threshold = e.Tokens("long_context_threshold");
    auto lc_input = e.Usd("long_context_input");
    auto lc_output = e.Usd("long_context_output");
    auto lc_w5 = e.Usd("long_context_cache_write_5m");
    auto lc_w1 = e.Usd("long_context_cache_write_1h");
    auto lc_read = e.Usd("long_context_cache_read");
    std::optional<int64_t> fast_micros;
    if (const toml::node* f = t.get("fast_multiplier"); f != nullptr && !e.failed()) {
      if (auto i = f->value_exact<int64_t>(); i && *i > 0 && *i <= 1000) {
        fast_micros = *i * 1'000'000;
      } else if (auto d = f->value_exact<double>(); d && *d > 0 && *d <= 1000) {
        fast_micros = internal::UsdDoubleToMicros(*d);
      }
      if (!fast_micros || *fast_micros <= 0) e.Fail(*f, "fast_multiplier", "a number > 0 such as 2 or 2.5");
    }
    if (e.failed()) return e.error();
    if (!input || !output) {
      e.FailTable("both `input` and `output` (USD per million tokens) are required");
      return e.error();
    }
    if (from && to && *to <= *from) {
      e.FailTable("`valid_to` must be after `valid_from`");
      return e.error();
    }
    bool any_lc = lc_input || lc_output || lc_w5 || lc_w1 || lc_read;
    if ((threshold || any_lc) && !(threshold && lc_input && lc_output)) {
      e.FailTable("a long-context tier needs long_context_threshold, long_context_input and "
                  "long_context_output together");
      return e.error();
    }

    ModelPrice row;
    row.model = canonical;
    row.valid_from_ms = from.value_or(0);
    row.valid_to_ms = to.value_or(0);
    row.base = Complete(*input, *output, w5, w1, read);
    if (threshold) {
      row.tier_threshold_tokens = *threshold;
      row.tier = Complete(*lc_input, *lc_output, lc_w5, lc_w1, lc_read);
    }
    // Provider and fast multiplier default to the model's existing row in force at valid_from
    // (else its latest row): they describe the model, not this price.
    const ModelPrice* existing = FindCanonical(canonical, row.valid_from_ms);
    if (existing == nullptr) {
      if (auto it = index_.find(canonical); it != index_.end()) existing = &rows_[it->second.back()];
    }
    row.provider = provider ? *provider : existing ? existing->provider : GuessProvider(canonical);
    if (fast_micros) {
      int64_t g = std::gcd(*fast_micros, int64_t{1'000'000});
      row.fast_multiplier_num = *fast_micros / g;
      row.fast_multiplier_den = 1'000'000 / g;
    } else if (existing != nullptr) {
      row.fast_multiplier_num = existing->fast_multiplier_num;
      row.fast_multiplier_den = existing->fast_multiplier_den;
    }
    row.source = fmt::format("config: {} [pricing.models.\"{}\"]", origin, id);
    parsed.push_back(std::move(row));
  }
  for (ModelPrice& row : parsed) ApplyOverride(std::move(row));
  return Status::Ok();
}

}  // namespace receipts::pricing
