// Environment::FromProcess reads HOME and the variables the sources honour.
#include <cstdlib>

#include "sources/source.h"

extern char** environ;

namespace receipts::sources {

Environment Environment::FromProcess() {
  Environment env;
  if (const char* home = std::getenv("HOME")) env.home = home;
  for (char** e = environ; e && *e; ++e) {
    std::string_view kv(*e);
    auto eq = kv.find('=');
    if (eq == std::string_view::npos) continue;
    env.vars.emplace(std::string(kv.substr(0, eq)), std::string(kv.substr(eq + 1)));
  }
  return env;
}

std::optional<std::string> Environment::get(const std::string& name) const {
  auto it = vars.find(name);
  if (it == vars.end() || it->second.empty()) return std::nullopt;
  return it->second;
}

}  // namespace receipts::sources
