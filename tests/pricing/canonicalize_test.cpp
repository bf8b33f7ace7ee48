// Model-id canonicalization: every spelling seen in logs, proxies and clouds.
#include <gtest/gtest.h>

#include "pricing/pricing.h"
#include "test_util.h"

namespace receipts::pricing {
namespace {

struct AliasCase {
  const char* raw;
  const char* canonical;
};

class Alias : public ::testing::TestWithParam<AliasCase> {};

TEST_P(Alias, ResolvesToCanonicalRow) {
  const PriceBook book = PriceBook::Bundled();
  const AliasCase& c = GetParam();
  EXPECT_EQ(book.Canonicalize(c.raw), c.canonical);
  const ModelPrice* row = book.Find(c.raw, testing::kJan2026);
  ASSERT_NE(row, nullptr) << c.raw;
  EXPECT_EQ(row->model, c.canonical);
}

INSTANTIATE_TEST_SUITE_P(
    Aliases, Alias,
    ::testing::Values(
        // Anthropic API ids with dates.
        AliasCase{"claude-sonnet-4-20250514", "claude-sonnet-4"},
        AliasCase{"claude-opus-4-20250514", "claude-opus-4"},
        AliasCase{"claude-3-5-sonnet-20241022", "claude-3-5-sonnet"},
        AliasCase{"claude-3-5-sonnet-20240620", "claude-3-5-sonnet"},
        AliasCase{"claude-3-7-sonnet-20250219", "claude-3-7-sonnet"},
        AliasCase{"claude-opus-4-1-20250805", "claude-opus-4-1"},
        AliasCase{"claude-haiku-4-5-20251001", "claude-haiku-4-5"},
        AliasCase{"claude-3-5-haiku-20241022", "claude-3-5-haiku"},
        AliasCase{"claude-3-opus-20240229", "claude-3-opus"},
        AliasCase{"claude-3-haiku-20240307", "claude-3-haiku"},
        AliasCase{"claude-sonnet-4-5-20250929", "claude-sonnet-4-5"},
        AliasCase{"claude-opus-4-5-20251101", "claude-opus-4-5"},
        // Anthropic aliases.
        AliasCase{"claude-3-5-sonnet-latest", "claude-3-5-sonnet"},
        AliasCase{"claude-3-7-sonnet-latest", "claude-3-7-sonnet"},
        AliasCase{"claude-opus-4-0", "claude-opus-4"},
        AliasCase{"claude-sonnet-4-0", "claude-sonnet-4"},
        // Bedrock (regional and global inference profiles).
        AliasCase{"us.anthropic.claude-sonnet-4-5-20250929-v1:0", "claude-sonnet-4-5"},
        AliasCase{"eu.anthropic.claude-opus-4-1-20250805-v1:0", "claude-opus-4-1"},
        AliasCase{"apac.anthropic.claude-3-haiku-20240307-v1:0", "claude-3-haiku"},
        AliasCase{"global.anthropic.claude-opus-4-5-20251101-v1:0", "claude-opus-4-5"},
        AliasCase{"anthropic.claude-3-5-sonnet-20241022-v2:0", "claude-3-5-sonnet"},
        AliasCase{"bedrock/us.anthropic.claude-sonnet-4-5-20250929-v1:0", "claude-sonnet-4-5"},
        // Vertex.
        AliasCase{"claude-sonnet-4@20250514", "claude-sonnet-4"},
        AliasCase{"claude-3-5-sonnet-v2@20241022", "claude-3-5-sonnet"},
        AliasCase{"vertex_ai/claude-opus-4-1@20250805", "claude-opus-4-1"},
        // Proxies and dotted versions.
        AliasCase{"anthropic/claude-opus-4.6", "claude-opus-4-6"},
        AliasCase{"openrouter/anthropic/claude-sonnet-4.5", "claude-sonnet-4-5"},
        AliasCase{"anthropic/claude-3.5-sonnet", "claude-3-5-sonnet"},
        AliasCase{"claude-sonnet-4.5", "claude-sonnet-4-5"},
        AliasCase{"claude-3.7-sonnet", "claude-3-7-sonnet"},
        AliasCase{"claude-fable-5.1", "claude-fable-5-1"},
        AliasCase{"claude-sonnet-5.5", "claude-sonnet-5-5"},
        // Older "claude-<version>-<family>" naming of 4.x, and the reverse for 3.x.
        AliasCase{"claude-4-sonnet", "claude-sonnet-4"},
        AliasCase{"claude-4.5-sonnet", "claude-sonnet-4-5"},
        AliasCase{"claude-4-opus", "claude-opus-4"},
        AliasCase{"claude-sonnet-3.7", "claude-3-7-sonnet"},
        // Claude Code decorations, case, whitespace.
        AliasCase{"claude-opus-4-6[1m]", "claude-opus-4-6"},
        AliasCase{"claude-sonnet-4-5-20250929[1m]", "claude-sonnet-4-5"},
        AliasCase{"claude-opus-4-6-fast", "claude-opus-4-6"},
        AliasCase{"claude-3-7-sonnet-20250219-thinking", "claude-3-7-sonnet"},
        AliasCase{"  Claude-Opus-4-6 ", "claude-opus-4-6"},
        // OpenAI and Google.
        AliasCase{"openai/gpt-5.1-codex", "gpt-5.1-codex"},
        AliasCase{"gpt-5-2025-08-07", "gpt-5"},
        AliasCase{"GPT-5.5", "gpt-5.5"},
        AliasCase{"google/gemini-2.5-pro", "gemini-2.5-pro"},
        AliasCase{"models/gemini-3-flash-preview", "gemini-3-flash-preview"}));

TEST(Canonicalize, NeverResolves) {
  const PriceBook book = PriceBook::Bundled();
  EXPECT_EQ(book.Canonicalize("<synthetic>"), "<synthetic>");
  EXPECT_EQ(book.Find("<synthetic>", testing::kJan2026), nullptr);
  // No fuzzy matching: unknown variants stay unpriced.
  EXPECT_EQ(book.Find("gpt-5.1-codex-max", testing::kJan2026), nullptr);
  EXPECT_EQ(book.Find("claude-opus-4-9", testing::kJan2026), nullptr);
  EXPECT_EQ(book.Find("codex-mini-latest", testing::kJan2026), nullptr);
}

}  // namespace
}  // namespace receipts::pricing
