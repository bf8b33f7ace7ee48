// Test helpers: temporary directories, fixture paths, and one-call ingest into a temp store.
// Tests never read the real home directory: every Environment here is synthetic.
#pragma once

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>

#include "ingest/ingest.h"
#include "pricing/pricing.h"
#include "store/store.h"

namespace receipts::testing {

class TempDir {
 public:
  TempDir() {
    std::random_device rd;
    path_ = std::filesystem::temp_directory_path() /
            ("receipts-test-" + std::to_string(rd()) + std::to_string(rd()));
    std::filesystem::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  const std::filesystem::path& path() const { return path_; }
  std::string str() const { return path_.string(); }

 private:
  std::filesystem::path path_;
};

inline std::filesystem::path SharedFixtures() { return RECEIPTS_SHARED_FIXTURES; }
inline bool HaveSharedFixtures() { return std::filesystem::exists(SharedFixtures()); }
#define REQUIRE_SHARED_FIXTURES()                                                              \
  if (!::receipts::testing::HaveSharedFixtures())                                              \
  GTEST_SKIP() << "../shared/fixtures/real is absent (a fresh clone): real-fixture test skipped"

inline void WriteFile(const std::filesystem::path& p, const std::string& text, bool append = false) {
  std::filesystem::create_directories(p.parent_path());
  std::ofstream out(p, append ? std::ios::app | std::ios::binary : std::ios::trunc | std::ios::binary);
  out << text;
}

inline sources::Environment EnvWithClaude(const std::string& claude_dirs, const std::string& home) {
  sources::Environment env;
  env.home = home;
  env.vars["CLAUDE_CONFIG_DIR"] = claude_dirs;
  return env;
}

inline ingest::IngestStats IngestOrDie(
    store::Store& store, const sources::Environment& env, int64_t batch_bytes = 64 << 20,
    ingest::IngestOptions::Bulk bulk = ingest::IngestOptions::Bulk::kAuto) {
  ingest::IngestOptions o;
  o.env = env;
  o.batch_bytes = batch_bytes;
  o.bulk = bulk;
  auto prices = pricing::PriceBook::Bundled();
  auto stats = ingest::Ingest(store, prices, o);
  EXPECT_TRUE(stats.ok()) << stats.status().message();
  return stats.ok() ? stats.value() : ingest::IngestStats{};
}

// Sets the mtime of `dir` and of every directory under it an hour back, as logs written a
// while ago have them: a scan trusts its directory snapshot only for directories that changed
// at least 2 s before it (ingest/tree_cache.h).
inline void SettleDirectories(const std::filesystem::path& dir) {
  namespace fs = std::filesystem;
  auto back = [](const fs::path& p) {
    fs::last_write_time(p, fs::file_time_type::clock::now() - std::chrono::hours(1));
  };
  back(dir);
  for (const auto& e : fs::recursive_directory_iterator(dir)) {
    if (e.is_directory() && !e.is_symlink()) back(e.path());
  }
}

inline store::Store OpenStore(const std::string& path) {
  auto s = store::Store::Open(path);
  EXPECT_TRUE(s.ok()) << s.status().message();
  return std::move(s).value();
}

struct Sums {
  int64_t calls = 0, input = 0, output = 0, cache_write = 0, cache_write_1h = 0, cache_read = 0;
  int64_t cost_calc = 0, cost_auto = 0;
  bool operator==(const Sums&) const = default;
};

inline Sums SumCalls(store::Store& store, const std::string& where = "1") {
  store::Stmt st = store.db().MustPrepare(
      "SELECT count(*), coalesce(sum(input_tokens),0), coalesce(sum(output_tokens),0), "
      "coalesce(sum(cache_write_5m_tokens + cache_write_1h_tokens),0), "
      "coalesce(sum(cache_write_1h_tokens),0), coalesce(sum(cache_read_tokens),0), "
      "coalesce(sum(cost_calc_nanos),0), coalesce(sum(cost_auto_nanos),0) FROM usage WHERE " + where);
  EXPECT_TRUE(st.Step());
  return {st.Int(0), st.Int(1), st.Int(2), st.Int(3), st.Int(4), st.Int(5), st.Int(6), st.Int(7)};
}

inline std::ostream& operator<<(std::ostream& os, const Sums& s) {
  return os << "{calls " << s.calls << ", in " << s.input << ", out " << s.output << ", cw "
            << s.cache_write << " (1h " << s.cache_write_1h << "), cr " << s.cache_read
            << ", calc " << s.cost_calc << ", auto " << s.cost_auto << "}";
}

}  // namespace receipts::testing
