// Codex roots, discovery and path identity. See codex_source.h.
#include "sources/codex/codex_source.h"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <set>

namespace receipts::sources::codex {
namespace fs = std::filesystem;

namespace {

bool IsUuid(std::string_view s) {
  if (s.size() != 36) return false;
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (i == 8 || i == 13 || i == 18 || i == 23) {
      if (c != '-') return false;
    } else if (!std::isxdigit(static_cast<unsigned char>(c))) {
      return false;
    }
  }
  return true;
}

// Every regular *.jsonl under `dir` (recursively) accepted by `keep`, as paths relative to dir.
template <typename Keep>
std::vector<fs::path> JsonlUnder(const fs::path& dir, Keep keep) {
  std::vector<fs::path> out;
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return out;
  fs::recursive_directory_iterator it(dir, fs::directory_options::skip_permission_denied, ec);
  for (; !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    const fs::path& p = it->path();
    if (p.extension() != ".jsonl" || !keep(p) || !it->is_regular_file(ec)) continue;
    out.push_back(p.lexically_relative(dir));
  }
  return out;
}

}  // namespace

std::vector<std::string> CodexSource::Roots(const Environment& env) const {
  if (auto home = env.get("CODEX_HOME")) return {*home};
  if (env.home.empty()) return {};
  return {env.home + "/.codex"};
}

std::vector<std::string> CodexSource::WatchedDirs(const std::vector<std::string>& roots) const {
  std::vector<std::string> dirs;
  for (const auto& root : roots) {
    dirs.push_back((fs::path(root) / "sessions").string());
    dirs.push_back((fs::path(root) / "archived_sessions").string());
  }
  return dirs;
}

std::vector<DiscoveredFile> CodexSource::Discover(const std::vector<std::string>& roots) const {
  std::vector<DiscoveredFile> files;
  std::set<fs::path> seen_roots;
  for (const auto& root : roots) {
    std::error_code ec;
    fs::path canonical = fs::weakly_canonical(root, ec);
    if (!seen_roots.insert(ec ? fs::path(root) : canonical).second) continue;  // same root twice
    fs::path sessions = fs::path(root) / "sessions";
    fs::path archived = fs::path(root) / "archived_sessions";
    auto live = JsonlUnder(sessions, [](const fs::path& p) {
      return p.filename().string().rfind("rollout-", 0) == 0;
    });
    // The archived copy of a live rollout is the same thread: count the sessions/ copy only.
    // Archiving also moves dated files to a flat layout, so a rollout's name (which carries its
    // thread uuid) identifies it too.
    std::set<fs::path> live_paths(live.begin(), live.end());
    std::set<std::string> live_names;
    for (const auto& p : live) live_names.insert(p.filename().string());
    for (const auto& rel : live) files.push_back({(sessions / rel).string(), root});
    for (const auto& rel : JsonlUnder(archived, [](const fs::path&) { return true; })) {
      if (live_paths.count(rel)) continue;
      std::string name = rel.filename().string();
      if (name.rfind("rollout-", 0) == 0 && live_names.count(name)) continue;
      files.push_back({(archived / rel).string(), root});
    }
  }
  std::sort(files.begin(), files.end(),
            [](const DiscoveredFile& a, const DiscoveredFile& b) { return a.path < b.path; });
  return files;
}

std::string ThreadIdFromPath(const std::string& path) {
  std::string stem = fs::path(path).stem().string();
  if (stem.size() >= 36 && IsUuid(std::string_view(stem).substr(stem.size() - 36))) {
    return stem.substr(stem.size() - 36);
  }
  return stem;
}

}  // namespace receipts::sources::codex
