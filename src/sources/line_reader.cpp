// See line_reader.h.
#include "sources/line_reader.h"

#include <simdjson.h>

#include <cstring>
#include <vector>

namespace receipts::sources {
namespace {

constexpr int kMaxSpliceAttempts = 16;

// Tries the pieces of a `}{`-joined line, then the `{"` suffixes of a spliced one.
bool Recover(std::string_view line, const char* buffer_end, uint64_t offset,
             const PieceParser& parse) {
  bool any = false;
  size_t start = 0;
  bool joined = false;
  for (size_t pos = line.find("}{"); pos != std::string_view::npos;
       pos = line.find("}{", pos + 1)) {
    joined = true;
    if (parse(line.substr(start, pos + 1 - start), buffer_end, offset, true) == PieceResult::kUsed) {
      any = true;
    }
    start = pos + 1;
  }
  if (joined && parse(line.substr(start), buffer_end, offset, true) == PieceResult::kUsed) any = true;
  if (any) return true;
  // Spliced: a truncated record followed by a complete one. Try the last `{"` openings.
  int attempts = 0;
  for (size_t pos = line.rfind("{\""); pos != std::string_view::npos && pos > 0 &&
                                       attempts < kMaxSpliceAttempts;
       pos = line.rfind("{\"", pos - 1), ++attempts) {
    if (parse(line.substr(pos), buffer_end, offset, true) == PieceResult::kUsed) return true;
  }
  return false;
}

}  // namespace

bool IsJsonObject(std::string_view json) {
  thread_local simdjson::dom::parser parser;
  simdjson::dom::element element;
  if (parser.parse(json.data(), json.size(), true).get(element)) return false;
  return element.is_object();
}

LineScan ScanLines(std::string_view data, const char* buffer_end, uint64_t base_offset,
                   const PieceParser& parse,
                   const std::function<void(uint64_t, const char*)>& on_malformed) {
  LineScan scan;
  size_t pos = 0;
  while (pos < data.size()) {
    const void* nl = std::memchr(data.data() + pos, '\n', data.size() - pos);
    if (!nl) break;  // partial last line: left for the next scan
    size_t end = static_cast<const char*>(nl) - data.data();
    std::string_view line = data.substr(pos, end - pos);
    uint64_t offset = base_offset + pos;
    pos = end + 1;
    scan.lines++;
    while (!line.empty() && (line.front() == '\0' || line.front() == ' ' || line.front() == '\t')) {
      line.remove_prefix(1);
    }
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ' || line.back() == '\t')) {
      line.remove_suffix(1);
    }
    if (line.empty()) continue;
    if (parse(line, buffer_end, offset, true) == PieceResult::kUsed) continue;
    if (Recover(line, buffer_end, offset, parse)) continue;
    on_malformed(offset, line.front() == '{' ? "invalid JSON record" : "not a JSON object");
  }
  scan.consumed_to = base_offset + pos;
  return scan;
}

}  // namespace receipts::sources
