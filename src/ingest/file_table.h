// The stored file rows a scan compares with the disk, kept small: no resume state or head (read
// for a changed file when it is about to be parsed) and no string per row (paths are views into
// one buffer). A warm scan is mostly this load and one stat per file, and on the project's VMs
// every fresh page of memory costs a fault, so a scan that wrote nothing also keeps the table
// as a snapshot file next to the store (`<store>-filetable`), tagged with the data generation
// (store/derived.h): the next scan before any new data maps that one file instead of reading
// every row of `files`. The snapshot is only ever replaced by renaming a new file over it,
// never changed in place, so a scan that has it mapped keeps a consistent view.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "ingest/file_work.h"
#include "store/store.h"

namespace receipts::ingest {

// A file's stored state as the scan compares it.
struct StoredFile {
  int64_t id = 0, inode = 0, size = 0, mtime_ns = 0, checkpoint = 0;
  bool missing = false;
  bool seen = false;  // found on disk by this scan
};

struct FileTable {
  std::vector<StoredFile> rows;  // in path order
  std::vector<std::string_view> paths;  // rows[i]'s path, NUL-terminated (c_str-safe) in `bytes`
  std::vector<std::pair<uint32_t, uint32_t>> where;  // rows[i]'s (agent, root) in `names`
  std::vector<std::string> names;                    // agents and roots, each once
  int64_t gen = 0;             // the data generation it was read at
  bool from_snapshot = false;  // read from the kept snapshot rather than `files`
  std::shared_ptr<const void> bytes;  // owns what `paths` point into
};

// The table at the store's current generation: the kept snapshot when there is one.
FileTable LoadFileTable(store::Store& store);

// Keeps `table` as the snapshot of its generation, unless it came from one or the generation
// moved since (the scan wrote). Best effort; returns whether it was kept.
bool KeepFileTable(store::Store& store, const FileTable& table);

// The snapshot's bytes after its generation (exposed for tests). Decode's paths point into
// `bytes`, which `owner` keeps alive; nullopt on malformed input.
std::string EncodeFileTable(const FileTable& table);
std::optional<FileTable> DecodeFileTable(std::string_view bytes, std::shared_ptr<const void> owner);

}  // namespace receipts::ingest
