// What the dashboard pages need beyond the reports: the status's sources (where each agent's
// logs are looked for and whether they exist, for the no-logs page), the demo flag, and the
// effective price table with the user's overrides (Settings).
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>

#include "http/http_fixture.h"

namespace receipts::testing {
namespace {

using nlohmann::json;

json Root(const std::string& path, bool exists) { return {{"path", path}, {"exists", exists}}; }

TEST_F(HttpTest, StatusListsWhereEachAgentIsLookedFor) {
  Start(Options());
  Reply r = Get("/api/v1/status");
  ASSERT_EQ(r.status, 200);
  const std::string home = tmp_.str();
  json want = json::array({
      {{"agent", "claude"}, {"found", true}, {"roots", {Root(root_, true)}}},
      {{"agent", "codex"}, {"found", false}, {"roots", {Root(home + "/.codex", false)}}},
      {{"agent", "gemini"}, {"found", false}, {"roots", {Root(home + "/.gemini/tmp", false)}}},
      {{"agent", "openclaw"}, {"found", false},
       {"roots", {Root(home + "/.openclaw", false), Root(home + "/.clawdbot", false),
                  Root(home + "/.moltbot", false), Root(home + "/.moldbot", false)}}},
      {{"agent", "pi"}, {"found", false}, {"roots", {Root(home + "/.pi/agent", false)}}},
      {{"agent", "opencode"}, {"found", false},
       {"roots", {Root(home + "/.local/share/opencode", false)}}},
  });
  EXPECT_EQ(r.body["sources"], want);
  EXPECT_EQ(r.body["demo"], nullptr);
}

TEST_F(HttpTest, StatusSourcesFollowTheAgentFilterAndTheDemo) {
  http::ServerOptions o = Options();
  o.ingest.agents = {"codex", "gemini"};
  o.ingest.env.vars["CODEX_HOME"] = tmp_.str() + "/codex-a";
  o.ingest.env.vars["GEMINI_DATA_DIR"] = tmp_.str() + "/g1," + root_;  // a comma list
  o.demo_dir = tmp_.str();
  Start(o);
  Reply r = Get("/api/v1/status");
  ASSERT_EQ(r.status, 200);
  json want = json::array({
      {{"agent", "codex"}, {"found", false}, {"roots", {Root(tmp_.str() + "/codex-a", false)}}},
      {{"agent", "gemini"}, {"found", true},
       {"roots", {Root(tmp_.str() + "/g1", false), Root(root_, true)}}},
  });
  EXPECT_EQ(r.body["sources"], want);
  EXPECT_EQ(r.body["demo"], json({{"dir", tmp_.str()}}));
}

TEST_F(HttpTest, PricingIsTheEffectiveTableWithOverrides) {
  const std::string config = tmp_.str() + "/config.toml";
  WriteFile(config,
            "[pricing.models.\"my-proxy-model\"]\ninput = 2.5\noutput = 10\nprovider = \"acme\"\n"
            "[pricing.models.\"claude-haiku-4-5\"]\ninput = 2\noutput = 8\nvalid_from = \"2026-01-01\"\n");
  http::ServerOptions o = Options();
  ASSERT_TRUE(o.prices.ApplyOverridesFile(config).ok());
  o.config_path = config;
  Start(o);
  Reply r = Get("/api/v1/pricing");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.content_type, "application/json");
  EXPECT_EQ(r.body["unit"], "USD per million tokens");
  EXPECT_EQ(r.body["webSearchPerThousand"], 10.0);
  EXPECT_EQ(r.body["config"], json({{"path", config}, {"exists", true}}));
  EXPECT_EQ(r.body["overrides"], 2);
  std::vector<json> proxy, haiku, sonnet;
  for (const json& row : r.body["pricing"]) {
    if (row["model"] == "my-proxy-model") proxy.push_back(row);
    if (row["model"] == "claude-haiku-4-5") haiku.push_back(row);
    if (row["model"] == "claude-sonnet-4-5") sonnet.push_back(row);
  }
  auto source = [&](const char* model) {
    return "config: " + config + " [pricing.models.\"" + model + "\"]";
  };
  ASSERT_EQ(proxy.size(), 1u);
  json want_proxy = json::parse(R"({"model":"my-proxy-model","provider":"acme","validFrom":null,"validTo":null,
      "input":2.5,"output":10.0,"cacheWrite5m":3.125,"cacheWrite1h":5.0,"cacheRead":0.25,"longContext":null,
      "fastMultiplier":null,"override":true})");
  want_proxy["source"] = source("my-proxy-model");
  EXPECT_EQ(proxy[0], want_proxy);
  // The bundled Haiku row ends where the override starts; calls before keep the old price.
  ASSERT_EQ(haiku.size(), 2u);
  std::sort(haiku.begin(), haiku.end(), [](const json& a, const json& b) { return a["override"] < b["override"]; });
  json want_old = json::parse(R"j({"model":"claude-haiku-4-5","provider":"anthropic","validFrom":null,
      "validTo":"2026-01-01","input":1.0,"output":5.0,"cacheWrite5m":1.25,"cacheWrite1h":2.0,"cacheRead":0.1,
      "longContext":null,"fastMultiplier":null,"source":"bundled: PRICING.md d2 (Anthropic pricing page)",
      "override":false})j");
  json want_new = json::parse(R"({"model":"claude-haiku-4-5","provider":"anthropic","validFrom":"2026-01-01",
      "validTo":null,"input":2.0,"output":8.0,"cacheWrite5m":2.5,"cacheWrite1h":4.0,"cacheRead":0.2,
      "longContext":null,"fastMultiplier":null,"source":"","override":true})");
  want_new["source"] = source("claude-haiku-4-5");
  EXPECT_EQ(haiku[0], want_old);
  EXPECT_EQ(haiku[1], want_new);
  // A long-context tier (Sonnet 4.5 above 200K prompt tokens).
  ASSERT_EQ(sonnet.size(), 1u);
  json want_tier = json::parse(R"({"aboveTokens":200000,"input":6.0,"output":22.5,
      "cacheWrite5m":7.5,"cacheWrite1h":12.0,"cacheRead":0.6})");
  EXPECT_EQ(sonnet[0]["longContext"], want_tier);
  // The same object as `receipts pricing list --json` (one function behind both).
  std::string cmd = std::string("env -i HOME=") + tmp_.str() + " " + RECEIPTS_BINARY +
                    " pricing list --json --config " + config;
  FILE* p = ::popen(cmd.c_str(), "r");
  std::string out;
  char buf[4096];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
  EXPECT_EQ(::pclose(p), 0);
  EXPECT_EQ(json::parse(out), r.body);
}

