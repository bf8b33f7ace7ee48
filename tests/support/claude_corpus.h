// A generated Claude Code corpus for a test (demo::GenerateClaudeCorpus), its ground truth
// returned; a corpus that cannot be written fails the test.
#pragma once

#include <gtest/gtest.h>

#include <cstdint>
#include <string>

#include "demo/generator.h"

namespace receipts::testing {

inline demo::Truth GenerateClaudeOrFail(const std::string& root, uint64_t seed, int64_t bytes,
                                        int64_t end_ms, int days) {
  demo::GeneratorOptions o;
  o.root = root;
  o.seed = seed;
  o.target_bytes = bytes;
  o.end_ms = end_ms;
  o.days = days;
  auto truth = demo::GenerateClaudeCorpus(o);
  EXPECT_TRUE(truth.ok()) << truth.status().message();
  return truth.ok() ? truth.value() : demo::Truth{};
}

}  // namespace receipts::testing
