// The scan's parse pool (ingest/file_work.h): persistent workers parse batch after batch,
// each file from its byte range, record by record; a file that cannot be read is an error for
// that file only; a batch handed back as written is freed by the workers.
#include <fstream>

#include "ingest/file_work.h"
#include "sources/source.h"
#include "support/test_support.h"

namespace receipts::testing {
namespace {

// An assistant line with usage; `n` makes its ids unique.
std::string UsageLine(int n, int input) {
  return R"({"type":"assistant","sessionId":"s1","timestamp":"2026-02-01T10:00:0)" +
         std::to_string(n % 10) + R"(.000Z","requestId":"req-)" + std::to_string(n) +
         R"(","message":{"id":"msg-)" + std::to_string(n) +
         R"(","model":"claude-sonnet-4-5-20250929","usage":{"input_tokens":)" +
         std::to_string(input) + R"(,"output_tokens":7}}})" + "\n";
}

class ParsePoolTest : public ::testing::Test {
 protected:
  ingest::Work FileWith(const std::string& name, const std::string& text, int64_t from = 0) {
    std::string path = tmp_.str() + "/" + name;
    std::ofstream(path) << text;
    ingest::Work w;
    w.path = path;
    w.agent = "claude";
    w.source = sources::FindSource("claude");
    w.mode = sources::ReadMode::kAppend;
    w.size = static_cast<int64_t>(text.size());
    w.from = from;
    return w;
  }
  TempDir tmp_;
};

TEST_F(ParsePoolTest, ParsesBatchAfterBatchOnPersistentWorkers) {
  std::vector<ingest::Work> work;
  std::string two = UsageLine(1, 100) + UsageLine(2, 200);
  work.push_back(FileWith("a.jsonl", two));
  work.push_back(FileWith("b.jsonl", UsageLine(3, 300) + "{not json\n" + UsageLine(4, 400)));
  // Appended bytes only: parsing starts at the old end, offsets stay file offsets.
  work.push_back(FileWith("c.jsonl", two + UsageLine(5, 500), static_cast<int64_t>(two.size())));
  ingest::Work gone = FileWith("gone.jsonl", UsageLine(6, 600));
  std::filesystem::remove(gone.path);
  work.push_back(gone);
  // A partial last line is left for the next scan.
  work.push_back(FileWith("d.jsonl", UsageLine(7, 700) + R"({"type":"assistant")"));

  ingest::Progress progress(false, 0, 0);
  ingest::ParsePool pool(work, 2, progress);
  pool.Start(0, 2);
  ingest::Batch first = pool.Wait();
  ASSERT_EQ(first.parsed.size(), 2u);
  EXPECT_EQ(first.begin, 0u);
  const auto& a = first.parsed[0].output;
  ASSERT_EQ(a.records.size(), 2u);
  EXPECT_EQ(a.records[0].tokens.input, 100);
  EXPECT_EQ(a.records[1].tokens.input, 200);
  EXPECT_EQ(a.records[1].dedupe_key, "m:msg-2");
  const auto& b = first.parsed[1].output;
  ASSERT_EQ(b.records.size(), 2u);
  EXPECT_EQ(b.records[1].tokens.input, 400);
  ASSERT_EQ(b.malformed.size(), 1u);
  EXPECT_EQ(b.malformed[0].offset, UsageLine(3, 300).size());

  pool.Start(2, 5, std::move(first));
  ingest::Batch second = pool.Wait();
  ASSERT_EQ(second.parsed.size(), 3u);
  EXPECT_EQ(second.begin, 2u);
  const auto& c = second.parsed[0].output;
  ASSERT_EQ(c.records.size(), 1u);
  EXPECT_EQ(c.records[0].tokens.input, 500);
  EXPECT_EQ(c.records[0].offset, two.size());
  EXPECT_EQ(c.consumed_to, two.size() + UsageLine(5, 500).size());
  EXPECT_TRUE(second.errors[0].ok());
  EXPECT_FALSE(second.errors[1].ok());  // gone.jsonl: this file only
  EXPECT_NE(second.errors[1].message().find("gone.jsonl"), std::string::npos);
  const auto& d = second.parsed[2].output;
  ASSERT_EQ(d.records.size(), 1u);
  EXPECT_EQ(d.consumed_to, UsageLine(7, 700).size());
  EXPECT_TRUE(d.malformed.empty());

  // The first batch again, after a longer file grew each worker's buffer: the same values
  // (nothing of the longer file is left in a reused buffer).
  pool.Start(0, 2, std::move(second));
  ingest::Batch again = pool.Wait();
  ASSERT_EQ(again.parsed[0].output.records.size(), 2u);
  EXPECT_EQ(again.parsed[0].output.records[0].tokens.input, 100);
  EXPECT_EQ(again.parsed[1].output.malformed.size(), 1u);
}

TEST_F(ParsePoolTest, DestroyingAPoolWaitsForTheBatchUnderWay) {
  std::vector<ingest::Work> work;
  for (int i = 0; i < 40; ++i) {
    std::string text;
    for (int k = 0; k < 50; ++k) text += UsageLine(i * 100 + k, k);
    work.push_back(FileWith("f" + std::to_string(i) + ".jsonl", text));
  }
  ingest::Progress progress(false, 0, 0);
  {
    ingest::ParsePool pool(work, 2, progress);
    pool.Start(0, work.size());
  }  // no Wait: an error return in the scan leaves the pool like this
  ingest::ParsePool pool(work, 2, progress);
  pool.Start(0, work.size());
  ingest::Batch batch = pool.Wait();
  int64_t records = 0, input = 0;
  for (const auto& p : batch.parsed) {
    records += static_cast<int64_t>(p.output.records.size());
    for (const auto& r : p.output.records) input += r.tokens.input;
  }
  EXPECT_EQ(records, 40 * 50);
  EXPECT_EQ(input, 40 * (49 * 50 / 2));
}

}  // namespace
}  // namespace receipts::testing
