// Gemini CLI roots, discovery and path identity. See gemini_source.h.
#include "sources/gemini/gemini_source.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>

namespace receipts::sources::gemini {
namespace fs = std::filesystem;

namespace {


bool StartsWith(const std::string& s, std::string_view prefix) {
  return s.size() >= prefix.size() && s.compare(0, prefix.size(), prefix) == 0;
}

}  // namespace

std::vector<std::string> GeminiSource::Roots(const Environment& env) const {
  std::vector<std::string> roots;
  if (auto dirs = env.get("GEMINI_DATA_DIR")) {
    roots = SplitList(*dirs);
  } else if (!env.home.empty()) {
    roots.push_back(env.home + "/.gemini/tmp");
  }
  std::vector<std::string> unique;
  for (auto& r : roots) {
    if (std::find(unique.begin(), unique.end(), r) == unique.end()) unique.push_back(r);
  }
  return unique;
}

std::vector<DiscoveredFile> GeminiSource::Discover(const std::vector<std::string>& roots) const {
  std::vector<DiscoveredFile> files;
  std::set<fs::path> seen_roots;
  for (const auto& root : roots) {
    std::error_code ec;
    if (!fs::is_directory(root, ec)) continue;
    fs::path canonical = fs::weakly_canonical(root, ec);
    if (!seen_roots.insert(ec ? fs::path(root) : canonical).second) continue;
    // <root>/<projectId>/chats/…
    fs::directory_iterator projects(root, fs::directory_options::skip_permission_denied, ec);
    for (; !ec && projects != fs::directory_iterator(); projects.increment(ec)) {
      std::error_code ec2;
      fs::path chats = projects->path() / "chats";
      if (!fs::is_directory(chats, ec2)) continue;
      fs::directory_iterator it(chats, fs::directory_options::skip_permission_denied, ec2);
      for (; !ec2 && it != fs::directory_iterator(); it.increment(ec2)) {
        std::error_code ec3;
        const fs::path& p = it->path();
        std::string name = p.filename().string();
        if (it->is_regular_file(ec3)) {
          std::string ext = p.extension().string();
          if (StartsWith(name, "session-") && (ext == ".json" || ext == ".jsonl")) {
            files.push_back({p.string(), root});
          }
        } else if (it->is_directory(ec3)) {
          // Subagent sessions: chats/<parentSessionId>/<sessionId>.jsonl
          fs::directory_iterator sub(p, fs::directory_options::skip_permission_denied, ec3);
          for (; !ec3 && sub != fs::directory_iterator(); sub.increment(ec3)) {
            std::error_code ec4;
            if (sub->path().extension() == ".jsonl" && sub->is_regular_file(ec4)) {
              files.push_back({sub->path().string(), root});
            }
          }
        }
      }
    }
  }
  std::sort(files.begin(), files.end(),
            [](const DiscoveredFile& a, const DiscoveredFile& b) { return a.path < b.path; });
  return files;
}

ReadMode GeminiSource::read_mode(std::string_view path) const {
  return fs::path(path).extension() == ".json" ? ReadMode::kWhole : ReadMode::kAppend;
}

PathIdentity IdentityFromPath(const std::string& path_text) {
  fs::path p(path_text);
  PathIdentity id;
  fs::path dir = p.parent_path();
  if (dir.filename() == "chats") {
    id.project_dir = dir.parent_path().string();
  } else if (dir.parent_path().filename() == "chats") {
    id.parent_session_id = dir.filename().string();
    id.session_id = p.stem().string();
    id.project_dir = dir.parent_path().parent_path().string();
  } else {
    id.project_dir = dir.string();
  }
  return id;
}

std::string ReadProjectRoot(const std::string& project_dir) {
  if (project_dir.empty()) return {};
  std::ifstream in(fs::path(project_dir) / ".project_root");
  if (!in) return {};
  std::string line;
  std::getline(in, line);
  line.erase(0, line.find_first_not_of(" \t\r\n"));
  line.erase(line.find_last_not_of(" \t\r\n") + 1);
  return line;
}

}  // namespace receipts::sources::gemini
