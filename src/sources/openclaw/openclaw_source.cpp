// OpenClaw and pi roots, discovery and path identity. See openclaw_source.h.
#include "sources/openclaw/openclaw_source.h"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <set>

namespace receipts::sources::openclaw {
namespace fs = std::filesystem;

namespace {


// Claims a directory once, so that a root listed twice (or via a symlink) is read once.
bool FirstVisit(std::set<fs::path>& seen, const fs::path& dir) {
  std::error_code ec;
  fs::path canonical = fs::weakly_canonical(dir, ec);
  return seen.insert(ec ? dir : canonical).second;
}

void SortByPath(std::vector<DiscoveredFile>& files) {
  std::sort(files.begin(), files.end(),
            [](const DiscoveredFile& a, const DiscoveredFile& b) { return a.path < b.path; });
}

// Each root's `sub` directory: the only subtree Discover lists.
std::vector<std::string> Subdirs(const std::vector<std::string>& roots, const char* sub) {
  std::vector<std::string> dirs;
  for (const auto& root : roots) dirs.push_back((fs::path(root) / sub).string());
  return dirs;
}

}  // namespace

bool IsOpenClawSessionFileName(std::string_view name) {
  size_t at = name.find(".jsonl");
  if (at == std::string_view::npos || at == 0) return false;
  std::string_view suffix = name.substr(at);
  auto archived = [&](std::string_view tag) {
    return suffix.size() > tag.size() && suffix.substr(0, tag.size()) == tag;
  };
  return suffix == ".jsonl" || archived(".jsonl.reset.") || archived(".jsonl.deleted.");
}

std::string SessionIdFromPath(Flavor flavor, const std::string& path) {
  std::string name = fs::path(path).filename().string();
  size_t at = name.find(".jsonl");
  std::string stem = at == std::string::npos || at == 0 ? name : name.substr(0, at);
  if (flavor == Flavor::kPi) {
    // "2025-11-20T23-33-50-805Z_d703a1a9-….jsonl": the uuid after the time prefix.
    size_t underscore = stem.find('_');
    if (underscore != std::string::npos && underscore + 1 < stem.size() &&
        std::isdigit(static_cast<unsigned char>(stem[0]))) {
      return stem.substr(underscore + 1);
    }
  }
  return stem;
}

std::vector<std::string> OpenClawSource::Roots(const Environment& env) const {
  if (auto dirs = env.get("OPENCLAW_DIR")) return SplitList(*dirs);
  if (env.home.empty()) return {};
  return {env.home + "/.openclaw", env.home + "/.clawdbot", env.home + "/.moltbot",
          env.home + "/.moldbot"};
}

std::vector<std::string> OpenClawSource::WatchedDirs(const std::vector<std::string>& roots) const {
  return Subdirs(roots, "agents");
}

std::vector<DiscoveredFile> OpenClawSource::Discover(const std::vector<std::string>& roots) const {
  // <root>/agents/<agentId>/sessions/<file>
  std::vector<DiscoveredFile> files;
  std::set<fs::path> seen;
  for (const auto& root : roots) {
    std::error_code ec;
    fs::path agents = fs::path(root) / "agents";
    if (!fs::is_directory(agents, ec) || !FirstVisit(seen, agents)) continue;
    for (fs::directory_iterator agent(agents, fs::directory_options::skip_permission_denied, ec);
         !ec && agent != fs::directory_iterator(); agent.increment(ec)) {
      std::error_code ec2;
      fs::path sessions = agent->path() / "sessions";
      if (!fs::is_directory(sessions, ec2)) continue;
      for (fs::directory_iterator it(sessions, fs::directory_options::skip_permission_denied, ec2);
           !ec2 && it != fs::directory_iterator(); it.increment(ec2)) {
        std::error_code ec3;
        if (!it->is_regular_file(ec3)) continue;
        if (!IsOpenClawSessionFileName(it->path().filename().string())) continue;
        files.push_back({it->path().string(), root});
      }
    }
  }
  SortByPath(files);
  return files;
}

ParseOutput OpenClawSource::Parse(const std::string& path, std::string_view data,
                                  uint64_t base_offset, std::string_view state) const {
  return ParseSessionLog(Flavor::kOpenClaw, path, data, base_offset, state);
}

std::vector<std::string> PiSource::Roots(const Environment& env) const {
  if (auto dir = env.get("PI_AGENT_DIR")) return {*dir};
  if (env.home.empty()) return {};
  return {env.home + "/.pi/agent"};
}

std::vector<std::string> PiSource::WatchedDirs(const std::vector<std::string>& roots) const {
  return Subdirs(roots, "sessions");
}

std::vector<DiscoveredFile> PiSource::Discover(const std::vector<std::string>& roots) const {
  // <root>/sessions/--<cwd>--/<ISO>_<uuid>.jsonl (any depth below sessions/)
  std::vector<DiscoveredFile> files;
  std::set<fs::path> seen;
  for (const auto& root : roots) {
    std::error_code ec;
    fs::path sessions = fs::path(root) / "sessions";
    if (!fs::is_directory(sessions, ec) || !FirstVisit(seen, sessions)) continue;
    fs::recursive_directory_iterator it(sessions, fs::directory_options::skip_permission_denied,
                                        ec);
    for (; !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
      std::error_code ec2;
      if (it->path().extension() != ".jsonl" || !it->is_regular_file(ec2)) continue;
      files.push_back({it->path().string(), root});
    }
  }
  SortByPath(files);
  return files;
}

ParseOutput PiSource::Parse(const std::string& path, std::string_view data, uint64_t base_offset,
                            std::string_view state) const {
  return ParseSessionLog(Flavor::kPi, path, data, base_offset, state);
}

}  // namespace receipts::sources::openclaw
