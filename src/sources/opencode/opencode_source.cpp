// opencode roots, discovery, and the legacy JSON-file reader. See opencode_source.h.
#include "sources/opencode/opencode_source.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "sources/opencode/opencode_records.h"

namespace receipts::sources::opencode {
namespace fs = std::filesystem;

namespace {

bool ReadSmallFile(const fs::path& path, std::string& out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::ostringstream ss;
  ss << in.rdbuf();
  out = ss.str();
  return true;
}

// storage/session/<projectID>/<sessionID>.json, and its ancestors.
void LoadLegacySessions(const fs::path& storage, std::string session_id, SessionMap& sessions) {
  for (int depth = 0; depth < 16 && !session_id.empty() && !sessions.count(session_id); ++depth) {
    std::error_code ec;
    fs::directory_iterator it(storage / "session", fs::directory_options::skip_permission_denied,
                              ec);
    bool found = false;
    for (; !ec && it != fs::directory_iterator(); it.increment(ec)) {
      fs::path file = it->path() / (session_id + ".json");
      std::error_code ec2;
      std::string text, id;
      SessionInfo info;
      if (!fs::is_regular_file(file, ec2) || !ReadSmallFile(file, text) ||
          !ParseSession(text, id, info)) {
        continue;
      }
      sessions[session_id] = info;
      session_id = info.parent_id;
      found = true;
      break;
    }
    if (!found) return;
  }
}

}  // namespace

bool IsDatabaseName(std::string_view name) {
  if (name == "opencode.db") return true;
  return name.size() > 12 && name.substr(0, 9) == "opencode-" &&
         name.substr(name.size() - 3) == ".db";
}

std::vector<std::string> OpencodeSource::Roots(const Environment& env) const {
  if (auto xdg = env.get("XDG_DATA_HOME")) return {*xdg + "/opencode"};
  if (!env.home.empty()) return {env.home + "/.local/share/opencode"};
  return {};
}

std::vector<DiscoveredFile> OpencodeSource::Discover(const std::vector<std::string>& roots) const {
  std::vector<DiscoveredFile> files;
  for (const auto& root : roots) {
    std::error_code ec;
    if (!fs::is_directory(root, ec)) continue;
    fs::directory_iterator it(root, fs::directory_options::skip_permission_denied, ec);
    for (; !ec && it != fs::directory_iterator(); it.increment(ec)) {
      std::error_code ec2;
      if (IsDatabaseName(it->path().filename().string()) && it->is_regular_file(ec2)) {
        files.push_back({it->path().string(), root});
      }
    }
    // Legacy: storage/message/<sessionID>/<messageID>.json
    fs::path messages = fs::path(root) / "storage" / "message";
    fs::directory_iterator sessions(messages, fs::directory_options::skip_permission_denied, ec);
    for (; !ec && sessions != fs::directory_iterator(); sessions.increment(ec)) {
      std::error_code ec2;
      if (!sessions->is_directory(ec2)) continue;
      fs::directory_iterator msg(sessions->path(), fs::directory_options::skip_permission_denied,
                                 ec2);
      for (; !ec2 && msg != fs::directory_iterator(); msg.increment(ec2)) {
        std::error_code ec3;
        if (msg->path().extension() == ".json" && msg->is_regular_file(ec3)) {
          files.push_back({msg->path().string(), root});
        }
      }
    }
  }
  std::sort(files.begin(), files.end(),
            [](const DiscoveredFile& a, const DiscoveredFile& b) { return a.path < b.path; });
  files.erase(std::unique(files.begin(), files.end(),
                          [](const DiscoveredFile& a, const DiscoveredFile& b) {
                            return a.path == b.path;
                          }),
              files.end());
  return files;
}

ReadMode OpencodeSource::read_mode(std::string_view path) const {
  return IsDatabaseName(fs::path(path).filename().string()) ? ReadMode::kPathOnly
                                                            : ReadMode::kWhole;
}

ParseOutput OpencodeSource::Parse(const std::string& path, std::string_view data,
                                  uint64_t base_offset, std::string_view state) const {
  if (read_mode(path) == ReadMode::kPathOnly) return ParseDatabase(path);
  return ParseLegacyMessage(path, data);
}

ParseOutput ParseLegacyMessage(const std::string& path, std::string_view data) {
  ParseOutput out;
  out.consumed_to = data.size();
  out.lines = 1;
  fs::path p(path);
  MessageInfo m;
  if (!ParseMessage(data, p.stem().string(), p.parent_path().filename().string(), m)) {
    out.malformed.push_back({0, "invalid JSON message document"});
    return out;
  }
  // <root>/storage/message/<sessionID>/<messageID>.json
  fs::path storage = p.parent_path().parent_path().parent_path();
  SessionMap sessions;
  LoadLegacySessions(storage, m.session_id, sessions);
  Attribution who = Attribute(m.session_id, sessions);

  std::string prompt_text;
  std::vector<fs::path> part_files;
  std::error_code ec;
  fs::directory_iterator it(storage / "part" / m.id, fs::directory_options::skip_permission_denied,
                            ec);
  for (; !ec && it != fs::directory_iterator(); it.increment(ec)) {
    if (it->path().extension() == ".json") part_files.push_back(it->path());
  }
  std::sort(part_files.begin(), part_files.end());
  for (const fs::path& file : part_files) {
    std::string text;
    PartInfo part;
    if (!ReadSmallFile(file, text) || !ParsePart(text, part)) continue;
    if (part.type == "text" && m.role == "user" && !part.text.empty()) {
      if (!prompt_text.empty()) prompt_text += "\n";
      prompt_text += part.text;
    } else if (part.type == "tool" && m.role == "assistant") {
      EmitToolPart(part, m, who, 0, out);
    }
  }
  EmitMessage(m, who, prompt_text, 0, out);
  if (who.sidechain) {
    SubagentRunRecord run;
    run.agent_id = who.subagent_id;
    run.session_id = who.session_id;
    run.type = !m.agent.empty() ? m.agent : m.mode;
    run.description = sessions[who.subagent_id].title;
    run.ts_ms = m.created_ms;
    out.subagent_runs.push_back(std::move(run));
  }
  return out;
}

}  // namespace receipts::sources::opencode
