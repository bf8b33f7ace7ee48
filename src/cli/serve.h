// `receipts serve`: ingest once with the progress bar, then the dashboard and JSON API
// (src/http) until SIGINT/SIGTERM.
#pragma once

#include <string>

#include "cli/context.h"

namespace receipts::cli {

struct ServeFlags {
  int port = 8787;                 // 0 = any free port (the URL printed names it)
  std::string host = "127.0.0.1";
  std::string token;               // "" = $RECEIPTS_TOKEN, else none (loopback only)
  bool open = false;               // open the URL with xdg-open when present
};

int RunServeCommand(const Context& ctx, const ServeFlags& flags);

}  // namespace receipts::cli
