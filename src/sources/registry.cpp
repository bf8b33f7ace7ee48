// The explicit source registry: one line per agent.
#include "sources/claude/claude_source.h"
#include "sources/source.h"

namespace receipts::sources {

const std::vector<const Source*>& Registry() {
  static const claude::ClaudeSource kClaude;
  static const std::vector<const Source*> kAll = {&kClaude};
  return kAll;
}

const Source* FindSource(std::string_view name) {
  for (const Source* s : Registry()) {
    if (s->name() == name) return s;
  }
  return nullptr;
}

}  // namespace receipts::sources
