// The files of one scan: their stored state, what to read of them, and the parse pool that
// turns byte ranges into ParseOutput batches for the writer (ingest.cpp drives both).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/hash.h"
#include "core/status.h"
#include "ingest/progress.h"
#include "ingest/writer.h"
#include "sources/source.h"

namespace receipts::ingest {

inline constexpr size_t kHeadBytes = 1024;  // hashed to notice a replaced file

// A file's row in `files`.
struct FileRow {
  int64_t id = 0;
  int64_t inode = 0, size = 0, mtime_ns = 0, head_len = 0, checkpoint = 0;
  uint64_t head_hash = 0;
  int64_t first_ts_ms = 0;
  bool missing = false;
  bool seen = false;        // found on disk by this scan
  std::string state;        // the source's resume state at the checkpoint
};

// One file to look at in this scan.
struct Work {
  std::string path, root, agent;
  const sources::Source* source = nullptr;
  sources::ReadMode mode = sources::ReadMode::kAppend;
  FileRow row;              // stored state (id 0 = new file)
  int64_t inode = 0, size = 0, mtime_ns = 0;  // all 0: gone
  int64_t from = 0;         // where parsing starts
  bool reset = false;       // re-read from the start (replaced or shrunk)
};

// Reads [from, size) of a file into `buf`, followed by kParsePadding zero bytes; `*got_out`
// receives the number of bytes read (else `buf` is cut to them).
Status ReadRange(const std::string& path, int64_t from, int64_t size, std::string& buf,
                 size_t* got_out = nullptr);

// Whether the file still starts with the bytes hashed at its last checkpoint.
bool HeadMatches(const std::string& path, const FileRow& row);

// A file to stat; all three numbers stay 0 when it is gone.
struct FileStat {
  std::string_view path;  // NUL-terminated (a std::string's, or file_table.h's paths)
  sources::ReadMode mode;
  int64_t inode = 0, size = 0, mtime_ns = 0;
};

// Size, inode and mtime of every file (a SQLite database's include its -wal), on up to
// `threads` threads, each statting its share directory by directory (one path lookup per
// directory, not per file).
void StatAll(std::vector<FileStat>& files, int threads);

// One batch of parsed files, handed from the parsing pool to the writer.
struct Batch {
  size_t begin = 0, end = 0;
  std::vector<ParsedFile> parsed;
  std::vector<Status> errors;
  std::vector<std::pair<int64_t, uint64_t>> heads;  // (length, hash) of each file's first bytes
};

// Parses [begin, end) of `work` on `threads` threads.
Batch ParseBatch(std::vector<Work>& work, size_t begin, size_t end, int threads, Progress& progress);

}  // namespace receipts::ingest
