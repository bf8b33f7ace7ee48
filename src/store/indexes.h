// The indexes a bulk load drops and builds again once at the end (ingest's bulk mode): every
// natural-key and lookup index of the call and event tables. Inserting tens of thousands of
// random text keys per transaction into B-trees dirties pages all over them, so a large scan
// appends rows without them and builds each index with one sort afterwards. Migration 4
// creates exactly these (a test keeps the two in step).
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "store/db.h"

namespace receipts::store {

// The 64-bit hash of a natural key stored in each keyed table's key_hash column (and its
// index): FNV-1a over agent, 0xff, key, then the splitmix64 finaliser; as a signed integer.
// Stored, so it never changes. SQL: rc_key_hash(agent, key).
int64_t KeyHash(std::string_view agent, std::string_view key);

struct IndexDef {
  std::string_view name;
  std::string_view sql;  // CREATE [UNIQUE] INDEX name ON …
};

const std::vector<IndexDef>& BulkIndexes();

// DROP INDEX IF EXISTS for each; inside the caller's transaction.
Status DropBulkIndexes(Db& db);
// Creates the missing ones; inside the caller's transaction. A unique index that cannot be
// built (duplicate keys: a bug in the loader) fails with the index's name.
Status CreateBulkIndexes(Db& db);

}  // namespace receipts::store