// Prices edited while the server runs: its watcher reads the file again and reprices, so the
// dashboard and the next CLI command price alike. Before, the server kept its start-time book
// and each side repriced the whole store back to its own book in turn.
TEST_F(HttpTest, ThePriceBookFollowsTheConfigFile) {
  const std::string config = tmp_.str() + "/config.toml";
  http::ServerOptions o = Options();
  o.watch_interval_ms = 100;
  o.config_path = config;  // absent at start: the bundled table
  Start(o);
  ASSERT_EQ(Get("/api/v1/pricing").body["overrides"], 0);
  const int64_t bundled = Sql("SELECT sum(cost_calc_nanos) FROM calls");

  // The corpus's most used model, at ten times its bundled input and output prices.
  std::string model = [&] {
    auto s = store::Store::Open(db_, store::Db::Mode::kReadOnly);
    store::Stmt st = s.value().db().MustPrepare(
        "SELECT m.name FROM calls c JOIN models m ON m.id = c.model_ref "
        "GROUP BY m.name ORDER BY count(*) DESC LIMIT 1");
    return st.Step() ? st.Text(0) : std::string();
  }();
  ASSERT_FALSE(model.empty());
  WriteFile(config, "[pricing.models.\"" + model + "\"]\ninput = 500\noutput = 900\n");
  pricing::PriceBook edited = pricing::PriceBook::Bundled();
  ASSERT_TRUE(edited.ApplyOverridesFile(config).ok());

  // What a CLI run with the edited file computes, from scratch in a store of its own.
  int64_t want = 0;
  {
    store::Store fresh = OpenStore(tmp_.str() + "/fresh.db");
    ingest::IngestOptions io;
    io.env = Env();
    ASSERT_TRUE(ingest::Ingest(fresh, edited, io).ok());
    store::Stmt st = fresh.db().MustPrepare("SELECT sum(cost_calc_nanos) FROM calls");
    ASSERT_TRUE(st.Step());
    want = st.Int(0);
  }
  ASSERT_GT(want, bundled);

  auto wait_for = [&](auto done) {
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (!done() && std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return done();
  };
  ASSERT_TRUE(wait_for([&] { return Sql("SELECT sum(cost_calc_nanos) FROM calls") == want; }))
      << "the server did not reprice with the edited file";
  EXPECT_EQ(Get("/api/v1/pricing").body["overrides"], 1);

  // The CLI finds the store priced by its own book, and the watcher leaves it so.
  {
    store::Store s = OpenStore(db_);
    ingest::IngestOptions io;
    io.env = Env();
    auto stats = ingest::Ingest(s, edited, io);
    ASSERT_TRUE(stats.ok()) << stats.status().message();
    EXPECT_FALSE(stats.value().repriced);
  }
  int64_t scans = Get("/api/v1/status").body["watcher"]["scans"];
  ASSERT_TRUE(wait_for([&] { return Get("/api/v1/status").body["watcher"]["scans"] >= scans + 3; }));
  EXPECT_EQ(Sql("SELECT sum(cost_calc_nanos) FROM calls"), want);
  EXPECT_EQ(Get("/api/v1/reports/daily").body["totals"]["totalCostNanos"].get<int64_t>(),
            Sql("SELECT sum(cost_auto_nanos) FROM usage"));

  // A broken edit: the last good book stays in use, and the status says why.
  WriteFile(config, "[pricing.models.\"" + model + "\"\ninput = 1\n");
  json status;
  ASSERT_TRUE(wait_for([&] {
    status = Get("/api/v1/status").body;
    return !status["watcher"]["configError"].is_null();
  }));
  std::string error = status["watcher"]["configError"];
  EXPECT_NE(error.find(config), std::string::npos) << error;
  EXPECT_NE(error.find("not valid TOML"), std::string::npos) << error;
  EXPECT_EQ(status["watcher"]["lastError"], nullptr);  // the pass itself succeeded
  EXPECT_EQ(Get("/api/v1/pricing").body["overrides"], 1);
  EXPECT_EQ(Sql("SELECT sum(cost_calc_nanos) FROM calls"), want);

  // Removed: back to the bundled table, everywhere.
  std::filesystem::remove(config);
  ASSERT_TRUE(wait_for([&] { return Sql("SELECT sum(cost_calc_nanos) FROM calls") == bundled; }));
  EXPECT_EQ(Get("/api/v1/pricing").body["overrides"], 0);
  EXPECT_EQ(Get("/api/v1/status").body["watcher"]["configError"], nullptr);
}

// `[privacy] store_prompt_text = false` written while the server runs: prompts ingested after
// it keep no text, as a CLI command's would; prompts stored before keep theirs.
TEST_F(HttpTest, APrivacySettingEditedWhileServingApplies) {
  const std::string config = tmp_.str() + "/config.toml";
  http::ServerOptions o = Options();
  o.watch_interval_ms = 100;
  o.config_path = config;
  Start(o);
  const int64_t with_text = Sql("SELECT count(*) FROM prompts WHERE text IS NOT NULL");
  ASSERT_GT(with_text, 0);
  ASSERT_EQ(Sql("SELECT count(*) FROM prompts WHERE text IS NULL"), 0);

  WriteFile(config, "[privacy]\nstore_prompt_text = false\n");
  auto wait_for = [&](auto done) {
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (!done() && std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return done();
  };
  int64_t scans = Get("/api/v1/status").body["watcher"]["scans"];
  ASSERT_TRUE(wait_for([&] { return Get("/api/v1/status").body["watcher"]["scans"] >= scans + 2; }));
  const int64_t prompts = Sql("SELECT count(*) FROM prompts");
  auto added = demo::AppendToClaudeCorpus(root_, 40'000, 5, kEnd + 3'600'000);
  ASSERT_TRUE(added.ok()) << added.status().message();
  ASSERT_TRUE(wait_for([&] { return Sql("SELECT count(*) FROM prompts") > prompts; }));
  EXPECT_EQ(Sql("SELECT count(*) FROM prompts WHERE text IS NOT NULL"), with_text);
  EXPECT_EQ(Sql("SELECT count(*) FROM prompts WHERE text IS NULL"),
            Sql("SELECT count(*) FROM prompts") - with_text);
  EXPECT_EQ(Sql("SELECT count(*) FROM prompts WHERE text IS NULL AND length(text_hash) = 64"),
            Sql("SELECT count(*) FROM prompts") - with_text);
  EXPECT_EQ(Get("/api/v1/status").body["watcher"]["configError"], nullptr);
}

}  // namespace
}  // namespace receipts::testing
