// Session attribution (DESIGN.md §1): project = the repository root of the cwd (worktrees
// folded into their main repository) when it can be resolved on this machine, else the cwd;
// app = the cwd's path inside the project; person = the configured person, else the git
// user.email (repository config, then global), else the OS user. Cached per cwd; not
// thread-safe (used by the single writer).
#pragma once

#include <map>
#include <string>

#include "sources/source.h"

namespace receipts::ingest {

struct Attribution {
  std::string project;
  std::string app;     // "" when the cwd is the project root
  std::string person;
};

class Attributor {
 public:
  Attributor(sources::Environment env, std::string person_override);
  const Attribution& Resolve(const std::string& cwd);

 private:
  std::string GitEmail(const std::string& repo_root);
  sources::Environment env_;
  std::string person_override_;
  std::string global_email_;
  bool global_loaded_ = false;
  std::map<std::string, Attribution> cache_;
};

// The `[user] email` of a git config file's text ("" when absent).
std::string GitConfigEmail(const std::string& text);

}  // namespace receipts::ingest
