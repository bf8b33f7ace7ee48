// PrepareTexts (ingest/writer.h), run by the parse workers: every free text of a parsed file is
// redacted in place, prompts keep their length before redaction and get the hash of the
// redacted text, result heads survive only for commit output, and the copies of a subagent run
// within a file fold into one record exactly as the store's merge would fold them.
#include "ingest/writer.h"
#include "redact/redact.h"
#include "support/test_support.h"

namespace receipts::testing {
namespace {

const std::string kGhp = "ghp_1A2b3C4d5E6f7G8h9I0jK1lM2nO3pQ4rS5tU";

sources::SubagentRunRecord SubRun(std::string agent_id, std::string tool_use_id, std::string type,
                               std::string description, int64_t ts) {
  return {std::move(agent_id), "s1", std::move(tool_use_id), std::move(type),
          std::move(description), ts};
}

TEST(PrepareTextsTest, RedactsEveryFreeTextInPlace) {
  ingest::ParsedFile f;
  auto& out = f.output;
  const std::string prompt = "push with GH_TOKEN " + kGhp + " please";
  out.prompts.push_back({"t1", "s1", "/p", 1, prompt, false, "", 0});
  out.prompts.push_back({"t2", "s1", "/p", 2, "plain", false, "", 10});
  out.tool_calls.push_back({"tu1", "s1", "t1", "m:1", 1, "Bash",
                            "git push https://" + kGhp + "@github.com/x/y.git", 12, false, "", 0});
  out.tool_results.push_back({"tu1", "s1", 2, 40, false, "[main 1a2b3c4] fix " + kGhp, 0});
  out.tool_results.push_back({"tu2", "s1", 2, 40, false, "total 12\ndrwxr-xr-x " + kGhp, 0});
  out.errors.push_back({"s1", "t1", 3, "tool_error", "auth failed for " + kGhp, "tu1", 0});
  out.subagent_runs.push_back(SubRun("a1", "tu3", "Explore", "look for " + kGhp, 4));

  ingest::PrepareTexts(f);
  EXPECT_TRUE(f.texts_ready);
  const std::string marker = "[REDACTED:github_token]";
  EXPECT_EQ(out.prompts[0].text, "push with GH_TOKEN " + marker + " please");
  ASSERT_EQ(f.prompt_chars.size(), 2u);
  EXPECT_EQ(f.prompt_chars[0], static_cast<int64_t>(prompt.size()));  // before redaction
  EXPECT_EQ(f.prompt_chars[1], 5);
  ASSERT_EQ(f.prompt_hashes.size(), 2u);
  EXPECT_EQ(f.prompt_hashes[0], redact::Hash(out.prompts[0].text));
  EXPECT_EQ(f.prompt_hashes[1], redact::Hash("plain"));
  EXPECT_EQ(out.tool_calls[0].target, "git push https://" + marker + "@github.com/x/y.git");
  EXPECT_EQ(out.tool_results[0].head, "[main 1a2b3c4] fix " + marker);  // commit output
  EXPECT_EQ(out.tool_results[1].head, "");                              // other output: dropped
  EXPECT_EQ(out.errors[0].message, "auth failed for " + marker);
  EXPECT_EQ(out.subagent_runs[0].description, "look for " + marker);
}

TEST(PrepareTextsTest, FoldsTheCopiesOfASubagentRunLikeTheStoreMerge) {
  ingest::ParsedFile f;
  auto& runs = f.output.subagent_runs;
  runs.push_back(SubRun("", "tu1", "general-purpose", "first", 50));  // the Task call
  runs.push_back(SubRun("a1", "tu1", "", "", 30));                    // its result names the agent
  runs.push_back(SubRun("a2", "", "compaction", "", 70));              // known by agent id only
  runs.push_back(SubRun("", "", "Plan", "no ids", 10));                // no key: never stored
  runs.push_back(SubRun("", "tu1", "Explore", "", 0));                 // a later copy: a new type
  runs.push_back(SubRun("a2", "", "", "", 60));                        // earlier time wins

  ingest::PrepareTexts(f);
  ASSERT_EQ(runs.size(), 2u);
  EXPECT_EQ(runs[0].tool_use_id, "tu1");
  EXPECT_EQ(runs[0].agent_id, "a1");
  EXPECT_EQ(runs[0].type, "Explore");
  EXPECT_EQ(runs[0].description, "first");
  EXPECT_EQ(runs[0].ts_ms, 30);
  EXPECT_EQ(runs[1].agent_id, "a2");
  EXPECT_EQ(runs[1].tool_use_id, "");
  EXPECT_EQ(runs[1].type, "compaction");
  EXPECT_EQ(runs[1].ts_ms, 60);
}

}  // namespace
}  // namespace receipts::testing
