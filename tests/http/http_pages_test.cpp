// What the dashboard pages need beyond the reports: the status's sources (where each agent's
// logs are looked for and whether they exist, for the no-logs page) and the demo flag.
#include <nlohmann/json.hpp>

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

}  // namespace
}  // namespace receipts::testing
