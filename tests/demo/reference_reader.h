// A slow, independent reader of a generated corpus (nlohmann, the recovery and counting
// rules of generator.h, DESIGN.md §3 dedupe), used to prove the generator's truth.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace receipts::demo::testing {

struct RefCopy {
  int64_t input = 0, output = 0, cache_creation = 0, cache_1h = 0, cache_read = 0;
  int64_t web_search = 0;
  std::string speed, timestamp, session_id, cwd, model, path;
  bool sidechain = false;
};

struct RefCorpus {
  int64_t files = 0, bytes = 0;
  int64_t malformed_lines = 0, malformed_usage_lines = 0;
  int64_t usage_records = 0, synthetic_records = 0;
  int64_t nlohmann_failures = 0;      // lines nlohmann cannot parse as they are
  int64_t non_object_lines = 0;       // valid JSON that is not an object
  int64_t recovered_lines = 0;        // nlohmann failures from which records were recovered
  std::map<std::string, std::vector<RefCopy>> copies;  // message.id → every copy, file order
  std::vector<std::string> jsonl_files;                // relative paths
  bool all_end_in_newline = true;
};

// Reads every file under root (journal.jsonl files are skipped as metadata).
RefCorpus ReadCorpus(const std::string& root);

// Reads a whole file.
std::string ReadFile(const std::string& path);

}  // namespace receipts::demo::testing
