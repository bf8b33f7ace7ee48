// The HTTP tests' fixture: a generated Claude Code corpus (seed 7, 400 KB, ten days ending
// 2026-02-15T12:00Z) ingested into a temp store, the real server on an ephemeral loopback port,
// and helpers to GET, to run the same report directly and to ask the store with SQL.
// HOME is the temp dir: nothing reads the real home directory.
#pragma once

#include <httplib.h>
#include <nlohmann/json.hpp>

#include <memory>
#include <string>

#include "core/time.h"
#include "demo/generator.h"
#include "http/server.h"
#include "reports/catalog.h"
#include "support/test_support.h"

namespace receipts::testing {

using nlohmann::json;

const int64_t kEnd = *parse_iso8601_ms("2026-02-15T12:00:00Z");

struct Reply {
  int status = 0;
  std::string content_type;
  json body;
  httplib::Headers headers;
};

class HttpTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = tmp_.str() + "/claude";
    db_ = tmp_.str() + "/r.db";
    demo::GeneratorOptions o;
    o.root = root_;
    o.seed = 7;
    o.target_bytes = 400'000;
    o.end_ms = kEnd;
    o.days = 10;
    auto truth = demo::GenerateClaudeCorpus(o);
    ASSERT_TRUE(truth.ok()) << truth.status().message();
    truth_ = truth.value();
    store::Store s = OpenStore(db_);
    IngestOrDie(s, Env());
  }
  void TearDown() override {
    if (server_) server_->Stop();
  }

  sources::Environment Env() const { return EnvWithClaude(root_, tmp_.str()); }

  http::ServerOptions Options() const {
    http::ServerOptions o;
    o.host = "127.0.0.1";
    o.port = 0;
    o.db_path = db_;
    o.defaults.zone = "UTC";
    o.watch_interval_ms = 3000;
    o.ingest.env = Env();
    o.threads = 32;
    return o;
  }

  void Start(http::ServerOptions o) {
    server_ = std::make_unique<http::Server>(std::move(o));
    Status s = server_->Start();
    ASSERT_TRUE(s.ok()) << s.message();
    ASSERT_GT(server_->port(), 0);
  }

  Reply Get(const std::string& path, const httplib::Headers& headers = {}) {
    httplib::Client c("127.0.0.1", server_->port());
    c.set_read_timeout(20);
    auto r = c.Get(path, headers);
    Reply out;
    if (!r) {
      ADD_FAILURE() << "GET " << path << " failed: " << httplib::to_string(r.error());
      return out;
    }
    out.status = r->status;
    out.content_type = r->get_header_value("Content-Type");
    out.headers = r->headers;
    if (out.content_type == "application/json") out.body = json::parse(r->body);
    else out.body = r->body;
    return out;
  }

  // What the CLI layer produces for the same report (RunReportJson on its own connection).
  json Direct(const std::string& name, const reports::Filters& f, const reports::ReportParams& p = {}) {
    auto s = store::Store::Open(db_, store::Db::Mode::kReadOnly);
    EXPECT_TRUE(s.ok());
    auto j = reports::RunReportJson(s.value(), name, f, p);
    EXPECT_TRUE(j.ok()) << name << ": " << j.status().message();
    return j.ok() ? json::parse(j.value().dump()) : json();
  }

  int64_t Sql(const std::string& sql, const std::string& bind = "") {
    auto s = store::Store::Open(db_, store::Db::Mode::kReadOnly);
    store::Stmt st = s.value().db().MustPrepare(sql);
    if (!bind.empty()) st.Bind(1, bind);
    return st.Step() ? st.Int(0) : -1;
  }

  static reports::Filters Utc() {
    reports::Filters f;
    f.zone = "UTC";
    return f;
  }

  TempDir tmp_;
  std::string root_, db_;
  demo::Truth truth_;
  std::unique_ptr<http::Server> server_;
};

}  // namespace receipts::testing
