// See attribution.h.
#include "ingest/attribution.h"

#include <cctype>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace receipts::ingest {
namespace fs = std::filesystem;
namespace {

std::string ReadSmallFile(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  if (!in) return "";
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string Trim(std::string s) {
  size_t b = s.find_first_not_of(" \t\r\n");
  size_t e = s.find_last_not_of(" \t\r\n");
  return b == std::string::npos ? "" : s.substr(b, e - b + 1);
}

// The main repository root for a directory holding `.git` (a dir, or a worktree's file).
std::string RepoRootFor(const fs::path& dir) {
  std::error_code ec;
  fs::path git = dir / ".git";
  if (fs::is_directory(git, ec)) return dir.string();
  if (!fs::is_regular_file(git, ec)) return "";
  std::string text = Trim(ReadSmallFile(git));
  if (text.rfind("gitdir:", 0) != 0) return dir.string();
  fs::path gitdir = Trim(text.substr(7));
  if (gitdir.is_relative()) gitdir = dir / gitdir;
  // A linked worktree: <repo>/.git/worktrees/<name>; its commondir points at <repo>/.git.
  std::string common = Trim(ReadSmallFile(gitdir / "commondir"));
  fs::path common_dir = common.empty() ? fs::path() : (fs::path(common).is_relative()
                                                           ? gitdir / common
                                                           : fs::path(common));
  if (!common_dir.empty()) {
    fs::path canonical = fs::weakly_canonical(common_dir, ec);
    if (!ec && canonical.filename() == ".git") return canonical.parent_path().string();
  }
  return dir.string();
}

}  // namespace

std::string GitConfigEmail(const std::string& text) {
  std::istringstream in(text);
  std::string line;
  bool in_user = false;
  while (std::getline(in, line)) {
    line = Trim(line);
    if (line.empty() || line[0] == '#' || line[0] == ';') continue;
    if (line[0] == '[') {
      std::string section = line.substr(1, line.find(']') - 1);
      for (auto& c : section) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      in_user = Trim(section) == "user";
      continue;
    }
    if (!in_user) continue;
    size_t eq = line.find('=');
    if (eq == std::string::npos) continue;
    std::string key = Trim(line.substr(0, eq));
    for (auto& c : key) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (key == "email") {
      std::string v = Trim(line.substr(eq + 1));
      if (v.size() >= 2 && v.front() == '"' && v.back() == '"') v = v.substr(1, v.size() - 2);
      return v;
    }
  }
  return "";
}

Attributor::Attributor(sources::Environment env, std::string person_override)
    : env_(std::move(env)), person_override_(std::move(person_override)) {}

std::string Attributor::GitEmail(const std::string& repo_root) {
  if (!repo_root.empty()) {
    std::string email = GitConfigEmail(ReadSmallFile(fs::path(repo_root) / ".git" / "config"));
    if (!email.empty()) return email;
  }
  if (!global_loaded_) {
    global_loaded_ = true;
    std::string xdg = env_.get("XDG_CONFIG_HOME").value_or(env_.home.empty() ? "" : env_.home + "/.config");
    for (const std::string& p : {xdg.empty() ? std::string() : xdg + "/git/config",
                                 env_.home.empty() ? std::string() : env_.home + "/.gitconfig"}) {
      if (p.empty()) continue;
      std::string email = GitConfigEmail(ReadSmallFile(p));
      if (!email.empty()) global_email_ = email;
    }
  }
  return global_email_;
}

const Attribution& Attributor::Resolve(const std::string& cwd) {
  if (auto it = cache_.find(cwd); it != cache_.end()) return it->second;
  Attribution a;
  a.project = cwd;
  std::string root;
  std::error_code ec;
  if (!cwd.empty() && fs::path(cwd).is_absolute() && fs::is_directory(cwd, ec)) {
    for (fs::path dir = cwd; !dir.empty(); dir = dir.parent_path()) {
      root = RepoRootFor(dir);
      if (!root.empty()) {
        fs::path rel = fs::path(cwd).lexically_relative(dir);
        a.project = root;
        a.app = rel == "." ? "" : rel.string();
        break;
      }
      if (dir == dir.parent_path()) break;
    }
  }
  if (!person_override_.empty()) {
    a.person = person_override_;
  } else {
    a.person = GitEmail(root);
    if (a.person.empty()) {
      a.person = env_.get("USER").value_or(env_.get("LOGNAME").value_or("unknown"));
    }
  }
  return cache_[cwd] = std::move(a);
}

}  // namespace receipts::ingest
