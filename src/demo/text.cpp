// Deterministic RNG helpers, filler text and timestamp formatting for the generator.
#include "demo/text.h"

#include <cmath>

namespace receipts::demo {

namespace {

constexpr char kBase62[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
constexpr char kHex[] = "0123456789abcdef";

constexpr const char* kWords[] = {
    "the",       "function",  "returns",  "a",          "value",     "from",      "cache",
    "module",    "test",      "passes",   "after",      "refactor",  "of",        "handler",
    "request",   "response",  "router",   "component",  "props",     "state",     "hook",
    "migration", "schema",    "column",   "index",      "query",     "build",     "error",
    "warning",   "fixed",     "lint",     "import",     "export",    "const",     "let",
    "await",     "async",     "promise",  "resolve",    "config",    "env",       "deploy",
    "commit",    "branch",    "merge",    "rebase",     "diff",      "file",      "line",
    "src/api/handlers.ts",    "lib/parser.ex",          "packages/ui/Button.tsx",
    "README.md", "Cargo.toml", "main.cpp", "=>",         "()",        "[]",        "==",
    "!=",        "->",        "::",       "42",         "200",       "404",       "café",
    "naïve",     "日本語",    "✓",        "—",          "→",         "\\\"quoted\\\"",
    "ok",        "done",      "let me",   "check",      "the tests", "now",       "I'll",
    "update",    "read",      "write",    "grep",       "ls -la",    "npm run",   "make",
};

}  // namespace

int64_t Rng::LogRange(int64_t lo, int64_t hi) {
  if (hi <= lo) return lo;
  double a = std::log(static_cast<double>(lo < 1 ? 1 : lo));
  double b = std::log(static_cast<double>(hi));
  auto v = static_cast<int64_t>(std::exp(a + (b - a) * Unit()));
  return v < lo ? lo : (v > hi ? hi : v);
}

void Rng::AppendBase62(std::string& out, int n) {
  uint64_t bits = 0;
  int left = 0;
  for (int i = 0; i < n; ++i) {
    if (left == 0) {
      bits = Next();
      left = 10;
    }
    out.push_back(kBase62[(bits & 63) % 62]);
    bits >>= 6;
    --left;
  }
}

void Rng::AppendHex(std::string& out, int n) {
  uint64_t bits = 0;
  int left = 0;
  for (int i = 0; i < n; ++i) {
    if (left == 0) {
      bits = Next();
      left = 16;
    }
    out.push_back(kHex[bits & 15]);
    bits >>= 4;
    --left;
  }
}

std::string Rng::Uuid() {
  std::string s;
  s.reserve(36);
  AppendHex(s, 8);
  s += '-';
  AppendHex(s, 4);
  s += "-4";
  AppendHex(s, 3);
  s += '-';
  s += kHex[8 + (Next() & 3)];
  AppendHex(s, 3);
  s += '-';
  AppendHex(s, 12);
  return s;
}

TextPool::TextPool() {
  Rng rng(0x5eed);
  constexpr size_t kWordCount = sizeof(kWords) / sizeof(kWords[0]);
  pool_.reserve(1 << 20);
  while (pool_.size() < (1u << 20)) {
    pool_ += kWords[rng.Next() % kWordCount];
    uint64_t r = rng.Next() % 40;
    if (r == 0) {
      pool_ += "\\n";
    } else if (r == 1) {
      pool_ += ".\\n\\n";
    } else if (r == 2) {
      pool_ += "\\t";
    } else if (r == 3) {
      pool_ += ", ";
    } else {
      pool_ += ' ';
    }
  }
}

const TextPool& TextPool::Get() {
  static const TextPool pool;
  return pool;
}

void TextPool::Append(std::string& out, Rng& rng, size_t length) const {
  if (length == 0) return;
  if (length > pool_.size() / 2) length = pool_.size() / 2;
  size_t start = rng.Next() % (pool_.size() - length);
  // Start on a word boundary: after a space (never inside an escape or a UTF-8 sequence).
  while (start > 0 && pool_[start - 1] != ' ') --start;
  size_t end = start + length;
  // End before a space, so the slice never ends inside an escape or a UTF-8 sequence.
  while (end < pool_.size() && pool_[end] != ' ') ++end;
  out.append(pool_, start, end - start);
}

std::string_view SafePrefix(std::string_view text, size_t n) {
  if (text.size() <= n) return text;
  size_t space = text.rfind(' ', n);
  return space == std::string_view::npos ? std::string_view() : text.substr(0, space);
}

void AppendStrField(std::string& out, std::string_view key, std::string_view value) {
  out += '"';
  out += key;
  out += "\":\"";
  out += value;
  out += "\",";
}

void AppendJsonEscaped(std::string& out, std::string_view text) {
  for (char c : text) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          constexpr char hex[] = "0123456789abcdef";
          out += "\\u00";
          out += hex[(c >> 4) & 15];
          out += hex[c & 15];
        } else {
          out += c;
        }
    }
  }
}

namespace {

// Howard Hinnant's civil_from_days.
void CivilFromDays(int64_t z, int64_t& y, unsigned& m, unsigned& d) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  y = static_cast<int64_t>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  d = doy - (153 * mp + 2) / 5 + 1;
  m = mp < 10 ? mp + 3 : mp - 9;
  if (m <= 2) ++y;
}

void Put(std::string& out, int64_t v, int width) {
  char buf[8];
  for (int i = width - 1; i >= 0; --i) {
    buf[i] = static_cast<char>('0' + v % 10);
    v /= 10;
  }
  out.append(buf, width);
}

}  // namespace

void AppendIso8601(std::string& out, int64_t utc_ms) {
  int64_t days = utc_ms >= 0 ? utc_ms / 86400000 : (utc_ms - 86399999) / 86400000;
  int64_t rem = utc_ms - days * 86400000;
  int64_t y;
  unsigned m, d;
  CivilFromDays(days, y, m, d);
  Put(out, y, 4);
  out += '-';
  Put(out, m, 2);
  out += '-';
  Put(out, d, 2);
  out += 'T';
  Put(out, rem / 3600000, 2);
  out += ':';
  Put(out, rem / 60000 % 60, 2);
  out += ':';
  Put(out, rem / 1000 % 60, 2);
  out += '.';
  Put(out, rem % 1000, 3);
  out += 'Z';
}

std::string Iso8601(int64_t utc_ms) {
  std::string s;
  AppendIso8601(s, utc_ms);
  return s;
}

}  // namespace receipts::demo
