// See serve.h. Signals: SIGINT/SIGTERM are blocked before the server's threads start (they
// inherit the mask) and taken with sigwait on this thread, which then stops the server cleanly.
#include "cli/serve.h"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <thread>

#include "cli/commands.h"
#include "cli/demo.h"
#include "http/server.h"

extern char** environ;

namespace receipts::cli {
namespace {

bool OnPath(const std::string& program, const sources::Environment& env) {
  std::string path = env.get("PATH").value_or("/usr/local/bin:/usr/bin:/bin");
  size_t start = 0;
  while (start <= path.size()) {
    size_t colon = path.find(':', start);
    std::string dir = path.substr(start, colon == std::string::npos ? std::string::npos : colon - start);
    if (!dir.empty() && ::access((dir + "/" + program).c_str(), X_OK) == 0) return true;
    if (colon == std::string::npos) break;
    start = colon + 1;
  }
  return false;
}

// Opens `url` with xdg-open when there is a display to open it on; otherwise (a headless
// machine, an SSH session) says so and leaves the printed URL to the user. Never fails.
void OpenBrowser(const std::string& url, const sources::Environment& env) {
  bool display = env.get("DISPLAY").value_or("") != "" || env.get("WAYLAND_DISPLAY").value_or("") != "";
  if (!display || !OnPath("xdg-open", env)) {
    std::fprintf(stderr, "receipts: --open: %s; open %s in a browser\n",
                 display ? "xdg-open is not installed" : "no display to open a browser on",
                 url.c_str());
    return;
  }
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, "/dev/null", O_WRONLY, 0);
  std::string prog = "xdg-open";
  char* argv[] = {prog.data(), const_cast<char*>(url.c_str()), nullptr};
  pid_t pid = 0;
  if (posix_spawnp(&pid, "xdg-open", &actions, nullptr, argv, environ) == 0) {
    std::thread([pid] { ::waitpid(pid, nullptr, 0); }).detach();
  }
  posix_spawn_file_actions_destroy(&actions);
}

std::string Token(const Context& ctx, const ServeFlags& flags) {
  return flags.token.empty() ? ctx.env.get("RECEIPTS_TOKEN").value_or("") : flags.token;
}

int Serve(const Context& ctx, const ServeFlags& flags, const std::string& demo_dir) {
  std::string token = Token(ctx, flags);
  // Before a long scan: a refused bind should fail at once.
  if (Status s = http::CheckBindAllowed(flags.host, token); !s.ok()) return Fail(s.message());
  if (flags.port < 0 || flags.port > 65535) {
    return Fail("--port " + std::to_string(flags.port) + " is not valid; expected 0 (any free "
                "port) to 65535");
  }
  auto prices = LoadPrices(ctx);
  if (!prices.ok()) return Fail(prices.status().message());
  {
    // The one scan with a progress bar; the watcher then keeps the store current.
    auto store = OpenAndScan(ctx, prices.value());
    if (!store.ok()) return Fail(store.status().message());
    if (auto msg = NoLogsMessage(ctx, store.value())) std::fputs(msg->c_str(), stderr);
  }

  http::ServerOptions options;
  options.host = flags.host;
  options.port = flags.port;
  options.token = token;
  options.db_path = ctx.db_path;
  options.defaults = ctx.filters;
  options.watch = ctx.scan;  // --no-scan: a read-only dashboard over the store as it is
  options.ingest = MakeIngestOptions(ctx);
  options.prices = prices.value();
  options.settings = ctx.settings;
  options.no_text = ctx.no_text_flag;
  options.demo_dir = demo_dir;
  options.config_path = ctx.config_path;

  sigset_t signals, old;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, &old);
  ::signal(SIGPIPE, SIG_IGN);

  http::Server server(options);
  if (Status s = server.Start(); !s.ok()) {
    pthread_sigmask(SIG_SETMASK, &old, nullptr);
    return Fail(s.message());
  }
  std::printf("receipts dashboard: %s\n", server.url().c_str());
  if (!token.empty()) std::printf("API requests need the header: Authorization: Bearer <token>\n");
  std::fflush(stdout);
  if (options.watch) {
    std::fprintf(stderr, "watching for new log lines every %lld s; Ctrl-C to stop\n",
                 static_cast<long long>(options.watch_interval_ms / 1000));
  } else {
    std::fprintf(stderr, "serving the store as it is (--no-scan: no new log lines are read); Ctrl-C to stop\n");
  }
  if (flags.open) OpenBrowser(server.url(), ctx.env);

  int sig = 0;
  sigwait(&signals, &sig);
  std::fprintf(stderr, "\nstopping…\n");
  server.Stop();
  pthread_sigmask(SIG_SETMASK, &old, nullptr);
  return 0;
}

}  // namespace

int RunServeCommand(const Context& ctx, const ServeFlags& flags) {
  if (!flags.demo) return Serve(ctx, flags, "");
  // Before generating: a refused bind should fail at once.
  if (Status s = http::CheckBindAllowed(flags.host, Token(ctx, flags)); !s.ok()) return Fail(s.message());
  std::fprintf(stderr, "generating a sample history…\n");
  auto demo = GenerateDemoHistory(ctx.env, flags.demo_bytes);
  if (!demo.ok()) return Fail(demo.status().message());
  const DemoHistory& h = demo.value();
  std::printf("demo history: %s (%lld calls from %zu agents; removed when the server stops)\n",
              h.dir.c_str(), static_cast<long long>(h.calls), h.agents.size());
  std::fflush(stdout);
  Context demo_ctx = ctx;
  demo_ctx.env = h.env;
  demo_ctx.db_path = h.db_path;
  demo_ctx.scan = true;
  int rc = Serve(demo_ctx, flags, h.dir);
  RemoveDemoHistory(h);
  return rc;
}

}  // namespace receipts::cli
