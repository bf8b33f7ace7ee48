// `receipts pricing show MODEL` end to end: any spelling an agent logs resolves to the canonical
// id; the effective rows print with exact prices and their source; an override from the config
// file shows as such; an unknown model is one clear line and a non-zero exit.
#include <gtest/gtest.h>

#include <string>

#include "cli/cli_runner.h"
#include "support/test_support.h"

namespace receipts::testing {
namespace {

bool Has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

class PricingCliTest : public ::testing::Test {
 protected:
  CliOutput Show(const std::string& args) {
    return RunCli("pricing show " + args, {{"HOME", tmp_.str()}}, tmp_.str());
  }
  TempDir tmp_;
};

TEST_F(PricingCliTest, ResolvesEverySpellingAndPrintsExactPrices) {
  CliOutput o = Show("claude-sonnet-4.5");
  ASSERT_EQ(o.code, 0) << o.err;
  EXPECT_TRUE(Has(o.out, "claude-sonnet-4.5 → claude-sonnet-4-5\n")) << o.out;
  EXPECT_TRUE(Has(o.out,
                  "│ claude-sonnet-4-5 │ anthropic │      │       │     3 │     15 │     3.75 │    "
                  "    6 │  0.3 │ >200K: 6/22.5 │      │\n"))
      << o.out;
  EXPECT_TRUE(Has(o.out, "USD per million tokens.\nsource: bundled: PRICING.md"));

  o = Show("us.anthropic.claude-opus-4-1-20250805-v1:0");  // a Bedrock id with its date
  ASSERT_EQ(o.code, 0) << o.err;
  EXPECT_TRUE(Has(o.out, "us.anthropic.claude-opus-4-1-20250805-v1:0 → claude-opus-4-1\n"))
      << o.out;
  EXPECT_TRUE(Has(o.out,
                  "│ claude-opus-4-1 │ anthropic │      │       │    15 │     75 │    18.75 │      "
                  " 30 │  1.5 │"))
      << o.out;
}

TEST_F(PricingCliTest, AnOverrideShowsItsSource) {
  const std::string config = tmp_.str() + "/.config/receipts/config.toml";
  WriteFile(config,
            "[pricing.models.\"my-proxy-model\"]\ninput = 2.5\noutput = 10\nprovider = \"acme\"\n");
  CliOutput o = Show("my-proxy-model");
  ASSERT_EQ(o.code, 0) << o.err;
  EXPECT_TRUE(Has(
      o.out,
      "│ my-proxy-model │ acme     │      │       │   2.5 │     10 │    3.125 │        5 │ 0.25 │"))
      << o.out;
  EXPECT_TRUE(Has(o.out, "source: config: " + config + " [pricing.models.\"my-proxy-model\"]"))
      << o.out;
}

TEST_F(PricingCliTest, AnUnknownModelIsAClearError) {
  CliOutput o = Show("nope-model");
  EXPECT_EQ(o.code, 1);
  EXPECT_EQ(o.out, "");
  EXPECT_EQ(o.err,
            "receipts: no price for 'nope-model' (resolved to 'nope-model'); its calls are "
            "counted but unpriced; add one under [pricing.models] in " +
                tmp_.str() + "/.config/receipts/config.toml\n");
}

}  // namespace
}  // namespace receipts::testing
