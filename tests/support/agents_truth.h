// Compares what the engine stored for one agent with a generated corpus's truth
// (demo/agents.h): the total, every UTC day and every call (by its dedupe key) must match in
// calls, the four token kinds, the cost and the model. Used by the agents truth tests, with the
// generator options and environment they share.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>

#include "core/time.h"
#include "demo/generator.h"
#include "sources/source.h"
#include "store/store.h"
#include "support/test_support.h"
#include "support/truth_agg.h"

namespace receipts::testing {

// Cuts every file under `dir` (but `.json` documents, which are re-read whole) at a line boundary
// near its middle, as an agent still writing leaves it; returns each cut file's full text, for
// GrowFiles to put back after a first scan.
inline std::map<std::filesystem::path, std::string> CutFilesInHalf(const std::filesystem::path& dir) {
  std::map<std::filesystem::path, std::string> full;
  for (const auto& e : std::filesystem::recursive_directory_iterator(dir)) {
    if (!e.is_regular_file() || e.path().extension() == ".json") continue;
    std::ifstream in(e.path(), std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    std::string text = ss.str();
    size_t cut = text.find('\n', text.size() / 2);
    if (cut == std::string::npos) continue;
    full[e.path()] = text;
    WriteFile(e.path(), text.substr(0, cut + 1));
  }
  return full;
}

inline void GrowFiles(const std::map<std::filesystem::path, std::string>& full) {
  for (const auto& [path, text] : full) WriteFile(path, text);
}

// A generated corpus ending 2026-06-30T18:00Z.
inline demo::GeneratorOptions AgentOptions(const std::filesystem::path& root, uint64_t seed,
                                           int64_t bytes = 400'000, int days = 12) {
  demo::GeneratorOptions o;
  o.root = root.string();
  o.seed = seed;
  o.target_bytes = bytes;
  o.end_ms = *parse_iso8601_ms("2026-06-30T18:00:00Z");
  o.days = days;
  return o;
}

// Every agent's data dir under tmp — claude/, codex/, gemini/, openclaw/, pi/ and
// xdg/opencode/ — and an empty HOME there too: never the real home. Tests generate into the
// ones they need; the others do not exist.
inline sources::Environment AgentsEnv(const TempDir& tmp) {
  sources::Environment env;
  env.home = (tmp.path() / "home").string();
  env.vars["CLAUDE_CONFIG_DIR"] = (tmp.path() / "claude").string();
  env.vars["CODEX_HOME"] = (tmp.path() / "codex").string();
  env.vars["GEMINI_DATA_DIR"] = (tmp.path() / "gemini").string();
  env.vars["OPENCLAW_DIR"] = (tmp.path() / "openclaw").string();
  env.vars["PI_AGENT_DIR"] = (tmp.path() / "pi").string();
  env.vars["XDG_DATA_HOME"] = (tmp.path() / "xdg").string();
  return env;
}

// cost: the usage view's column to compare, "cost_calc_nanos" or "cost_auto_nanos".
inline void ExpectAgentMatchesTruth(store::Store& s, const demo::Truth& truth,
                                    const std::string& agent, const std::string& cost) {
  SCOPED_TRACE(agent);
  Agg want_total;
  std::map<std::string, Agg> want_days;
  for (const auto& c : truth.calls) {
    ASSERT_EQ(c.agent, agent);
    AddTruth(want_total, c);
    AddTruth(want_days[format_civil_day(Zone::Find("UTC")->local_day(c.ts_ms))], c);
  }
  ASSERT_GT(want_total.calls, 20);
  std::string cols =
      "count(*), coalesce(sum(input_tokens),0), coalesce(sum(output_tokens),0), "
      "coalesce(sum(cache_write_5m_tokens + cache_write_1h_tokens),0), "
      "coalesce(sum(cache_read_tokens),0), coalesce(sum(" +
      cost + "),0)";
  store::Stmt st = s.db().MustPrepare("SELECT " + cols + " FROM usage WHERE agent = ?1");
  st.Bind(1, agent);
  ASSERT_TRUE(st.Step());
  EXPECT_EQ((Agg{st.Int(0), st.Int(1), st.Int(2), st.Int(3), st.Int(4), st.Int(5)}), want_total);

  std::map<std::string, Agg> got_days;
  store::Stmt d = s.db().MustPrepare("SELECT substr(ts_utc, 1, 10), " + cols +
                                     " FROM usage WHERE agent = ?1 GROUP BY 1");
  d.Bind(1, agent);
  while (d.Step()) {
    got_days[d.Text(0)] = Agg{d.Int(1), d.Int(2), d.Int(3), d.Int(4), d.Int(5), d.Int(6)};
  }
  EXPECT_EQ(got_days, want_days);

  // Per call, by the key the parser builds, for a precise diagnosis.
  store::Stmt one = s.db().MustPrepare(
      "SELECT ts_ms, input_tokens, output_tokens, cache_write_5m_tokens + cache_write_1h_tokens, "
      "cache_read_tokens, " +
      cost + ", model FROM usage WHERE dedupe_key = ?1");
  int mismatches = 0;
  for (const auto& c : truth.calls) {
    one.Bind(1, c.message_id);
    bool found = one.Step();
    bool ok = found && one.Int(0) == c.ts_ms && one.Int(1) == c.tokens.input &&
              one.Int(2) == c.tokens.output && one.Int(3) == c.tokens.cache_write() &&
              one.Int(4) == c.tokens.cache_read && one.Int(5) == c.cost_nanos &&
              one.Text(6) == c.model;
    if (!ok && ++mismatches <= 5) {
      ADD_FAILURE() << "call " << c.message_id << (found ? "" : " missing") << "; want ts "
                    << c.ts_ms << " " << c.model << " " << c.tokens.input << "/" << c.tokens.output
                    << "/" << c.tokens.cache_write() << "/" << c.tokens.cache_read << " cost "
                    << c.cost_nanos
                    << (found
                            ? "; got ts " + std::to_string(one.Int(0)) + " " + one.Text(6) + " " +
                                  std::to_string(one.Int(1)) + "/" + std::to_string(one.Int(2)) +
                                  "/" + std::to_string(one.Int(3)) + "/" +
                                  std::to_string(one.Int(4)) + " cost " + std::to_string(one.Int(5))
                            : std::string());
    }
    one.Reset();
  }
  EXPECT_EQ(mismatches, 0);
}

}  // namespace receipts::testing
