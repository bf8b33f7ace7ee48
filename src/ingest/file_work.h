// The files of one scan: their stored state, what to read of them, and the parse pool that
// turns byte ranges into ParseOutput batches for the writer (ingest.cpp drives both).
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
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
// `threads` threads (one per 512 files), each statting a contiguous share by full path.
void StatAll(std::vector<FileStat>& files, int threads);

// One batch of parsed files, handed from the parsing pool to the writer.
struct Batch {
  size_t begin = 0, end = 0;
  std::vector<ParsedFile> parsed;
  std::vector<Status> errors;
  std::vector<std::pair<int64_t, uint64_t>> heads;  // (length, hash) of each file's first bytes
  std::vector<uint8_t> parsed_by;  // the pool worker that parsed each file (it frees it too)
};

// Parses batches of `work` on `threads` threads that live as long as the pool, so their read
// buffers and JSON parsers (thread-local, sized to the longest line seen) are allocated once
// per scan rather than once per batch: fresh memory costs a page fault per 4 KiB.
class ParsePool {
 public:
  ParsePool(std::vector<Work>& work, int threads, Progress& progress);
  ~ParsePool();  // waits for the batch under way
  ParsePool(const ParsePool&) = delete;
  ParsePool& operator=(const ParsePool&) = delete;

  // Starts parsing [begin, end); `done`, a batch already written, is freed on the pool.
  // One batch at a time: Wait() for it before the next Start().
  void Start(size_t begin, size_t end, Batch done = {});
  Batch Wait();

 private:
  void Run(uint8_t me);

  std::vector<Work>& work_;
  Progress& progress_;
  std::mutex mu_;
  std::condition_variable wake_, finished_;
  uint64_t job_ = 0;        // bumped by Start
  int running_ = 0;         // workers still on the current job
  bool stop_ = false;
  std::atomic<size_t> cursor_{0};
  size_t end_ = 0;
  Batch batch_, done_;
  std::vector<std::thread> threads_;
};

}  // namespace receipts::ingest
