// The HTTP surface against the real server on an ephemeral loopback port, in process: the
// catalog, every report equal to the catalog's (= the CLI's --json), filters reconciled with
// SQL over the store, bad input, the token rule, Server-Sent Events after an append, status
// numbers, and many concurrent clients while the watcher ingests.
#include <httplib.h>
#include <nlohmann/json.hpp>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <set>
#include <thread>

#include "core/time.h"
#include "demo/generator.h"
#include "http/server.h"
#include "reports/catalog.h"
#include "reports/view.h"
#include "http/http_fixture.h"
#include "http/status.h"
#include "support/test_support.h"

namespace receipts::testing {
namespace {

TEST_F(HttpTest, CatalogListsEveryReport) {
  Start(Options());
  Reply r = Get("/api/v1/reports");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.content_type, "application/json");
  // Reports go out uncompressed even to a client that accepts brotli or gzip: compressing each
  // report per request cost about ten times the query.
  Reply daily = Get("/api/v1/reports/daily", {{"Accept-Encoding", "br, gzip"}});
  EXPECT_EQ(daily.status, 200);
  EXPECT_EQ(daily.headers.count("Content-Encoding"), 0u);
  EXPECT_TRUE(daily.body.contains("totals"));
  std::vector<std::string> want = {"daily", "weekly", "monthly", "session", "blocks"};
  for (const auto& v : reports::Views()) want.push_back(v.name);
  std::vector<std::string> got;
  for (const auto& rep : r.body["reports"]) {
    got.push_back(rep["name"]);
    EXPECT_FALSE(rep["description"].get<std::string>().empty()) << rep["name"];
    std::set<std::string> params;
    for (const auto& p : rep["parameters"]) params.insert(p["name"]);
    for (const char* common : {"since", "until", "tz", "agent", "project", "mode", "order"}) {
      EXPECT_TRUE(params.count(common)) << rep["name"] << " lacks " << common;
    }
  }
  EXPECT_EQ(got, want);
  EXPECT_EQ(r.body, json::parse(reports::CatalogJson().dump()));
  // The report-specific parameters.
  auto params_of = [&](const std::string& name) {
    for (const auto& rep : r.body["reports"]) {
      if (rep["name"] == name) return rep["parameters"];
    }
    return json();
  };
  EXPECT_EQ(params_of("weekly")[7]["name"], "startOfWeek");
  EXPECT_EQ(params_of("session")[8]["name"], "id");
  EXPECT_EQ(params_of("blocks")[7]["name"], "tokenLimit");
  EXPECT_EQ(params_of("turns")[7]["name"], "id");
  EXPECT_EQ(params_of("turns")[7]["required"], true);
  EXPECT_EQ(params_of("prompts")[7]["name"], "limit");
  EXPECT_EQ(params_of("models").size(), 7u);  // a dimension lists every row: no limit
}

TEST_F(HttpTest, EveryReportEqualsTheCatalogAndTheStore) {
  Start(Options());
  Reply daily = Get("/api/v1/reports/daily");
  ASSERT_EQ(daily.status, 200);
  EXPECT_EQ(daily.content_type, "application/json");
  EXPECT_EQ(daily.body, Direct("daily", Utc()));
  EXPECT_FALSE(daily.body["daily"].empty());
  EXPECT_EQ(daily.body["totals"]["totalCostNanos"].get<int64_t>(),
            Sql("SELECT sum(cost_auto_nanos) FROM usage"));
  EXPECT_EQ(daily.body["totals"]["calls"].get<int64_t>(), static_cast<int64_t>(truth_.calls.size()));

  std::string session_id = [&] {
    auto s = store::Store::Open(db_, store::Db::Mode::kReadOnly);
    store::Stmt st = s.value().db().MustPrepare("SELECT session_id FROM sessions ORDER BY session_id LIMIT 1");
    return st.Step() ? st.Text(0) : std::string();
  }();
  ASSERT_FALSE(session_id.empty());
  for (const auto& def : reports::Catalog()) {
    SCOPED_TRACE(def.name);
    reports::ReportParams p;
    std::string query;
    if (def.name == "turns") {
      p.id = session_id;
      query = "?id=" + session_id;
    }
    Reply r = Get("/api/v1/reports/" + def.name + query);
    ASSERT_EQ(r.status, 200) << r.body.dump();
    EXPECT_EQ(r.body, Direct(def.name, Utc(), p));
  }
  // One session, by a unique prefix.
  reports::ReportParams p;
  p.id = session_id.substr(0, 8);
  Reply detail = Get("/api/v1/reports/session?id=" + p.id);
  ASSERT_EQ(detail.status, 200) << detail.body.dump();
  EXPECT_EQ(detail.body["sessionId"], session_id);
  EXPECT_EQ(detail.body, Direct("session", Utc(), p));
  EXPECT_EQ(detail.body["totals"]["totalCostNanos"].get<int64_t>(),
            Sql("SELECT sum(cost_auto_nanos) FROM usage WHERE session_id = ?1", session_id));
  // Views honour limit; blocks honour tokenLimit.
  Reply models = Get("/api/v1/reports/prompts?limit=3");
  ASSERT_EQ(models.status, 200);
  EXPECT_LE(models.body["prompts"].size(), 3u);
  reports::ReportParams limit3;
  limit3.limit = 3;
  EXPECT_EQ(models.body, Direct("prompts", Utc(), limit3));
  Reply blocks = Get("/api/v1/reports/blocks?tokenLimit=1000000");
  ASSERT_EQ(blocks.status, 200);
  reports::ReportParams tl;
  tl.token_limit = 1'000'000;
  EXPECT_EQ(blocks.body, Direct("blocks", Utc(), tl));
}

TEST_F(HttpTest, FiltersMatchTheStore) {
  Start(Options());
  Reply all = Get("/api/v1/reports/daily");
  ASSERT_EQ(all.status, 200);
  ASSERT_GE(all.body["daily"].size(), 4u);  // so the range below drops days on both sides
  std::string since = all.body["daily"][1]["date"], until = all.body["daily"][2]["date"];
  std::string since_compact = since.substr(0, 4) + since.substr(5, 2) + since.substr(8, 2);

  // since (YYYYMMDD) / until (YYYY-MM-DD), inclusive.
  Reply range = Get("/api/v1/reports/daily?since=" + since_compact + "&until=" + until);
  ASSERT_EQ(range.status, 200) << range.body.dump();
  reports::Filters f = Utc();
  f.since = since;
  f.until = until;
  EXPECT_EQ(range.body, Direct("daily", f));
  EXPECT_EQ(range.body["daily"].front()["date"], since);
  EXPECT_EQ(range.body["daily"].back()["date"], until);
  EXPECT_EQ(range.body["totals"]["totalCostNanos"].get<int64_t>(),
            Sql("SELECT sum(cost_auto_nanos) FROM usage WHERE rc_day(ts_ms, 'UTC') BETWEEN '" +
                since + "' AND '" + until + "'"));

  // tz: days bucketed in the zone.
  Reply ny = Get("/api/v1/reports/daily?tz=America/New_York");
  ASSERT_EQ(ny.status, 200);
  EXPECT_EQ(ny.body["timezone"], "America/New_York");
  EXPECT_EQ(static_cast<int64_t>(ny.body["daily"].size()),
            Sql("SELECT count(DISTINCT rc_day(ts_ms, 'America/New_York')) FROM usage"));
  std::string first_ny = ny.body["daily"][0]["date"];
  EXPECT_EQ(ny.body["daily"][0]["totalCostNanos"].get<int64_t>(),
            Sql("SELECT sum(cost_auto_nanos) FROM usage WHERE rc_day(ts_ms, 'America/New_York') = ?1",
                first_ny));

  // agent: every call is Claude's here.
  Reply claude = Get("/api/v1/reports/daily?agent=claude");
  ASSERT_EQ(claude.status, 200);
  EXPECT_EQ(claude.body["totals"], all.body["totals"]);
  Reply codex = Get("/api/v1/reports/daily?agent=codex,gemini");
  ASSERT_EQ(codex.status, 200);
  EXPECT_TRUE(codex.body["daily"].empty());
  EXPECT_EQ(codex.body["totals"]["totalCostNanos"], 0);

  // project: case-insensitive substring of the project path.
  auto s = store::Store::Open(db_, store::Db::Mode::kReadOnly);
  store::Stmt st = s.value().db().MustPrepare("SELECT project FROM sessions ORDER BY project LIMIT 1");
  ASSERT_TRUE(st.Step());
  std::string project = st.Text(0);
  std::string tail = project.substr(project.find_last_of('/') + 1);
  std::string upper = tail;
  for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  Reply proj = Get("/api/v1/reports/daily?project=" + upper);
  ASSERT_EQ(proj.status, 200);
  EXPECT_EQ(proj.body["totals"]["totalCostNanos"].get<int64_t>(),
            Sql("SELECT sum(cost_auto_nanos) FROM usage WHERE instr(lower(project), lower(?1)) > 0", tail));
  EXPECT_LT(proj.body["totals"]["totalCostNanos"].get<int64_t>(),
            all.body["totals"]["totalCostNanos"].get<int64_t>());

  // mode and order.
  Reply calc = Get("/api/v1/reports/monthly?mode=calculate&order=desc");
  ASSERT_EQ(calc.status, 200);
  f = Utc();
  f.mode = reports::CostMode::kCalculate;
  f.descending = true;
  EXPECT_EQ(calc.body, Direct("monthly", f));
  EXPECT_EQ(calc.body["totals"]["totalCostNanos"].get<int64_t>(), Sql("SELECT sum(cost_calc_nanos) FROM usage"));
}

TEST_F(HttpTest, BadInputIsA400NamingTheValue) {
  Start(Options());
  struct Case {
    std::string path;
    int status;
    std::string error;
  };
  const std::vector<Case> cases = {
      {"/api/v1/reports/daily?since=2026-13-01", 400,
       "since '2026-13-01' is not a valid date; expected YYYY-MM-DD or YYYYMMDD, e.g. 2026-01-31"},
      {"/api/v1/reports/daily?until=tomorrow", 400,
       "until 'tomorrow' is not a valid date; expected YYYY-MM-DD or YYYYMMDD, e.g. 2026-01-31"},
      {"/api/v1/reports/daily?since=2026-02-10&until=20260201", 400, "since 2026-02-10 is after until 2026-02-01"},
      {"/api/v1/reports/daily?tz=Mars/Olympus", 400,
       "unknown time zone 'Mars/Olympus'; expected an IANA name such as UTC, Europe/Berlin or America/New_York"},
      {"/api/v1/reports/daily?agent=claude,copilot", 400,
       "agent 'copilot' is not a supported agent; expected one of: claude, codex, gemini, openclaw, pi, opencode"},
      {"/api/v1/reports/daily?mode=cheap", 400,
       "mode 'cheap' is not a cost mode; expected auto, calculate, display or compare"},
      {"/api/v1/reports/daily?order=up", 400, "order 'up' is not valid; expected asc or desc"},
      {"/api/v1/reports/weekly?startOfWeek=someday", 400,
       "startOfWeek 'someday' is not a weekday; expected e.g. monday or sunday"},
      {"/api/v1/reports/models?limit=5", 400,
       "unknown parameter 'limit' for report models; accepted: since, until, tz, agent, project, mode, order"},
      {"/api/v1/reports/prompts?limit=0", 400, "limit '0' is not valid; expected a whole number from 1 to 1000000"},
      {"/api/v1/reports/blocks?tokenLimit=lots", 400,
       "tokenLimit 'lots' is not valid; expected a positive number of tokens or max"},
      {"/api/v1/reports/daily?limit=5", 400,
       "unknown parameter 'limit' for report daily; accepted: since, until, tz, agent, project, mode, order, breakdown"},
      {"/api/v1/reports/daily?tz=UTC&tz=Europe/Berlin", 400, "parameter 'tz' is given more than once; pass it once"},
      {"/api/v1/reports/turns", 400, "turns needs a session id: pass id=<session id or unique prefix>"},
      {"/api/v1/reports/session?id=zzzz-nope", 404, "no session 'zzzz-nope' in the store (list them with `receipts session`)"},
      {"/api/v1/reports/nope", 404, "unknown report 'nope'; GET /api/v1/reports lists them"},
      {"/api/v1/nothing", 404, "no such endpoint: GET /api/v1/nothing"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.path);
    Reply r = Get(c.path);
    EXPECT_EQ(r.status, c.status);
    EXPECT_EQ(r.content_type, "application/json");
    EXPECT_EQ(r.body, json({{"error", c.error}}));
  }
}

TEST_F(HttpTest, SecurityHeadersAndThePlaceholderPage) {
  Start(Options());
  Reply page = Get("/");
  ASSERT_EQ(page.status, 200);
  EXPECT_EQ(page.content_type, "text/html; charset=utf-8");
  EXPECT_NE(page.body.get<std::string>().find("href=\"/api/v1/reports\""), std::string::npos);
  Reply api = Get("/api/v1/status");
  for (const Reply* r : {&page, &api}) {
    auto header = [&](const char* name) {
      auto it = r->headers.find(name);
      return it == r->headers.end() ? std::string() : it->second;
    };
    EXPECT_EQ(header("X-Content-Type-Options"), "nosniff");
    EXPECT_EQ(header("Content-Security-Policy"), "default-src 'self'");
    EXPECT_EQ(header("Access-Control-Allow-Origin"), "");
  }
  // Without a token, a foreign Host (DNS rebinding) is refused.
  Reply rebound = Get("/api/v1/status", {{"Host", "attacker.example:8787"}});
  EXPECT_EQ(rebound.status, 403);
  EXPECT_EQ(Get("/api/v1/status", {{"Host", "localhost:1"}}).status, 200);
}

TEST_F(HttpTest, TokenIsRequiredWhenSet) {
  http::ServerOptions o = Options();
  o.token = "s3cret-token";
  Start(o);
  const std::string want_error =
      "missing or wrong token: send the header 'Authorization: Bearer <token>' (the events stream "
      "also accepts ?token=)";
  for (const std::string path : {"/api/v1/status", "/api/v1/reports", "/api/v1/reports/daily", "/api/v1/events"}) {
    SCOPED_TRACE(path);
    Reply none = Get(path);
    EXPECT_EQ(none.status, 401);
    EXPECT_EQ(none.body, json({{"error", want_error}}));
    EXPECT_EQ(Get(path, {{"Authorization", "Bearer wrong"}}).status, 401);
    EXPECT_EQ(Get(path, {{"Authorization", "Bearer s3cret-token-and-more"}}).status, 401);
  }
  EXPECT_EQ(Get("/api/v1/status", {{"Authorization", "Bearer s3cret-token"}}).status, 200);
  Reply daily = Get("/api/v1/reports/daily", {{"Authorization", "Bearer s3cret-token"}});
  EXPECT_EQ(daily.status, 200);
  EXPECT_EQ(daily.body, Direct("daily", Utc()));
  // ?token= only for the events stream (EventSource cannot send headers).
  EXPECT_EQ(Get("/api/v1/status?token=s3cret-token").status, 401);
  httplib::Client c("127.0.0.1", server_->port());
  std::string got;
  auto r = c.Get("/api/v1/events?token=s3cret-token", [&](const char* data, size_t n) {
    got.append(data, n);
    return got.find("\n\n") == std::string::npos;  // stop after the first event
  });
  EXPECT_EQ(got.rfind("retry: 3000\nevent: status\n", 0), 0u) << got;
  // The page itself carries no data.
  EXPECT_EQ(Get("/").status, 200);
}

TEST_F(HttpTest, NonLoopbackBindNeedsAToken) {
  const std::string refused = "refusing to bind 0.0.0.0 without a token: pass --token or set RECEIPTS_TOKEN";
  Status s = http::CheckBindAllowed("0.0.0.0", "");
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.message(), refused);
  EXPECT_FALSE(http::CheckBindAllowed("192.168.1.20", "").ok());
  EXPECT_FALSE(http::CheckBindAllowed("::", "").ok());
  EXPECT_TRUE(http::CheckBindAllowed("0.0.0.0", "tok").ok());
  for (const char* host : {"127.0.0.1", "127.1.2.3", "localhost", "::1", "[::1]", "::ffff:127.0.0.1"}) {
    EXPECT_TRUE(http::IsLoopbackHost(host)) << host;
    EXPECT_TRUE(http::CheckBindAllowed(host, "").ok()) << host;
  }
  for (const char* host : {"0.0.0.0", "", "10.0.0.1", "example.com", "::", "128.0.0.1"}) {
    EXPECT_FALSE(http::IsLoopbackHost(host)) << host;
  }
  // Start() refuses before binding anything.
  http::ServerOptions o = Options();
  o.host = "0.0.0.0";
  http::Server server(o);
  Status started = server.Start();
  ASSERT_FALSE(started.ok());
  EXPECT_EQ(started.message(), refused);
}

