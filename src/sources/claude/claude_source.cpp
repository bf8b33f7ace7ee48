// Claude Code roots, discovery and path identity. See claude_source.h.
#include "sources/claude/claude_source.h"

#include <algorithm>
#include <filesystem>
#include <set>

#include <simdjson.h>

#include "core/parallel.h"

namespace receipts::sources::claude {
namespace fs = std::filesystem;

std::vector<std::string> ClaudeSource::Roots(const Environment& env) const {
  std::vector<std::string> roots;
  if (auto dirs = env.get("CLAUDE_CONFIG_DIR")) {
    roots = SplitList(*dirs);
  } else {
    if (auto xdg = env.get("XDG_CONFIG_HOME")) roots.push_back(*xdg + "/claude");
    if (!env.home.empty()) {
      roots.push_back(env.home + "/.config/claude");
      roots.push_back(env.home + "/.claude");
    }
  }
  std::vector<std::string> unique;
  for (auto& r : roots) {
    if (std::find(unique.begin(), unique.end(), r) == unique.end()) unique.push_back(r);
  }
  return unique;
}

namespace {

// A transcript or subagent sidecar (workflow journals under subagents/workflows/<run>/ are
// metadata, not transcripts).
bool IsLogFile(const fs::path& p) {
  std::string name = p.filename().string();
  bool meta = name.size() > 10 && name.compare(name.size() - 10, 10, ".meta.json") == 0 &&
              name.rfind("agent-", 0) == 0;
  if (p.extension() != ".jsonl" && !meta) return false;
  return !(name == "journal.jsonl" && p.parent_path().parent_path().filename() == "workflows");
}

// Every log file under `dir`, recursively.
void CollectUnder(const fs::path& dir, const std::string& root, std::vector<DiscoveredFile>& out) {
  std::error_code ec;
  fs::recursive_directory_iterator it(dir, fs::directory_options::skip_permission_denied, ec);
  for (; !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    if (IsLogFile(it->path()) && it->is_regular_file(ec)) out.push_back({it->path().string(), root});
  }
}

}  // namespace

std::vector<DiscoveredFile> ClaudeSource::Discover(const std::vector<std::string>& roots) const {
  std::vector<DiscoveredFile> files;
  std::set<fs::path> seen_dirs;
  for (const auto& root : roots) {
    std::error_code ec;
    fs::path projects = fs::path(root) / "projects";
    if (!fs::is_directory(projects, ec)) continue;
    fs::path canonical = fs::weakly_canonical(projects, ec);
    if (!seen_dirs.insert(ec ? projects : canonical).second) continue;  // same dir twice
    // The project directories, walked on two threads (a few to thousands, of any size).
    std::vector<fs::path> dirs;
    fs::directory_iterator it(projects, fs::directory_options::skip_permission_denied, ec);
    for (; !ec && it != fs::directory_iterator(); it.increment(ec)) {
      std::error_code ec2;
      if (it->is_directory(ec2) && !it->is_symlink(ec2)) {  // (links are not followed)
        dirs.push_back(it->path());
      } else if (IsLogFile(it->path()) && it->is_regular_file(ec2)) {
        files.push_back({it->path().string(), root});
      }
    }
    std::vector<DiscoveredFile> other;
    ForEachOnTwoThreads(dirs.size(), [&](size_t i, int worker) {
      CollectUnder(dirs[i], root, worker == 0 ? files : other);
    });
    files.insert(files.end(), std::make_move_iterator(other.begin()), std::make_move_iterator(other.end()));
  }
  std::sort(files.begin(), files.end(),
            [](const DiscoveredFile& a, const DiscoveredFile& b) { return a.path < b.path; });
  return files;
}

std::vector<std::string> ClaudeSource::WatchedDirs(const std::vector<std::string>& roots) const {
  std::vector<std::string> dirs;
  for (const auto& root : roots) dirs.push_back((fs::path(root) / "projects").string());
  return dirs;
}

ReadMode ClaudeSource::read_mode(std::string_view path) const {
  return path.size() > 10 && path.substr(path.size() - 10) == ".meta.json" ? ReadMode::kWhole
                                                                           : ReadMode::kAppend;
}

ParseOutput ClaudeSource::ParseMetaJson(const std::string& path, std::string_view data) const {
  ParseOutput out;
  out.consumed_to = data.size();
  out.lines = 1;
  std::string name = fs::path(path).filename().string();  // agent-<id>.meta.json
  std::string agent_id = name.substr(6, name.size() - 6 - 10);
  thread_local simdjson::dom::parser parser;
  simdjson::dom::element doc;
  if (parser.parse(data.data(), data.size(), true).get(doc) || !doc.is_object()) {
    out.malformed.push_back({0, "invalid subagent meta.json"});
    return out;
  }
  SubagentRunRecord run;
  run.agent_id = agent_id;
  run.session_id = IdentityFromPath(path).session_id;
  std::string_view v;
  if (!doc["agentType"].get(v)) run.type = std::string(v);
  if (!doc["description"].get(v)) run.description = std::string(v);
  if (!doc["toolUseId"].get(v)) run.tool_use_id = std::string(v);
  out.subagent_runs.push_back(std::move(run));
  return out;
}

PathIdentity IdentityFromPath(const std::string& path_text) {
  // <root>/projects/<slug>/<session>.jsonl
  // <root>/projects/<slug>/agent-<id>.jsonl                     (flat subagent: session unknown)
  // <root>/projects/<slug>/<session>/subagents/[workflows/<run>/]agent-<id>.jsonl
  // <root>/projects/<slug>/<session>/chat.jsonl                 (older nested layout)
  fs::path p(path_text);
  std::vector<std::string> parts;
  for (const auto& part : p) parts.push_back(part.string());
  PathIdentity id;
  auto projects = std::find(parts.rbegin(), parts.rend(), "projects");
  if (projects == parts.rend()) {
    id.session_id = p.stem().string();
    return id;
  }
  size_t idx = parts.size() - 1 - (projects - parts.rbegin());  // index of "projects"
  if (idx + 1 < parts.size()) id.project_dir = parts[idx + 1];
  if (idx + 3 < parts.size()) {
    id.session_id = parts[idx + 2];  // <slug>/<session>/...
  } else {
    id.session_id = p.stem().string();
  }
  return id;
}

}  // namespace receipts::sources::claude
