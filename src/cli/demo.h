// The demo history behind `receipts demo` and `receipts serve --demo`: a generated, realistic
// multi-agent history (Claude Code, Codex, Gemini CLI, OpenClaw; src/demo) in a fresh temporary
// directory, with an environment whose every agent root points into it (HOME too), so a demo
// never mixes in the user's own logs. Not thread-safe; one call per demo.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/status.h"
#include "sources/source.h"

namespace receipts::cli {

struct DemoHistory {
  std::string dir;                 // the temporary directory (the caller removes it)
  std::string db_path;             // <dir>/receipts.db (not created yet)
  sources::Environment env;        // the caller's environment with every agent root in `dir`
  int64_t calls = 0;               // unique model calls written, all agents
  int64_t bytes = 0;               // log bytes written
  std::vector<std::string> agents; // the agents written, in registry order
};

// Writes about `bytes` of logs (at least 400 KB) spread over the agents, ending now.
Result<DemoHistory> GenerateDemoHistory(const sources::Environment& base, int64_t bytes);

// Removes a demo directory; errors are ignored (it is a temporary directory).
void RemoveDemoHistory(const DemoHistory& demo);

}  // namespace receipts::cli
