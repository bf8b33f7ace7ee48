// The HTTP surface (DESIGN.md §2, §5): a cpp-httplib server exposing the report catalog as a
// JSON API, the status, Server-Sent Events when the watcher ingested new data, and the static
// pages compiled into the binary. Loopback only unless a token is set; with a token every API
// request must carry it. Request handlers read through a pool of read-only Store connections
// (SQLite WAL: readers never block the watcher's writes). Start/Stop/Wait are for the owning
// thread; the server's own threads do the rest.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "core/status.h"
#include "http/watcher.h"
#include "ingest/ingest.h"
#include "ingest/live_config.h"
#include "pricing/pricing.h"
#include "reports/report.h"

namespace receipts::http {

struct ServerOptions {
  std::string host = "127.0.0.1";
  int port = 8787;                 // 0 = an ephemeral port (see Server::port())
  std::string token;               // "" = no token (loopback hosts only)
  std::string db_path;             // the store; must exist (serve ingests once before starting)
  reports::Filters defaults;       // the zone and agents a query does not set
  bool watch = true;               // run the background watcher
  int64_t watch_interval_ms = 3000;
  ingest::IngestOptions ingest;    // what the watcher ingests (progress is forced off)
  // The config file as read at start: `prices`, `settings` (applied in `ingest`) and whether
  // --no-text was given. The watcher reads `config_path` again when it changes.
  pricing::PriceBook prices = pricing::PriceBook::Bundled();
  ingest::ConfigSettings settings;
  bool no_text = false;
  int64_t heartbeat_ms = 15000;    // SSE comment heartbeat
  int threads = 64;                // worker threads (each open SSE stream holds one)
  std::string demo_dir;            // serving the generated demo history in this dir ("" = no)
  std::string config_path;         // "" = no config file: prices and settings are fixed
  size_t cache_bytes = 64 << 20;   // report responses kept in memory until the store changes (0 = off)
  // A report's queries are stopped after this long (503, saying so): one slow query must not
  // hold a worker thread and a read snapshot for minutes. 0 = no limit.
  int64_t query_timeout_ms = 30000;
};

// True for 127.0.0.0/8, ::1 and "localhost".
bool IsLoopbackHost(const std::string& host);
// Refuses a non-loopback host without a token, with the one line `serve` prints.
Status CheckBindAllowed(const std::string& host, const std::string& token);

class Server {
 public:
  explicit Server(ServerOptions options);
  ~Server();  // Stop()s
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Checks the bind, binds (the port is known on return), starts the watcher and the listener.
  Status Start();
  // Ends SSE streams, stops listening and the watcher, and joins every thread. Idempotent;
  // safe from any thread except the server's own.
  void Stop();
  // Blocks until Stop() has finished.
  void Wait();

  int port() const;
  std::string url() const;        // "http://127.0.0.1:PORT/"
  WatcherState watcher_state() const;
  void PokeWatcher();             // scan now (tests, and after an explicit refresh)

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace receipts::http
