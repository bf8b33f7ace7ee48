// The JSON of GET /api/v1/status (and of every SSE `update` event): where the store is, how
// fresh it is, what is in it per agent, and what the watcher is doing. Reads the store it is
// given (one connection, so call it on the thread that owns that Store).
#pragma once

#include <nlohmann/json.hpp>

#include "http/watcher.h"
#include "store/store.h"

namespace receipts::http {

// The version `receipts --version` prints.
const char* Version();

nlohmann::ordered_json StatusJson(store::Store& store, const WatcherState& watcher);

}  // namespace receipts::http
