// The JSON of GET /api/v1/status (and of every SSE `update` event): where the store is, how
// fresh it is, what is in it per agent, where each agent's logs are looked for (and whether
// those directories exist), whether this is the generated demo history, and what the watcher
// is doing. Reads the store it is given (one connection, so call it on the thread that owns
// that Store) and stats the roots; nothing else.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "http/watcher.h"
#include "ingest/ingest.h"
#include "store/store.h"

namespace receipts::http {

// The version `receipts --version` prints.
const char* Version();

struct StatusSources {
  std::vector<std::string> agents;   // the selected sources (empty = every registered one)
  sources::Environment env;          // where their roots are derived from
  std::string demo_dir;              // "" = the user's own logs; else the generated history
};

nlohmann::ordered_json StatusJson(store::Store& store, const WatcherState& watcher,
                                  const StatusSources& sources);

// The same in parts: what depends only on the store's contents (version … agents; the server
// caches it by data version), the sessions active at `now_ms` (it depends on the clock too),
// then sources, demo and watcher added to them.
nlohmann::ordered_json StoreStatusJson(store::Store& store);
// {"windowMinutes": 30, "total": N, "byAgent": {"claude": N, …}}: sessions with a prompt in the
// 30 minutes up to `now_ms` (the dashboard's "Active now").
nlohmann::ordered_json ActiveSessionsJson(store::Store& store, int64_t now_ms);
nlohmann::ordered_json StatusJson(nlohmann::ordered_json store_part, nlohmann::ordered_json active,
                                  const WatcherState& watcher, const StatusSources& sources);

}  // namespace receipts::http
