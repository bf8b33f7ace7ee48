// JSONL line splitting with the robustness rules of FORMATS.md §7, shared by every JSONL
// source: split on '\n', trim '\r', strip leading NULs, skip blank lines, consume only complete
// lines, and on a parse failure try to recover `}{`-joined and spliced records.
// Stateless; thread-safe.
#pragma once

#include <cstdint>
#include <functional>
#include <string_view>

namespace receipts::sources {

// What a line parser made of one JSON text.
enum class PieceResult {
  kUsed,      // parsed; yielded a record or was a valid non-usage line
  kInvalid,   // not parseable JSON / not an object
};

// Parses one JSON text (a line or a recovered piece of one). The view is followed by readable
// padding up to `buffer_end` (for simdjson). `recovering` is true for pieces cut out of a bad
// line: the parser must then fully validate the piece (no cheap shortcuts). Must be
// thread-safe for distinct callers.
using PieceParser = std::function<PieceResult(std::string_view json, const char* buffer_end,
                                              uint64_t line_offset, bool recovering)>;

// Full validation of a piece as one JSON object (slow path, for recovery only).
bool IsJsonObject(std::string_view json);

struct LineScan {
  uint64_t consumed_to = 0;  // absolute offset past the last complete line
  int64_t lines = 0;
};

// Splits `data` (absolute offset `base_offset`, padded up to `buffer_end`) into complete lines
// and hands each to `parse`. Lines that yield nothing even after recovery are reported to
// `on_malformed(offset, reason)`.
LineScan ScanLines(std::string_view data, const char* buffer_end, uint64_t base_offset,
                   const PieceParser& parse,
                   const std::function<void(uint64_t, const char*)>& on_malformed);

}  // namespace receipts::sources
