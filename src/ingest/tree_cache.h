// Remembers every directory under the selected sources' roots with its mtime. When none changed
// since the last full discovery, no file was added, removed or renamed under the roots, so a
// scan can skip directory walks and only stat the files it already knows (appends do not change
// a directory's mtime). Used by the single ingest thread.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/status.h"
#include "store/db.h"

namespace receipts::ingest {

struct DirStamp {
  std::string path;
  int64_t mtime_ns = -1;  // -1: the directory does not exist; -3: changed less than 2 s
                          // before the snapshot (never matches, see tree_cache.cpp)
};

// Walks every root (roots that do not exist are recorded as absent).
std::vector<DirStamp> SnapshotTree(const std::vector<std::string>& roots);

// True when the stored snapshot was taken for `key` and every directory still has its mtime.
bool TreeUnchanged(store::Db& db, const std::string& key);

// Replaces the stored snapshot (inside the caller's transaction or on its own).
Status SaveTree(store::Db& db, const std::string& key, const std::vector<DirStamp>& dirs);

}  // namespace receipts::ingest
