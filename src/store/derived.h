// Values derived from the store's data and kept in it (table `derived`, schema v7): the stored
// report results (reports/result_cache.h) and the scan's snapshot of the file table
// (ingest/file_table.h). Each is valid for one data generation: meta `data_gen`, advanced in
// the same commit as every write of data (store::Transaction of kind kData), so a value kept
// for generation G is exactly what recomputing it at G would give, even after a kill.
// Saving is best effort and never waits: a read-only connection, a store locked by another
// writer, a connection inside a transaction of its caller's, or a generation that moved since
// the value was computed all skip it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "store/store.h"

namespace receipts::store {

// The store's data generation (0 when the store has none).
int64_t DataGen(Store& store);

// The value kept for `key` at generation `gen`, or nullopt.
std::optional<std::string> LoadDerived(Store& store, std::string_view key, int64_t gen);

// Keeps `value`, computed at `gen`, under `key`; drops values of older generations (and all
// values when more than kMaxDerived are kept). Returns whether it was kept.
inline constexpr int kMaxDerived = 256;
bool SaveDerived(Store& store, std::string_view key, int64_t gen, std::string_view value);

}  // namespace receipts::store
