// See demo.h.
#include "cli/demo.h"

#include <stdlib.h>

#include <algorithm>
#include <filesystem>

#include "demo/agents.h"
#include "demo/generator.h"

namespace receipts::cli {
namespace fs = std::filesystem;

Result<DemoHistory> GenerateDemoHistory(const sources::Environment& base, int64_t bytes) {
  std::string tmpl = (fs::temp_directory_path() / "receipts-demo-XXXXXX").string();
  if (!::mkdtemp(tmpl.data())) {
    return Status::Error("cannot create a temporary directory for the demo under " +
                         fs::temp_directory_path().string());
  }
  DemoHistory h;
  h.dir = tmpl;
  h.db_path = (fs::path(tmpl) / "receipts.db").string();
  bytes = std::max<int64_t>(bytes, 400'000);
  // Claude Code carries most of the history, as it does for most users; each other agent
  // brings its own pitfalls (re-emits, re-appended ids, recorded costs, branches, a database).
  struct Part {
    const char* agent;
    const char* var;     // the variable that points the agent's source at it (or none)
    const char* subdir;  // under the demo directory
    int percent;
    Result<demo::Truth> (*generate)(const demo::GeneratorOptions&);
  };
  const Part parts[] = {
      {"claude", "CLAUDE_CONFIG_DIR", "claude", 50, &demo::GenerateClaudeCorpus},
      {"codex", "CODEX_HOME", "codex", 17, &demo::GenerateCodexCorpus},
      {"gemini", "GEMINI_DATA_DIR", "gemini", 10, &demo::GenerateGeminiCorpus},
      {"openclaw", "OPENCLAW_DIR", "openclaw", 9, &demo::GenerateOpenClawCorpus},
      {"pi", "PI_AGENT_DIR", "pi", 7, &demo::GeneratePiCorpus},
      // opencode reads $XDG_DATA_HOME/opencode (XDG_DATA_HOME is the demo's data/ below).
      {"opencode", nullptr, "data/opencode", 7, &demo::GenerateOpenCodeCorpus},
  };
  h.env = base;
  h.env.home = h.dir;
  h.env.vars.erase("XDG_CONFIG_HOME");
  h.env.vars["XDG_DATA_HOME"] = (fs::path(h.dir) / "data").string();
  for (const Part& p : parts) {
    demo::GeneratorOptions o;
    o.root = (fs::path(h.dir) / p.subdir).string();
    o.seed = 42;
    o.target_bytes = bytes * p.percent / 100;
    auto truth = p.generate(o);
    if (!truth.ok()) {
      RemoveDemoHistory(h);
      return Status::Error(std::string("demo generation failed (") + p.agent +
                           "): " + truth.status().message());
    }
    if (p.var) h.env.vars[p.var] = o.root;
    h.calls += static_cast<int64_t>(truth.value().calls.size());
    h.bytes += truth.value().bytes;
    h.agents.push_back(p.agent);
  }
  return h;
}

void RemoveDemoHistory(const DemoHistory& demo) {
  if (demo.dir.empty()) return;
  std::error_code ec;
  fs::remove_all(demo.dir, ec);
}

}  // namespace receipts::cli
