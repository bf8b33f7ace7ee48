// Claude Code line parser (FORMATS.md §1): usage only from top-level `assistant` records (or
// records without a type) carrying `message.usage`; `<synthetic>` skipped; usage nested in
// progress/toolUseResult never read (it is not at message.usage of the line). simdjson
// on-demand with one parser per thread.
#include <simdjson.h>

#include <charconv>
#include <cmath>
#include <utility>

#include "core/time.h"
#include "sources/claude/claude_source.h"
#include "sources/line_reader.h"

namespace receipts::sources::claude {
namespace od = simdjson::ondemand;

namespace {

int64_t LenientInt(od::value v) {
  od::json_type type;
  if (v.type().get(type)) return 0;
  if (type == od::json_type::number) {
    od::number n;
    if (v.get_number().get(n)) return 0;
    if (n.is_int64()) return std::max<int64_t>(0, n.get_int64());
    if (n.is_uint64()) return static_cast<int64_t>(std::min<uint64_t>(n.get_uint64(), INT64_MAX));
    double d = n.get_double();
    return d > 0 ? static_cast<int64_t>(d) : 0;
  }
  if (type == od::json_type::string) {
    std::string_view s;
    if (v.get_string().get(s)) return 0;
    int64_t out = 0;
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
    if (ec == std::errc() && out > 0) return out;
    double d = 0;
    auto [p2, ec2] = std::from_chars(s.data(), s.data() + s.size(), d);
    return ec2 == std::errc() && d > 0 ? static_cast<int64_t>(d) : 0;
  }
  return 0;
}

std::string_view StringOr(od::value v) {
  std::string_view s;
  if (v.get_string().get(s)) return {};
  return s;
}

struct Usage {
  bool present = false;
  int64_t input = 0, output = 0, cache_creation = 0, cache_read = 0;
  bool has_split = false;
  int64_t e5m = 0, e1h = 0;
  int64_t web_search = 0;
  std::string_view speed;
};

bool ReadUsage(od::value v, Usage& u) {
  od::object obj;
  if (v.get_object().get(obj)) return false;
  u.present = true;
  for (auto field_result : obj) {
    od::field field;
    if (std::move(field_result).get(field)) return false;
    std::string_view key;
    if (field.unescaped_key().get(key)) return false;
    od::value val = field.value();
    if (key == "input_tokens") u.input = LenientInt(val);
    else if (key == "output_tokens") u.output = LenientInt(val);
    else if (key == "cache_creation_input_tokens") u.cache_creation = LenientInt(val);
    else if (key == "cache_read_input_tokens") u.cache_read = LenientInt(val);
    else if (key == "speed") u.speed = StringOr(val);
    else if (key == "cache_creation") {
      od::object split;
      if (val.get_object().get(split)) continue;  // null
      u.has_split = true;
      for (auto sf : split) {
        od::field f;
        if (std::move(sf).get(f)) return false;
        std::string_view k;
        if (f.unescaped_key().get(k)) return false;
        if (k == "ephemeral_5m_input_tokens") u.e5m = LenientInt(f.value());
        else if (k == "ephemeral_1h_input_tokens") u.e1h = LenientInt(f.value());
      }
    } else if (key == "server_tool_use") {
      od::object stu;
      if (val.get_object().get(stu)) continue;  // null
      for (auto sf : stu) {
        od::field f;
        if (std::move(sf).get(f)) return false;
        std::string_view k;
        if (f.unescaped_key().get(k)) return false;
        if (k == "web_search_requests") u.web_search = LenientInt(f.value());
      }
    }
  }
  return true;
}

struct Line {
  bool has_type = false;
  std::string_view type, message_id, model, request_id, session_id, timestamp, cwd, agent_id;
  bool sidechain = false;
  bool message_is_object = false;
  std::optional<double> cost_usd;
  Usage usage;
};

// Returns false when the text is not a parseable JSON object.
bool ReadLine(od::parser& parser, std::string_view json, const char* buffer_end, Line& line) {
  size_t capacity = static_cast<size_t>(buffer_end - json.data());
  od::document doc;
  if (parser.iterate(json.data(), json.size(), capacity).get(doc)) return false;
  od::object obj;
  if (doc.get_object().get(obj)) return false;
  for (auto field_result : obj) {
    od::field field;
    if (std::move(field_result).get(field)) return false;
    std::string_view key;
    if (field.unescaped_key().get(key)) return false;
    od::value val = field.value();
    if (key == "type") {
      line.has_type = true;
      line.type = StringOr(val);
    } else if (key == "message") {
      od::object msg;
      if (val.get_object().get(msg)) continue;
      line.message_is_object = true;
      for (auto mf_result : msg) {
        od::field mf;
        if (std::move(mf_result).get(mf)) return false;
        std::string_view mkey;
        if (mf.unescaped_key().get(mkey)) return false;
        if (mkey == "id") line.message_id = StringOr(mf.value());
        else if (mkey == "model") line.model = StringOr(mf.value());
        else if (mkey == "usage") {
          if (!ReadUsage(mf.value(), line.usage) && line.usage.present) return false;
        }
      }
    } else if (key == "requestId") {
      line.request_id = StringOr(val);
    } else if (key == "sessionId") {
      line.session_id = StringOr(val);
    } else if (key == "timestamp") {
      line.timestamp = StringOr(val);
    } else if (key == "cwd") {
      line.cwd = StringOr(val);
    } else if (key == "agentId") {
      line.agent_id = StringOr(val);
    } else if (key == "isSidechain") {
      bool b = false;
      if (!val.get_bool().get(b)) line.sidechain = b;
    } else if (key == "costUSD") {
      double d;
      if (!val.get_double().get(d)) line.cost_usd = d;
    }
  }
  // Trailing content (a `}{` join) means this text is not one record.
  const char* rest = nullptr;
  return doc.current_location().get(rest) != simdjson::SUCCESS;
}

}  // namespace

ParseOutput ClaudeSource::Parse(const std::string& path, std::string_view data,
                                uint64_t base_offset, std::string_view state) const {
  thread_local od::parser parser;
  ParseOutput out;
  PathIdentity identity = IdentityFromPath(path);

  auto parse_piece = [&](std::string_view json, const char* buffer_end,
                         uint64_t offset, bool recovering) -> PieceResult {
    if (json.front() != '{' || json.back() != '}') return PieceResult::kInvalid;
    // Cheap pre-filter: only lines that mention usage can hold a usage record.
    if (json.find("\"usage\"") == std::string_view::npos) {
      return !recovering || IsJsonObject(json) ? PieceResult::kUsed : PieceResult::kInvalid;
    }
    Line line;
    if (!ReadLine(parser, json, buffer_end, line)) return PieceResult::kInvalid;
    if (line.has_type && line.type != "assistant") return PieceResult::kUsed;
    if (!line.message_is_object || !line.usage.present) return PieceResult::kUsed;
    if (line.model == "<synthetic>") return PieceResult::kUsed;
    auto ts = parse_iso8601_ms(line.timestamp);
    if (!ts) {
      out.malformed.push_back({offset, "usage record without a valid timestamp"});
      return PieceResult::kUsed;
    }
    UsageRecord r;
    if (!line.message_id.empty()) r.dedupe_key = "m:" + std::string(line.message_id);
    else if (!line.request_id.empty()) r.dedupe_key = "r:" + std::string(line.request_id);
    r.ts_ms = *ts;
    r.session_id = line.session_id.empty() ? identity.session_id : std::string(line.session_id);
    r.project = line.cwd.empty() ? identity.project_dir : std::string(line.cwd);
    r.model = std::string(line.model);
    r.sidechain = line.sidechain;
    r.subagent_id = std::string(line.agent_id);
    const Usage& u = line.usage;
    r.tokens.input = u.input;
    r.tokens.output = u.output;
    r.tokens.cache_read = u.cache_read;
    if (u.has_split) {
      r.tokens.cache_write_1h = u.e1h;
      r.tokens.cache_write_5m = std::max(u.cache_creation, u.e5m + u.e1h) - u.e1h;
    } else {
      r.tokens.cache_write_5m = u.cache_creation;
    }
    r.web_search_requests = u.web_search;
    r.speed = std::string(u.speed);
    if (line.cost_usd) r.recorded_cost_nanos = std::llround(*line.cost_usd * 1e9);
    r.offset = offset;
    if (out.first_ts_ms == 0 || r.ts_ms < out.first_ts_ms) out.first_ts_ms = r.ts_ms;
    out.records.push_back(std::move(r));
    out.usage_lines++;
    return PieceResult::kUsed;
  };

  const char* buffer_end = data.data() + data.size() + kParsePadding;
  LineScan scan = ScanLines(data, buffer_end, base_offset, parse_piece,
                            [&](uint64_t offset, const char* reason) {
                              out.malformed.push_back({offset, reason});
                            });
  out.consumed_to = scan.consumed_to;
  out.lines = scan.lines;
  return out;
}

}  // namespace receipts::sources::claude