TEST_F(HttpTest, StatusNumbers) {
  Start(Options());
  Reply r = Get("/api/v1/status");
  ASSERT_EQ(r.status, 200);
  const json& s = r.body;
  EXPECT_EQ(s["version"], "0.1.0");
  EXPECT_EQ(s["store"]["path"], db_);
  EXPECT_EQ(s["calls"].get<int64_t>(), static_cast<int64_t>(truth_.calls.size()));
  EXPECT_EQ(s["files"].get<int64_t>(), Sql("SELECT count(*) FROM files"));
  EXPECT_EQ(s["malformedLines"].get<int64_t>(), truth_.malformed_lines);
  EXPECT_EQ(s["sessions"].get<int64_t>(), Sql("SELECT count(*) FROM sessions"));
  EXPECT_EQ(s["lastScanMs"].get<int64_t>(), Sql("SELECT max(last_scan_ms) FROM files"));
  ASSERT_EQ(s["agents"].size(), 1u);
  EXPECT_EQ(s["agents"][0]["agent"], "claude");
  EXPECT_EQ(s["agents"][0]["files"], s["files"]);
  EXPECT_EQ(s["agents"][0]["malformedLines"].get<int64_t>(), truth_.malformed_lines);
  EXPECT_EQ(s["agents"][0]["calls"], s["calls"]);
  EXPECT_EQ(s["watcher"]["intervalMs"], 3000);
  EXPECT_EQ(s["watcher"]["lastError"], nullptr);
  EXPECT_TRUE(s["watcher"]["state"] == "idle" || s["watcher"]["state"] == "scanning");
  // The corpus ended in February 2026: nobody is active now.
  EXPECT_EQ(s["activeSessions"], json({{"windowMinutes", 30}, {"total", 0}, {"byAgent", json::object()}}));
}

