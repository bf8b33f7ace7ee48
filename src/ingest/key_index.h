// Finds the stored row of a call's or an event's natural key (agent + key; calls have no
// agent). Every keyed table has a key_hash column (store::KeyHash). Normally the lookup goes
// through the key_hash index; during a bulk load, when the indexes are dropped
// (store/indexes.h), through an in-memory map from key hash to row id. Either way a hash hit
// is checked against the stored key, and a key whose hash is already taken by another key
// lives in a small exact-key map, so a collision never merges two rows. Not thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>

#include <tsl/robin_map.h>

#include "core/status.h"
#include "store/db.h"

namespace receipts::ingest {

enum class KeyTable { kCalls, kPrompts, kToolCalls, kToolResults, kSubagentRuns, kErrors, kCount };

struct KeyMatch {
  int64_t hash = 0;   // bind as key_hash when inserting
  int64_t rowid = 0;  // 0 = not stored yet
};

class KeyIndex {
 public:
  // `hash` replaces store::KeyHash (tests force collisions with it).
  using HashFn = int64_t (*)(std::string_view agent, std::string_view key);
  explicit KeyIndex(store::Db& db, HashFn hash = nullptr);
  // Switches to the in-memory maps, loading the keys already stored and making room for the
  // keys of about `new_bytes` of logs (a map that grows rehashes into fresh memory each time).
  Status StartBulk(int64_t new_bytes = 0);
  bool bulk() const { return bulk_; }
  Result<KeyMatch> Find(KeyTable t, std::string_view agent, std::string_view key);
  // Records a row just inserted with `m.hash` (bulk mode only; a no-op otherwise).
  void Added(KeyTable t, const KeyMatch& m, std::string_view agent, std::string_view key,
             int64_t rowid);

 private:
  struct Identity {  // the keys are hashes already
    size_t operator()(int64_t h) const { return static_cast<size_t>(h); }
  };
  struct Map {
    // Prime bucket counts: a reservation is met closely, where powers of two could double it
    // (fresh memory costs a page fault per 4 KiB, most of a cold load's key handling).
    tsl::robin_map<int64_t, int64_t, Identity, std::equal_to<int64_t>,
                   std::allocator<std::pair<int64_t, int64_t>>, false, tsl::rh::prime_growth_policy>
        by_hash;
    std::unordered_map<std::string, int64_t> collided;  // agent '\0' key → row id
  };
  // The statement in `slot`, prepared from sql(t) on first use, reset on later ones.
  store::Stmt& Prepared(store::Stmt& slot, std::string (*sql)(KeyTable), KeyTable t);
  Result<bool> RowHasKey(KeyTable t, int64_t rowid, std::string_view agent, std::string_view key);

  store::Db& db_;
  HashFn hash_;
  bool bulk_ = false;
  Map maps_[static_cast<int>(KeyTable::kCount)];
  store::Stmt by_hash_[static_cast<int>(KeyTable::kCount)];
  store::Stmt key_of_[static_cast<int>(KeyTable::kCount)];
};

}  // namespace receipts::ingest
