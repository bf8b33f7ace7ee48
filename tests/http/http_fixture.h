// The HTTP tests' fixture: a generated Claude Code corpus (seed 7, 400 KB, ten days ending
// 2026-02-15T12:00Z) ingested into a temp store, the real server on an ephemeral loopback port,
// and helpers to GET, to run the same report directly and to ask the store with SQL.
// HOME is the temp dir: nothing reads the real home directory.
#pragma once

#include <httplib.h>
#include <nlohmann/json.hpp>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "core/time.h"
#include "demo/generator.h"
#include "http/server.h"
#include "reports/catalog.h"
#include "support/claude_corpus.h"
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
    truth_ = GenerateClaudeOrFail(root_, 7, 400'000, kEnd, 10);
    ASSERT_FALSE(truth_.calls.empty());
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

// A Server-Sent Events client on its own thread: collects named events and heartbeats.
class SseReader {
 public:
  struct Event {
    std::string name, data;
  };
  SseReader(int port, std::string path) {
    thread_ = std::thread([this, port, path] {
      httplib::Client c("127.0.0.1", port);
      c.set_read_timeout(30);
      c.Get(path, [this](const char* data, size_t n) {
        std::lock_guard<std::mutex> lock(mu_);
        buffer_.append(data, n);
        size_t end;
        while ((end = buffer_.find("\n\n")) != std::string::npos) {
          std::string block = buffer_.substr(0, end);
          buffer_.erase(0, end + 2);
          Event e;
          size_t pos = 0;
          while (pos < block.size()) {
            size_t nl = block.find('\n', pos);
            std::string line = block.substr(pos, nl == std::string::npos ? std::string::npos : nl - pos);
            pos = nl == std::string::npos ? block.size() : nl + 1;
            if (line.rfind("event: ", 0) == 0) e.name = line.substr(7);
            if (line.rfind("data: ", 0) == 0) e.data = line.substr(6);
            if (line.rfind(":", 0) == 0) heartbeats_++;
          }
          if (!e.name.empty()) events_.push_back(e);
        }
        cv_.notify_all();
        return !done_;
      });
    });
  }
  ~SseReader() {
    done_ = true;
    thread_.join();
  }
  // The first event named `name` after index `from`, waiting up to `timeout`.
  std::optional<Event> WaitFor(const std::string& name, std::chrono::milliseconds timeout, size_t from = 0) {
    std::unique_lock<std::mutex> lock(mu_);
    std::optional<Event> found;
    cv_.wait_for(lock, timeout, [&] {
      for (size_t i = from; i < events_.size(); ++i) {
        if (events_[i].name == name) {
          found = events_[i];
          return true;
        }
      }
      return false;
    });
    return found;
  }
  bool WaitHeartbeat(std::chrono::milliseconds timeout) {
    std::unique_lock<std::mutex> lock(mu_);
    return cv_.wait_for(lock, timeout, [&] { return heartbeats_ > 0; });
  }

 private:
  std::thread thread_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::string buffer_;
  std::vector<Event> events_;
  int heartbeats_ = 0;
  std::atomic<bool> done_{false};
};

}  // namespace receipts::testing
