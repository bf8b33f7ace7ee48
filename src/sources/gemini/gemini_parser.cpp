// Gemini CLI session parser (FORMATS.md §3): JSONL session files line by line through the shared
// line reader, legacy `.json` documents whole; both go through the same record reader (simdjson
// on-demand, one parser per thread, plus a second one for tool-call args and results). The
// counting rules are in gemini_source.h.
// This file: the resume state and the line dispatcher; the record reader is gemini_record.cpp,
// folding and emitting gemini_fold.cpp, what they share gemini_internal.h.
#include <simdjson.h>

#include <fstream>
#include <string>
#include <utility>

#include "sources/gemini/gemini_internal.h"
#include "sources/line_reader.h"

namespace receipts::sources::gemini {

namespace {

struct ResumeState {
  std::string session, turn, dir;
};

ResumeState ReadState(std::string_view text) {
  ResumeState s;
  if (text.empty()) return s;
  thread_local simdjson::dom::parser parser;
  simdjson::dom::object obj;
  if (parser.parse(text.data(), text.size(), true).get(obj)) return s;
  std::string_view v;
  if (!obj["session"].get(v)) s.session = std::string(v);
  if (!obj["turn"].get(v)) s.turn = std::string(v);
  if (!obj["dir"].get(v)) s.dir = std::string(v);
  return s;
}

void AppendJsonString(std::string& out, std::string_view s) {
  out += '"';
  for (char ch : s) {
    auto u = static_cast<unsigned char>(ch);
    if (ch == '"' || ch == '\\') {
      out += '\\';
      out += ch;
    } else if (u < 0x20) {
      static constexpr char kHex[] = "0123456789abcdef";
      out += "\\u00";
      out += kHex[u >> 4];
      out += kHex[u & 15];
    } else {
      out += ch;
    }
  }
  out += '"';
}

std::string WriteState(const Fold& fold) {
  std::string out = "{\"v\":1,\"session\":";
  AppendJsonString(out, fold.session_id);
  out += ",\"turn\":";
  AppendJsonString(out, fold.turn_id);
  out += ",\"dir\":";
  AppendJsonString(out, fold.first_dir);
  out += '}';
  return out;
}

// The header (first line) of a JSONL file, for a resume without state.
void ReadHeaderFromFile(const std::string& path, od::parser& parser, const Ctx& base, Fold& fold) {
  std::ifstream in(path, std::ios::binary);
  std::string line;
  if (!in || !std::getline(in, line) || line.size() > (1 << 20)) return;
  while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.pop_back();
  line.append(simdjson::SIMDJSON_PADDING, '\0');
  std::string_view json(line.data(), line.size() - simdjson::SIMDJSON_PADDING);
  Ctx ctx = base;
  ctx.buffer_end = line.data() + line.size();
  Record r;
  if (!json.empty() && ReadJson(parser, json, ctx, r, nullptr) && !r.has_id) {
    if (fold.session_id.empty()) fold.session_id = r.session_id;
    if (fold.first_dir.empty()) fold.first_dir = r.first_dir;
  }
}

}  // namespace

ParseOutput GeminiSource::Parse(const std::string& path, std::string_view data,
                                uint64_t base_offset, std::string_view state) const {
  thread_local od::parser parser;
  thread_local od::parser aux;
  ParseOutput out;
  Fold fold;
  Ctx ctx{data.data() + data.size() + kParsePadding, &aux};

  if (read_mode(path) == ReadMode::kWhole) {
    // A legacy document, rewritten whole: always parsed from its first byte.
    out.consumed_to = base_offset + data.size();
    size_t start = data.find_first_not_of(" \t\r\n");
    if (start == std::string_view::npos) return out;
    std::string_view json = data.substr(start);
    while (!json.empty() && (json.back() == ' ' || json.back() == '\t' || json.back() == '\r' ||
                             json.back() == '\n' || json.back() == '\0')) {
      json.remove_suffix(1);
    }
    Record header;
    std::vector<Record> messages;
    if (!ReadJson(parser, json, ctx, header, &messages)) {
      out.malformed.push_back({base_offset + start, "invalid JSON session document"});
      return out;
    }
    out.lines = static_cast<int64_t>(messages.size());
    header.has_id = false;  // the document's own fields are metadata
    fold.Add(std::move(header), base_offset + start);
    for (Record& m : messages) fold.Add(std::move(m), base_offset + start);
    Emit(path, fold, out);
    return out;
  }

  ResumeState resume = ReadState(state);
  fold.session_id = resume.session;
  fold.turn_id = resume.turn;
  fold.first_dir = resume.dir;

  auto parse_piece = [&](std::string_view json, const char* buffer_end, uint64_t offset,
                         bool recovering) -> PieceResult {
    if (json.front() != '{' || json.back() != '}') return PieceResult::kInvalid;
    Ctx line_ctx{buffer_end, &aux};
    Record r;
    if (!ReadJson(parser, json, line_ctx, r, nullptr)) return PieceResult::kInvalid;
    fold.Add(std::move(r), offset);
    return PieceResult::kUsed;
  };
  LineScan scan = ScanLines(data, ctx.buffer_end, base_offset, parse_piece,
                            [&](uint64_t offset, const char* reason) {
                              out.malformed.push_back({offset, reason});
                            });
  out.consumed_to = scan.consumed_to;
  out.lines = scan.lines;
  if (fold.session_id.empty() && base_offset > 0) ReadHeaderFromFile(path, parser, ctx, fold);
  Emit(path, fold, out);
  out.state = WriteState(fold);
  return out;
}

}  // namespace receipts::sources::gemini
