// Every report does work in proportion to the store, not to a product of two of its tables.
// Each report runs on a generated store of all six agents while SQLite counts its virtual-machine
// steps (sqlite3_progress_handler); the steps per stored row must stay under a budget. The count is
// deterministic (not a timing). A quadratic plan breaks the budget at once: the subagents
// view once scanned every subagent run for each tool call, ten minutes on the 1 GB bench store.
#include <sqlite3.h>

#include <algorithm>
#include <string>

#include "core/time.h"
#include "demo/agents.h"
#include "reports/catalog.h"
#include "reports/report.h"
#include "support/claude_corpus.h"
#include "support/test_support.h"

namespace receipts::testing {
namespace {

int CountSteps(void* counter) {
  ++*static_cast<int64_t*>(counter);
  return 0;  // never interrupts
}

TEST(QueryWork, EveryReportIsLinearInTheStore) {
  TempDir tmp;
  const std::string root = tmp.str() + "/claude";
  const int64_t end = *parse_iso8601_ms("2026-02-15T12:00:00Z");
  // Claude Code, ~30 MB: ~5k calls and tool calls, ~300 subagent runs. Then ~1.5 MB of each
  // other agent, whose events take other paths through the same views.
  auto truth = GenerateClaudeOrFail(root, 11, 30'000'000, end, 30);
  ASSERT_GT(truth.calls.size(), 1000u);
  sources::Environment env = EnvWithClaude(root, tmp.str());
  env.vars["XDG_DATA_HOME"] = tmp.str() + "/data";
  struct Other {
    const char* var;  // nullptr: opencode, under XDG_DATA_HOME
    const char* dir;
    Result<demo::Truth> (*generate)(const demo::GeneratorOptions&);
  };
  for (const Other& o : {Other{"CODEX_HOME", "codex", &demo::GenerateCodexCorpus},
                         Other{"GEMINI_DATA_DIR", "gemini", &demo::GenerateGeminiCorpus},
                         Other{"OPENCLAW_DIR", "openclaw", &demo::GenerateOpenClawCorpus},
                         Other{"PI_AGENT_DIR", "pi", &demo::GeneratePiCorpus},
                         Other{nullptr, "data/opencode", &demo::GenerateOpenCodeCorpus}}) {
    demo::GeneratorOptions g;
    g.root = tmp.str() + "/" + o.dir;
    g.seed = 12;
    g.target_bytes = 1'500'000;
    g.end_ms = end;
    g.days = 30;
    auto t = o.generate(g);
    ASSERT_TRUE(t.ok()) << o.dir << ": " << t.status().message();
    if (o.var) env.vars[o.var] = g.root;
  }
  store::Store s = OpenStore(tmp.str() + "/r.db");
  IngestOrDie(s, env);
  auto count = [&](const char* table) {
    store::Stmt st = s.db().MustPrepare(std::string("SELECT count(*) FROM ") + table);
    return st.Step() ? st.Int(0) : 0;
  };
  int64_t rows = 0;
  for (const char* t : {"calls", "rollup", "sessions", "prompts", "tool_calls", "tool_results",
                        "subagent_runs", "errors"}) {
    rows += count(t);
  }
  {
    store::Stmt agents = s.db().MustPrepare("SELECT count(DISTINCT agent) FROM sessions");
    ASSERT_TRUE(agents.Step());
    ASSERT_EQ(agents.Int(0), 6);  // every agent's data is in
  }
  ASSERT_GT(count("subagent_runs"), 250);
  ASSERT_GT(count("tool_calls"), 4000);
  std::string session = [&] {
    store::Stmt st =
        s.db().MustPrepare("SELECT session_id FROM sessions ORDER BY session_id LIMIT 1");
    return st.Step() ? st.Text(0) : std::string();
  }();

  constexpr int kEvery = 16;  // VM steps per callback
  // Steps per stored row, for any one report. On this store the linear plans take 0.2 to 17;
  // the quadratic subagents plan took 656 (and grows with the store).
  constexpr int64_t kBudget = 100;
  int64_t callbacks = 0;
  sqlite3_progress_handler(s.db().raw(), kEvery, CountSteps, &callbacks);
  std::string project = [&] {
    store::Stmt st = s.db().MustPrepare(
        "SELECT project FROM sessions GROUP BY project ORDER BY count(*) DESC LIMIT 1");
    return st.Step() ? st.Text(0) : std::string();
  }();
  // Each report with its parameters and the filters the surfaces pass: every plan SQLite may
  // pick for it (a session, a project or a date range can each change the plan).
  for (const auto& def : reports::Catalog()) {
    auto has = [&](const char* name) {
      return std::any_of(def.params.begin(), def.params.end(),
                         [&](const auto& p) { return p.name == name; });
    };
    std::vector<std::pair<std::string, reports::ReportParams>> variants = {{"", {}}};
    if (def.name == "turns") variants[0].second.id = session;
    if (def.name == "session") variants.push_back({"id", {}}), variants.back().second.id = session;
    if (has("limit")) variants.push_back({"limit", {}}), variants.back().second.limit = 1'000'000;
    if (has("session"))
      variants.push_back({"session", {}}), variants.back().second.session = session;
    for (int filter = 0; filter < 3; ++filter) {
      for (auto [label, p] : variants) {
        if (def.name == "turns") p.id = session;
        reports::Filters f;
        f.zone = "UTC";
        if (filter == 1) f.project = project;
        if (filter == 2) f.since = "2026-02-01", f.until = "2026-02-10";
        SCOPED_TRACE(def.name + " " + label + " filter " + std::to_string(filter));
        callbacks = 0;
        auto j = reports::RunReportJson(s, def.name, f, p);
        ASSERT_TRUE(j.ok()) << j.status().message();
        int64_t steps = callbacks * kEvery;
        EXPECT_LE(steps, kBudget * rows)
            << steps / rows << " steps per row over " << rows << " rows";
      }
    }
  }
  sqlite3_progress_handler(s.db().raw(), 0, nullptr, nullptr);
}

}  // namespace
}  // namespace receipts::testing
