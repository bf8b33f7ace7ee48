// `receipts serve`: ingest once with the progress bar, then the dashboard and JSON API
// (src/http) until SIGINT/SIGTERM. `--demo` generates the demo history (cli/demo.h) into a
// temporary directory and serves that instead of the user's logs.
#pragma once

#include <cstdint>
#include <string>

#include "cli/context.h"

namespace receipts::cli {

struct ServeFlags {
  int port = 8787;                 // 0 = any free port (the URL printed names it)
  std::string host = "127.0.0.1";
  std::string token;               // "" = $RECEIPTS_TOKEN, else none (loopback only)
  bool open = false;               // open the URL with xdg-open; without one, print it
  bool demo = false;               // serve a generated history in a temp dir (removed at exit)
  int64_t demo_bytes = 3'000'000;
};

int RunServeCommand(const Context& ctx, const ServeFlags& flags);

// The dashboard's HTTP stack lives in a second executable, `receipts-serve` (same commands,
// built from the same code plus src/http), so that every other command starts without loading
// cpp-httplib and initialising OpenSSL (~7 ms). In `receipts`, this runs `receipts-serve` from
// the same directory with `argv` and `env` (it returns only on failure, with 1); in
// `receipts-serve`, it returns -1: serve here.
inline constexpr const char* kServeBinary = "receipts-serve";
int ExecServeBinary(int argc, char** argv, const sources::Environment& env);

}  // namespace receipts::cli