// "Active now": sessions with a prompt in the 30 minutes up to the given instant, per agent.
TEST_F(HttpTest, ActiveSessionsAreThoseWithAPromptInTheLast30Minutes) {
  int64_t last = Sql("SELECT max(ts_ms) FROM prompts");
  ASSERT_GT(last, 0);
  auto s = store::Store::Open(db_, store::Db::Mode::kReadOnly);
  ASSERT_TRUE(s.ok());
  for (int64_t now : {last + 60'000, last + 29 * 60'000, last - 3 * 3'600'000}) {
    SCOPED_TRACE(now - last);
    int64_t want = Sql("SELECT count(DISTINCT session_ref) FROM prompts WHERE ts_ms >= " +
                       std::to_string(now - 30 * 60'000) + " AND ts_ms <= " + std::to_string(now));
    json active = json::parse(http::ActiveSessionsJson(s.value(), now).dump());
    EXPECT_EQ(active["windowMinutes"], 30);
    EXPECT_EQ(active["total"].get<int64_t>(), want);
    EXPECT_EQ(active["byAgent"].value("claude", int64_t{0}), want);
    if (now == last + 60'000) {
      EXPECT_GE(want, 1);
    }
  }
  // 31 minutes after the last prompt, nobody.
  EXPECT_EQ(json::parse(http::ActiveSessionsJson(s.value(), last + 31 * 60'000).dump())["total"], 0);
}

TEST_F(HttpTest, EventsPushAnUpdateAfterAnAppend) {
  http::ServerOptions o = Options();
  o.watch_interval_ms = 250;
  o.heartbeat_ms = 300;
  Start(o);
  {
    SseReader sse(server_->port(), "/api/v1/events");
    auto hello = sse.WaitFor("status", std::chrono::seconds(5));
    ASSERT_TRUE(hello);
    int64_t before = json::parse(hello->data)["calls"];
    EXPECT_EQ(before, static_cast<int64_t>(truth_.calls.size()));
    EXPECT_TRUE(sse.WaitHeartbeat(std::chrono::seconds(5)));

    auto added = demo::AppendToClaudeCorpus(root_, 20'000, 99, kEnd + 3'600'000);
    ASSERT_TRUE(added.ok()) << added.status().message();
    ASSERT_FALSE(added.value().calls.empty());
    auto update = sse.WaitFor("update", std::chrono::seconds(5));
    ASSERT_TRUE(update) << "no update event within 5 s";
    json status = json::parse(update->data);
    EXPECT_GT(status["calls"].get<int64_t>(), before);
    EXPECT_GE(status["watcher"]["updates"].get<int64_t>(), 1);
  }
  // Once the watcher settles, every appended call is in.
  int64_t want = static_cast<int64_t>(truth_.calls.size());
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  int64_t calls = 0;
  while (std::chrono::steady_clock::now() < deadline) {
    calls = Get("/api/v1/status").body["calls"];
    if (calls > want) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  EXPECT_EQ(calls, Sql("SELECT count(*) FROM calls"));
  EXPECT_GT(calls, want);
}

// A report that runs past the server's time limit is stopped with a clear 503; the reader
// connection it ran on serves the next request as usual.
TEST_F(HttpTest, ASlowReportIsStoppedWithAClearError) {
  // ~4 MB more: tens of thousands of rows, so that the prompts report runs for many ms even on a
  // fast machine (the limit is checked every few thousand SQLite steps).
  auto added = demo::AppendToClaudeCorpus(root_, 4'000'000, 21, kEnd + 3'600'000);
  ASSERT_TRUE(added.ok()) << added.status().message();
  {
    store::Store s = OpenStore(db_);
    IngestOrDie(s, Env());
  }
  http::ServerOptions o = Options();
  o.watch = false;
  o.cache_bytes = 0;
  o.threads = 4;
  o.query_timeout_ms = 1;
  Start(o);
  Reply r = Get("/api/v1/reports/prompts?limit=1000000");
  EXPECT_EQ(r.status, 503);
  EXPECT_EQ(r.body["error"],
            "the report 'prompts' took longer than 1 ms and was stopped; narrow it (since, until, "
            "project, session) or run `receipts prompts` in a terminal");
  // The same reader connection (requests come one at a time) answers a cheap report, which
  // finishes before its first check.
  for (int i = 0; i < 3; ++i) {
    Reply ok = Get("/api/v1/reports/errors");
    ASSERT_EQ(ok.status, 200) << ok.body.dump();
    EXPECT_EQ(ok.body, Direct("errors", Utc()));
  }
}

TEST_F(HttpTest, StopEndsOpenStreams) {
  Start(Options());
  auto sse = std::make_unique<SseReader>(server_->port(), "/api/v1/events");
  ASSERT_TRUE(sse->WaitFor("status", std::chrono::seconds(5)));
  server_->Stop();  // must not hang on the open stream
  sse.reset();
  server_.reset();
}

TEST_F(HttpTest, ConcurrentClientsWhileTheWatcherIngests) {
  http::ServerOptions o = Options();
  o.watch_interval_ms = 50;
  Start(o);
  std::atomic<bool> writing{true};
  std::thread writer([&] {
    for (uint64_t i = 0; i < 5 && writing; ++i) {
      auto r = demo::AppendToClaudeCorpus(root_, 30'000, 100 + i, kEnd + int64_t(i + 1) * 3'600'000);
      EXPECT_TRUE(r.ok()) << r.status().message();
      std::this_thread::sleep_for(std::chrono::milliseconds(60));
    }
  });
  const std::vector<std::string> paths = {
      "/api/v1/reports/daily", "/api/v1/status", "/api/v1/reports/session?order=desc",
      "/api/v1/reports/models", "/api/v1/reports/prompts?limit=5", "/api/v1/reports",
      "/api/v1/reports/weekly?tz=Europe/Berlin", "/api/v1/reports/blocks"};
  std::atomic<int> ok{0}, failed{0};
  std::vector<std::thread> clients;
  for (int t = 0; t < 16; ++t) {
    clients.emplace_back([&, t] {
      httplib::Client c("127.0.0.1", server_->port());
      c.set_read_timeout(30);
      for (int i = 0; i < 20; ++i) {
        auto r = c.Get(paths[(t + i) % paths.size()]);
        if (r && r->status == 200 && !json::parse(r->body).is_discarded()) {
          ok++;
        } else {
          failed++;
        }
      }
    });
  }
  for (auto& c : clients) c.join();
  writing = false;
  writer.join();
  EXPECT_EQ(ok.load(), 16 * 20);
  EXPECT_EQ(failed.load(), 0);
  EXPECT_EQ(server_->watcher_state().last_error, "");
}

}  // namespace
}  // namespace receipts::testing
