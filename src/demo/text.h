// Small building blocks of the corpus generator: a portable deterministic RNG (no
// std::uniform_*_distribution, whose output differs between standard libraries), id makers,
// a pool of JSON-safe filler text, and a fast ISO-8601 formatter. Not thread-safe per object.
#pragma once

#include <cstdint>
#include <random>
#include <string>
#include <string_view>

namespace receipts::demo {

class Rng {
 public:
  explicit Rng(uint64_t seed) : engine_(seed) {}
  uint64_t Next() { return engine_(); }
  // Uniform in [lo, hi] (inclusive).
  int64_t Range(int64_t lo, int64_t hi) {
    if (hi <= lo) return lo;
    return lo + static_cast<int64_t>(Next() % static_cast<uint64_t>(hi - lo + 1));
  }
  double Unit() { return static_cast<double>(Next() >> 11) * 0x1.0p-53; }
  bool Chance(double p) { return Unit() < p; }
  // Log-uniform in [lo, hi]: many small values, a few large ones, like real token counts.
  int64_t LogRange(int64_t lo, int64_t hi);

  void AppendBase62(std::string& out, int n);
  void AppendHex(std::string& out, int n);
  std::string Base62(int n) {
    std::string s;
    AppendBase62(s, n);
    return s;
  }
  std::string Hex(int n) {
    std::string s;
    AppendHex(s, n);
    return s;
  }
  std::string Uuid();
  std::string MessageId() { return "msg_01" + Base62(22); }
  std::string RequestId() { return "req_011C" + Base62(20); }
  std::string ToolUseId() { return "toolu_01" + Base62(22); }

 private:
  std::mt19937_64 engine_;
};

// A fixed pool of filler prose/code (JSON-string safe: quotes and backslashes only as the
// escapes \" \\n \\t, some non-ASCII UTF-8). Slices never split an escape or a UTF-8 sequence,
// and never contain "}{" or the word usage.
class TextPool {
 public:
  static const TextPool& Get();
  // Appends about `length` bytes of text starting at a random place.
  void Append(std::string& out, Rng& rng, size_t length) const;

 private:
  TextPool();
  std::string pool_;
};

// The longest prefix of pool text (at most `n` bytes) that ends at a word boundary, so it
// never splits an escape or a UTF-8 sequence.
std::string_view SafePrefix(std::string_view pool_text, size_t n);

// Appends `"key":"value",` (value already escaped).
void AppendStrField(std::string& out, std::string_view key, std::string_view value);

// Appends `text` as JSON string content (no surrounding quotes).
void AppendJsonEscaped(std::string& out, std::string_view text);

// "2026-02-11T20:36:47.925Z".
void AppendIso8601(std::string& out, int64_t utc_ms);
std::string Iso8601(int64_t utc_ms);

}  // namespace receipts::demo
