// The price book of a long-running process (`receipts serve`): the bundled table plus the
// overrides file, read again when the file changes, so a price edited while the dashboard runs
// reaches it as it reaches the next CLI command. Without this, a server started before the edit
// and a CLI run after it would each find the store priced by the other's book and reprice every
// call back, in turn, for as long as both run.
#pragma once

#include <cstdint>
#include <string>

#include "core/status.h"
#include "pricing/pricing.h"

namespace receipts::pricing {

class LivePriceBook {
 public:
  // `initial`: the book as the process read it at start (the bundled table + `path`). An empty
  // `path` means no overrides file: the book never changes.
  LivePriceBook(PriceBook initial, std::string path);

  // Reads the file again if it changed (inode, size, modification or change time, or it
  // appeared or went away) since the last read; the first call always reads it. Returns true when
  // the book changed (its fingerprint). A file that cannot be read or parsed leaves the book as
  // it was and returns the error, naming the file, until a later version of it reads cleanly.
  Result<bool> Refresh();

  const PriceBook& book() const { return book_; }
  const std::string& path() const { return path_; }
  // Bumped by every change of the book (0 = the initial book).
  int64_t version() const { return version_; }

 private:
  struct FileId {
    bool exists = false;
    uint64_t inode = 0;
    int64_t size = 0;
    int64_t mtime_ns = 0;
    int64_t ctime_ns = 0;
    bool operator==(const FileId&) const = default;
  };
  static FileId Identify(const std::string& path);

  PriceBook book_;
  std::string path_;
  int64_t version_ = 0;
  bool read_ = false;     // the file has been read once
  bool unsettled_ = false;  // it changed within the clock's resolution of the last read
  FileId id_;
  std::string error_;     // of the last read ("" = it read cleanly)
};

}  // namespace receipts::pricing
