// Stored report results: a period or session report asked again before the data changed is
// read back from the store (store/derived.h) instead of recomputed. An entry is valid for one
// data generation, for one build of receipts (the executable's identity is in the key, so a
// new build never reads an old build's results), for one version of the zone's rules and for
// one exact set of filters. Saving is
// best effort (see store::SaveDerived).
#pragma once

#include <optional>
#include <string>

#include "reports/report.h"

namespace receipts::reports::result_cache {

// The entry's key: the report kind, every filter, the executable's identity, and the identity
// of the zone's rules (core/time.h zone_rules_identity: a tzdata update is a new key).
std::string GroupedKey(GroupBy by, const Filters& f);

// The stored result for `key` at generation `gen`, or nullopt (none, older, unreadable).
std::optional<GroupedReport> Load(store::Store& store, const std::string& key, int64_t gen);

// Keeps `report`, computed at `gen`, unless the generation moved since or the store cannot be
// written right now. Drops the entries of older generations. Returns whether it was kept.
bool Save(store::Store& store, const std::string& key, int64_t gen, const GroupedReport& report);

// The binary form of a report (exposed for tests): Decode(Encode(r)) == r; nullopt on any
// malformed input.
std::string Encode(const GroupedReport& report);
std::optional<GroupedReport> Decode(std::string_view bytes);

}  // namespace receipts::reports::result_cache
