// See server.h. Routes:
//   GET /, /<page>…              the dashboard (web/, compiled in); deep links get index.html
//   GET /api/v1/reports          the catalog
//   GET /api/v1/reports/<name>   one report, exactly the CLI's --json
//   GET /api/v1/status           store, freshness, per-agent counts, where logs are looked for
//   GET /api/v1/pricing          the effective price table (= receipts pricing list --json)
//   GET /api/v1/events           Server-Sent Events: `status` on connect, `update` on new data,
//                                a comment heartbeat every heartbeat_ms
#include "http/server.h"

#include <arpa/inet.h>
#include <httplib.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include "core/time.h"
#include "http/assets.h"
#include "http/cache.h"
#include "http/listen_backlog.h"
#include "http/status.h"
#include "reports/catalog.h"
#include "reports/price_table.h"

namespace receipts::http {
namespace {

using nlohmann::ordered_json;

std::string Dump(const ordered_json& j) {
  // Prompt text is stored as logged; never let one bad byte turn a report into a 500.
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

void SendJson(httplib::Response& res, int status, const std::string& body) {
  res.status = status;
  if (status >= 400) {  // small; the error handler recognises a response by its body
    res.set_content(body, "application/json");
    return;
  }
  // A content provider of known length rather than set_content, so that httplib does not
  // brotli-compress every report per request (72 ms instead of 7 ms for a 19 KB report; the
  // server only talks to loopback or a trusted network).
  auto shared = std::make_shared<std::string>(body);
  res.set_content_provider(shared->size(), "application/json",
                           [shared](size_t offset, size_t length, httplib::DataSink& sink) {
                             return sink.write(shared->data() + offset, length);
                           });
}

std::string ErrorBody(const std::string& message) {
  ordered_json j;
  j["error"] = message;
  return Dump(j);
}

void SendError(httplib::Response& res, int status, const std::string& message) {
  SendJson(res, status, ErrorBody(message));
}

bool ConstantTimeEquals(const std::string& a, const std::string& b) {
  unsigned char diff = a.size() == b.size() ? 0 : 1;
  for (size_t i = 0; i < a.size(); ++i) {
    diff |= static_cast<unsigned char>(a[i] ^ (i < b.size() ? b[i] : 0));
  }
  return diff == 0;
}

// The host name of a Host header ("127.0.0.1:8787", "[::1]:8787", "localhost").
std::string HostName(const std::string& header) {
  if (!header.empty() && header[0] == '[') {
    size_t end = header.find(']');
    return header.substr(1, end == std::string::npos ? std::string::npos : end - 1);
  }
  return header.substr(0, header.find(':'));
}

// Read-only store connections, one per concurrent request, reused.
class ReaderPool {
 public:
  explicit ReaderPool(std::string path) : path_(std::move(path)) {}

  class Lease {
   public:
    Lease(ReaderPool* pool, std::unique_ptr<store::Store> s) : pool_(pool), store_(std::move(s)) {}
    Lease(Lease&& o) noexcept = default;
    Lease& operator=(Lease&&) = delete;
    ~Lease() {
      if (store_) pool_->Release(std::move(store_));
    }
    store::Store& operator*() { return *store_; }

   private:
    ReaderPool* pool_;
    std::unique_ptr<store::Store> store_;
  };

  Result<Lease> Acquire() {
    {
      std::lock_guard<std::mutex> lock(mu_);
      if (!free_.empty()) {
        auto s = std::move(free_.back());
        free_.pop_back();
        return Lease(this, std::move(s));
      }
    }
    auto s = store::Store::Open(path_, store::Db::Mode::kReadOnly);
    if (!s.ok()) return s.status();
    auto owned = std::make_unique<store::Store>(std::move(s).value());
    owned->db().Exec("PRAGMA query_only = 1; PRAGMA cache_size = -16384;");
    return Lease(this, std::move(owned));
  }

 private:
  void Release(std::unique_ptr<store::Store> s) {
    std::lock_guard<std::mutex> lock(mu_);
    free_.push_back(std::move(s));
  }

  std::string path_;
  std::mutex mu_;
  std::vector<std::unique_ptr<store::Store>> free_;
};

// The latest published status and its generation, for SSE streams to wait on.
class Broadcaster {
 public:
  void Publish(std::string json) {
    {
      std::lock_guard<std::mutex> lock(mu_);
      ++generation_;
      json_ = std::move(json);
    }
    cv_.notify_all();
  }
  void Close() {
    {
      std::lock_guard<std::mutex> lock(mu_);
      closed_ = true;
    }
    cv_.notify_all();
  }
  int64_t generation() {
    std::lock_guard<std::mutex> lock(mu_);
    return generation_;
  }
  struct Next {
    bool closed = false;
    bool newer = false;
    int64_t generation = 0;
    std::string json;
  };
  Next WaitNewer(int64_t seen, std::chrono::milliseconds timeout) {
    std::unique_lock<std::mutex> lock(mu_);
    cv_.wait_for(lock, timeout, [&] { return closed_ || generation_ > seen; });
    Next n;
    n.closed = closed_;
    n.newer = generation_ > seen;
    n.generation = generation_;
    if (n.newer) n.json = json_;
    return n;
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  int64_t generation_ = 0;
  std::string json_;
  bool closed_ = false;
};

std::string SseEvent(const char* name, int64_t id, const std::string& data) {
  return "event: " + std::string(name) + "\nid: " + std::to_string(id) + "\ndata: " + data + "\n\n";
}

}  // namespace

bool IsLoopbackHost(const std::string& raw) {
  std::string host = raw;
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  std::string lower = host;
  std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
  if (lower == "localhost" || lower == "localhost.") return true;
  in_addr v4{};
  if (inet_pton(AF_INET, host.c_str(), &v4) == 1) return (ntohl(v4.s_addr) >> 24) == 127;
  in6_addr v6{};
  if (inet_pton(AF_INET6, host.c_str(), &v6) == 1) {
    if (IN6_IS_ADDR_LOOPBACK(&v6)) return true;
    return IN6_IS_ADDR_V4MAPPED(&v6) && v6.s6_addr[12] == 127;
  }
  return false;
}

Status CheckBindAllowed(const std::string& host, const std::string& token) {
  if (IsLoopbackHost(host) || !token.empty()) return Status::Ok();
  return Status::Error("refusing to bind " + (host.empty() ? std::string("''") : host) +
                       " without a token: pass --token or set RECEIPTS_TOKEN");
}

struct Server::Impl {
  explicit Impl(ServerOptions o) : options(std::move(o)), readers(options.db_path) {}

  ServerOptions options;
  httplib::Server svr;
  ReaderPool readers;
  Broadcaster broadcaster;
  std::unique_ptr<Watcher> watcher;
  std::string catalog_json;
  // GET /api/v1/pricing: the watcher's current book (the start-time one without a watcher),
  // rendered once per book.
  std::string PricingJson() {
    std::shared_ptr<const pricing::PriceBook> book = watcher ? watcher->prices() : nullptr;
    std::lock_guard<std::mutex> lock(pricing_mu);
    if (book && book != pricing_for) {
      pricing_json = Dump(reports::PriceTableJson(*book, options.config_path));
      pricing_for = std::move(book);
    }
    return pricing_json;
  }
  std::mutex pricing_mu;
  std::string pricing_json;
  std::shared_ptr<const pricing::PriceBook> pricing_for;
  std::unique_ptr<ResponseCache> cache;
  std::thread listener;
  std::atomic<bool> listen_returned{false};
  int port = 0;

  std::mutex life_mu;
  std::condition_variable life_cv;
  bool started = false;
  bool stopped = false;

  // The sessions active now: they depend on the clock as well as the store, so they are kept
  // for a few seconds rather than by data version (a scan of the prompts per status request
  // would be most of its cost).
  ordered_json ActiveNow() {
    constexpr int64_t kKeepMs = 5000;
    int64_t now = now_utc_ms();
    std::lock_guard<std::mutex> lock(active_mu);
    if (active_at_ms < 0 || now - active_at_ms >= kKeepMs || now < active_at_ms) {
      auto lease = readers.Acquire();
      if (!lease.ok()) return nullptr;
      active = ActiveSessionsJson(*lease.value(), now);
      active_at_ms = now;
    }
    return active;
  }
  std::mutex active_mu;
  int64_t active_at_ms = -1;
  ordered_json active;

  WatcherState Watching() const {
    return watcher ? watcher->state() : WatcherState{};
  }
  StatusSources Sources() const {
    return {options.ingest.agents, options.ingest.env, options.demo_dir};
  }

  bool Authorized(const httplib::Request& req) const {
    const std::string& token = options.token;
    std::string auth = req.get_header_value("Authorization");
    const std::string prefix = "Bearer ";
    if (auth.size() > prefix.size() && auth.compare(0, prefix.size(), prefix) == 0 &&
        ConstantTimeEquals(auth.substr(prefix.size()), token)) {
      return true;
    }
    // EventSource cannot send headers: the events stream alone accepts ?token=.
    return req.path == "/api/v1/events" && req.has_param("token") &&
           ConstantTimeEquals(req.get_param_value("token"), token);
  }

  // Without a token the server trusts loopback clients; the Host check keeps a web page from
  // another origin from reaching it through DNS rebinding.
  bool HostAllowed(const httplib::Request& req) const {
    if (!req.has_header("Host")) return true;
    std::string name = HostName(req.get_header_value("Host"));
    return IsLoopbackHost(name) || name == options.host;
  }

  void Routes() {
    svr.set_pre_routing_handler([this](const httplib::Request& req, httplib::Response& res) {
      bool api = req.path.rfind("/api/", 0) == 0;
      if (!options.token.empty()) {
        if (api && !Authorized(req)) {
          res.set_header("WWW-Authenticate", "Bearer");
          SendError(res, 401, "missing or wrong token: send the header 'Authorization: Bearer "
                              "<token>' (the events stream also accepts ?token=)");
          return httplib::Server::HandlerResponse::Handled;
        }
      } else if (!HostAllowed(req)) {
        SendError(res, 403, "host '" + req.get_header_value("Host") +
                                "' is not allowed: open the dashboard at 127.0.0.1 or localhost");
        return httplib::Server::HandlerResponse::Handled;
      }
      return httplib::Server::HandlerResponse::Unhandled;
    });

    svr.Get("/api/v1/reports", [this](const httplib::Request&, httplib::Response& res) {
      SendJson(res, 200, catalog_json);
    });

    svr.Get(R"(/api/v1/reports/([^/]+))", [this](const httplib::Request& req, httplib::Response& res) {
      std::string name = req.matches[1];
      const reports::ReportDef* def = reports::FindReport(name);
      if (!def) {
        return SendError(res, 404, "unknown report '" + name + "'; GET /api/v1/reports lists them");
      }
      auto parsed = reports::ParseReportQuery(*def, req.params, options.defaults);
      if (!parsed.ok()) return SendError(res, 400, parsed.status().message());
      // Self-contained: the cache keeps it to recompute the key after the watcher's ingests.
      auto compute = [this, name, query = std::move(parsed).value()]() -> CachedResponse {
        auto lease = readers.Acquire();
        if (!lease.ok()) return {503, ErrorBody("cannot open the store: " + lease.status().message())};
        std::optional<store::QueryDeadline> deadline;
        if (options.query_timeout_ms > 0) {
          deadline.emplace((*lease.value()).db(), std::chrono::milliseconds(options.query_timeout_ms));
        }
        auto json = reports::RunReportJson(*lease.value(), name, query.filters, query.params);
        if (deadline && deadline->expired()) {
          const int64_t ms = options.query_timeout_ms;
          return {503, ErrorBody("the report '" + name + "' took longer than " +
                                 (ms % 1000 ? std::to_string(ms) + " ms" : std::to_string(ms / 1000) + " s") +
                                 " and was stopped; narrow it (since, until, project, session) or "
                                 "run `receipts " + name + "` in a terminal")};
        }
        if (!json.ok()) {
          std::string msg = json.status().message();
          int code = msg.find("query failed") != std::string::npos ? 500
                     : msg.rfind("no session", 0) == 0         ? 404
                                                                : 400;
          return {code, ErrorBody(msg)};
        }
        return {200, Dump(json.value())};
      };
      // A report is a function of its query and the store's contents, except blocks (the
      // active block depends on the clock): served from memory until the store changes.
      std::optional<int64_t> version = cache && name != "blocks" ? cache->Version() : std::nullopt;
      if (!version) {
        res.set_header("X-Receipts-Cache", "off");
        CachedResponse r = compute();
        return SendJson(res, r.status, r.body);
      }
      std::string key = name + "?";
      for (const auto& [k, v] : req.params) key += k + "=" + v + "&";  // a multimap: sorted
      ResponseCache::Served served = ResponseCache::Served::kMiss;
      auto r = cache->Get(key, *version, compute, &served);
      res.set_header("X-Receipts-Cache", served == ResponseCache::Served::kHit     ? "hit"
                                         : served == ResponseCache::Served::kStale ? "stale"
                                                                                   : "miss");
      SendJson(res, r->status, r->body);
    });

    svr.Get("/api/v1/pricing", [this](const httplib::Request&, httplib::Response& res) {
      SendJson(res, 200, PricingJson());
    });

    svr.Get("/api/v1/status", [this](const httplib::Request&, httplib::Response& res) {
      // The store's part (full scans of calls and files) is cached by data version like a
      // report; the watcher's state and the roots are read fresh.
      auto compute = [this]() -> CachedResponse {
        auto lease = readers.Acquire();
        if (!lease.ok()) return {503, ErrorBody("cannot open the store: " + lease.status().message())};
        return {200, Dump(StoreStatusJson(*lease.value()))};
      };
      std::optional<int64_t> version = cache ? cache->Version() : std::nullopt;
      auto part = version ? cache->Get("status", *version, compute)
                          : std::make_shared<const CachedResponse>(compute());
      if (part->status != 200) return SendJson(res, part->status, part->body);
      SendJson(res, 200, Dump(StatusJson(ordered_json::parse(part->body), ActiveNow(), Watching(), Sources())));
    });

    svr.Get("/api/v1/events", [this](const httplib::Request&, httplib::Response& res) {
      res.set_header("Cache-Control", "no-cache");
      res.set_header("X-Accel-Buffering", "no");
      auto seen = std::make_shared<int64_t>(-1);
      res.set_chunked_content_provider(
          "text/event-stream", [this, seen](size_t, httplib::DataSink& sink) {
            std::string chunk;
            if (*seen < 0) {
              // Generation first, then the status: an update racing with the connect is sent
              // again rather than lost.
              *seen = broadcaster.generation();
              auto lease = readers.Acquire();
              std::string status = lease.ok() ? Dump(StatusJson(*lease.value(), Watching(), Sources())) : "{}";
              chunk = "retry: 3000\n" + SseEvent("status", *seen, status);
            } else {
              auto next = broadcaster.WaitNewer(*seen, std::chrono::milliseconds(options.heartbeat_ms));
              if (next.closed) {
                sink.done();
                return true;
              }
              if (next.newer) {
                chunk = SseEvent("update", next.generation, next.json);
                *seen = next.generation;
              } else {
                chunk = ": heartbeat\n\n";
              }
            }
            return sink.write(chunk.data(), chunk.size());
          });
    });

    // The dashboard: embedded files, and index.html for the app's own deep links
    // (/sessions/<id>); registered after the API, which it never answers for.
    svr.Get(R"(/.*)", [](const httplib::Request& req, httplib::Response& res) {
      const Asset* asset = FindAsset(req.path);
      if (!asset) {
        res.status = 404;
        return;
      }
      bool html = asset->content_type.rfind("text/html", 0) == 0;
      res.set_header("Cache-Control", html ? "no-cache" : "public, max-age=300");
      // A content provider of known length, not set_content: httplib then sends the embedded
      // bytes as they are instead of brotli-compressing them per request (3 s for ECharts'
      // 1.1 MB at brotli's default quality; loopback needs no compression).
      std::string_view body = asset->body;
      res.set_content_provider(body.size(), std::string(asset->content_type),
                               [body](size_t offset, size_t length, httplib::DataSink& sink) {
                                 return sink.write(body.data() + offset, length);
                               });
    });

    svr.set_error_handler(httplib::Server::HandlerWithResponse(
        [](const httplib::Request& req, httplib::Response& res) {
      if (!res.body.empty()) return httplib::Server::HandlerResponse::Unhandled;
      if (req.path.rfind("/api/", 0) == 0) {
        SendError(res, res.status, res.status == 404 ? "no such endpoint: " + req.method + " " + req.path
                                                     : "bad request");
      } else {
        res.set_content(res.status == 404 ? "not found\n" : "bad request\n", "text/plain; charset=utf-8");
      }
      return httplib::Server::HandlerResponse::Handled;
    }));

    svr.set_exception_handler([](const httplib::Request&, httplib::Response& res, std::exception_ptr ep) {
      std::string what = "unknown error";
      try {
        if (ep) std::rethrow_exception(ep);
      } catch (const std::exception& e) {
        what = e.what();
      } catch (...) {
      }
      SendError(res, 500, "internal error: " + what);
    });
  }
};

Server::Server(ServerOptions options) : impl_(std::make_unique<Impl>(std::move(options))) {}

Server::~Server() { Stop(); }

Status Server::Start() {
  Impl& m = *impl_;
  const ServerOptions& o = m.options;
  if (Status s = CheckBindAllowed(o.host, o.token); !s.ok()) return s;
  if (o.db_path.empty()) return Status::Error("no store path given");
  m.catalog_json = Dump(reports::CatalogJson());
  m.pricing_json = Dump(reports::PriceTableJson(o.prices, o.config_path));
  if (o.cache_bytes > 0) m.cache = std::make_unique<ResponseCache>(o.db_path, o.cache_bytes);

  int threads = std::max(4, o.threads);
  m.svr.new_task_queue = [threads] { return new httplib::ThreadPool(static_cast<size_t>(threads)); };
  m.svr.set_default_headers({
      {"X-Content-Type-Options", "nosniff"},
      {"Content-Security-Policy", "default-src 'self'"},
      {"Referrer-Policy", "no-referrer"},
      {"X-Frame-Options", "DENY"},
  });
  // Without TCP_NODELAY a response written as headers then body waits ~40 ms for the client's
  // delayed ACK of the first segment (Nagle), on every keep-alive request.
  m.svr.set_tcp_nodelay(true);
  m.svr.set_read_timeout(10);
  m.svr.set_write_timeout(10);
  m.svr.set_keep_alive_timeout(2);
  m.svr.set_keep_alive_max_count(1000000);
  m.svr.set_payload_max_length(64 * 1024);
  m.Routes();

  if (o.watch) {
    m.watcher = std::make_unique<Watcher>(
        o.db_path, ingest::LiveConfig(o.config_path, o.prices, o.settings, o.ingest, o.no_text),
        o.watch_interval_ms,
        [&m](store::Store& store, const ingest::IngestStats&) {
          // Fresh results in memory first, then the pages are told (they refetch at once).
          if (m.cache) {
            if (auto v = m.cache->Version()) m.cache->Refresh(*v);
          }
          m.broadcaster.Publish(Dump(StatusJson(store, m.watcher->state(), m.Sources())));
        },
        [&m](bool starting) {
          if (m.cache) m.cache->HoldStale(starting);
        });
    if (Status s = m.watcher->Start(); !s.ok()) return s;
  }

  std::string where = o.host + ":" + std::to_string(o.port);
  if (o.port == 0) {
    m.port = m.svr.bind_to_any_port(o.host);
    if (m.port <= 0) m.port = 0;
  } else if (m.svr.bind_to_port(o.host, o.port)) {
    m.port = o.port;
  }
  if (m.port == 0) {
    if (m.watcher) m.watcher->Stop();
    return Status::Error("cannot listen on " + where +
                         ": the port is in use or the address is not available here; pick "
                         "another with --port (0 = any free port) or --host");
  }
  WidenListenBacklog(m.port);
  m.listener = std::thread([&m] {
    m.svr.listen_after_bind();
    m.listen_returned = true;
  });
  // stop() only works once the listen loop runs.
  while (!m.svr.is_running() && !m.listen_returned) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  std::lock_guard<std::mutex> lock(m.life_mu);
  m.started = true;
  return Status::Ok();
}

void Server::Stop() {
  Impl& m = *impl_;
  {
    std::lock_guard<std::mutex> lock(m.life_mu);
    if (!m.started || m.stopped) return;
    m.stopped = true;
  }
  m.broadcaster.Close();
  m.svr.stop();
  if (m.listener.joinable()) m.listener.join();
  if (m.watcher) m.watcher->Stop();
  {
    std::lock_guard<std::mutex> lock(m.life_mu);
    m.started = false;
  }
  m.life_cv.notify_all();
}

void Server::Wait() {
  std::unique_lock<std::mutex> lock(impl_->life_mu);
  impl_->life_cv.wait(lock, [&] { return !impl_->started; });
}

int Server::port() const { return impl_->port; }

std::string Server::url() const {
  std::string host = impl_->options.host;
  if (host.find(':') != std::string::npos && host.front() != '[') host = "[" + host + "]";
  return "http://" + host + ":" + std::to_string(impl_->port) + "/";
}

WatcherState Server::watcher_state() const { return impl_->Watching(); }

void Server::PokeWatcher() {
  if (impl_->watcher) impl_->watcher->Poke();
}

}  // namespace receipts::http
