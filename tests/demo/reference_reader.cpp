// Independent reference reader for generator tests: nlohmann-based, deliberately simple.
#include "reference_reader.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string_view>

namespace receipts::demo::testing {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

bool ParseObject(std::string_view text, json& out) {
  out = json::parse(text.begin(), text.end(), nullptr, /*allow_exceptions=*/false);
  return !out.is_discarded() && out.is_object();
}

// The recovery rule of generator.h: whole line, rightmost `{"` suffix, then `}{` split.
std::vector<json> Recover(std::string_view line, bool& non_object) {
  non_object = false;
  std::vector<json> out;
  json v;
  v = json::parse(line.begin(), line.end(), nullptr, false);
  if (!v.is_discarded()) {
    if (v.is_object()) {
      out.push_back(std::move(v));
    } else {
      non_object = true;
    }
    return out;
  }
  size_t pos = line.size();
  while (pos > 0) {
    size_t at = line.rfind("{\"", pos - 1);
    if (at == std::string_view::npos) break;
    if (ParseObject(line.substr(at), v)) {
      out.push_back(v);
      break;
    }
    pos = at;
  }
  std::vector<json> parts;
  size_t start = 0;
  while (true) {
    size_t j = line.find("}{", start);
    std::string piece(line.substr(start, j == std::string_view::npos ? std::string_view::npos
                                                                      : j + 1 - start));
    if (ParseObject(piece, v)) parts.push_back(v);
    if (j == std::string_view::npos) break;
    start = j + 1;
  }
  if (parts.size() > out.size()) out = std::move(parts);
  return out;
}

int64_t Int(const json& o, const char* key) {
  auto it = o.find(key);
  return (it != o.end() && it->is_number_integer()) ? it->get<int64_t>() : 0;
}

std::string Str(const json& o, const char* key) {
  auto it = o.find(key);
  return (it != o.end() && it->is_string()) ? it->get<std::string>() : std::string();
}

}  // namespace

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

RefCorpus ReadCorpus(const std::string& root) {
  RefCorpus c;
  std::vector<fs::path> paths;
  for (const auto& e : fs::recursive_directory_iterator(root)) {
    if (e.is_regular_file()) paths.push_back(e.path());
  }
  std::sort(paths.begin(), paths.end());
  for (const auto& p : paths) {
    std::string data = ReadFile(p.string());
    c.files += 1;
    c.bytes += static_cast<int64_t>(data.size());
    if (data.empty() || data.back() != '\n') c.all_end_in_newline = false;
    std::string rel = fs::relative(p, root).string();
    if (p.extension() != ".jsonl" || p.filename() == "journal.jsonl") continue;
    c.jsonl_files.push_back(rel);
    size_t start = 0;
    while (start < data.size()) {
      size_t end = data.find('\n', start);
      if (end == std::string::npos) end = data.size();
      std::string_view raw(data.data() + start, end - start);
      start = end + 1;
      std::string_view line = raw;
      while (!line.empty() && line.front() == '\0') line.remove_prefix(1);
      while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.remove_suffix(1);
      while (!line.empty() && line.front() == ' ') line.remove_prefix(1);
      if (line.empty()) continue;
      json direct = json::parse(raw.begin(), raw.end(), nullptr, false);
      if (direct.is_discarded()) c.nlohmann_failures += 1;
      bool non_object = false;
      std::vector<json> records = Recover(line, non_object);
      if (non_object) c.non_object_lines += 1;
      if (records.empty()) {
        c.malformed_lines += 1;
        if (raw.find("\"usage\":{") != std::string_view::npos) c.malformed_usage_lines += 1;
        continue;
      }
      if (direct.is_discarded()) c.recovered_lines += 1;
      for (const json& o : records) {
        auto type = o.find("type");
        if (type != o.end() && !(type->is_string() && *type == "assistant")) continue;
        auto msg = o.find("message");
        if (msg == o.end() || !msg->is_object()) continue;
        auto usage = msg->find("usage");
        if (usage == msg->end() || !usage->is_object()) continue;
        if (Str(*msg, "model") == "<synthetic>") {
          c.synthetic_records += 1;
          continue;
        }
        c.usage_records += 1;
        RefCopy r;
        r.input = Int(*usage, "input_tokens");
        r.output = Int(*usage, "output_tokens");
        r.cache_creation = Int(*usage, "cache_creation_input_tokens");
        r.cache_read = Int(*usage, "cache_read_input_tokens");
        auto split = usage->find("cache_creation");
        if (split != usage->end() && split->is_object()) {
          r.cache_1h = Int(*split, "ephemeral_1h_input_tokens");
        }
        auto server = usage->find("server_tool_use");
        if (server != usage->end() && server->is_object()) {
          r.web_search = Int(*server, "web_search_requests");
        }
        r.speed = Str(*usage, "speed");
        r.timestamp = Str(o, "timestamp");
        r.session_id = Str(o, "sessionId");
        r.cwd = Str(o, "cwd");
        r.model = Str(*msg, "model");
        r.sidechain = o.value("isSidechain", false);
        r.path = rel;
        c.copies[Str(*msg, "id")].push_back(std::move(r));
      }
    }
  }
  return c;
}

}  // namespace receipts::demo::testing
