// The report response cache: one computation per key and store version however many clients
// ask at once, a recomputation once the store changed (the watcher ingested, or anything else
// committed) during which other requests get the previous result, errors never kept, a byte
// budget; and through the server: a repeated report is a
// hit with the same bytes, an append makes it a miss with the new totals, blocks is never cached.
#include <nlohmann/json.hpp>

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <chrono>
#include <thread>
#include <vector>

#include "http/cache.h"
#include "http/http_fixture.h"

namespace receipts::testing {
namespace {

using nlohmann::json;
using Served = http::ResponseCache::Served;

TEST(ResponseCacheTest, ConcurrentRequestsComputeOnce) {
  TempDir tmp;
  http::ResponseCache cache(tmp.str() + "/none.db", 1 << 20);
  std::atomic<int> computed{0};
  auto slow = [&] {
    computed++;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    return http::CachedResponse{200, "{\"v\":1}"};
  };
  std::vector<std::thread> threads;
  std::atomic<int> hits{0}, same{0};
  for (int i = 0; i < 16; ++i) {
    threads.emplace_back([&] {
      Served how = Served::kMiss;
      auto r = cache.Get("daily?", 7, slow, &how);
      hits += how == Served::kHit;
      same += r->body == "{\"v\":1}";
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(computed.load(), 1);
  EXPECT_EQ(hits.load(), 15);
  EXPECT_EQ(same.load(), 16);
  EXPECT_EQ(cache.stats().entries, 1);
  EXPECT_EQ(cache.stats().bytes, 7);
}

TEST(ResponseCacheTest, NewerVersionRecomputesOlderIsServedTheNewer) {
  TempDir tmp;
  http::ResponseCache cache(tmp.str() + "/none.db", 1 << 20);
  int n = 0;
  auto next = [&] { return http::CachedResponse{200, std::to_string(++n)}; };
  Served how = Served::kHit;
  EXPECT_EQ(cache.Get("k", 1, next, &how)->body, "1");
  EXPECT_EQ(how, Served::kMiss);
  EXPECT_EQ(cache.Get("k", 1, next, &how)->body, "1");
  EXPECT_EQ(how, Served::kHit);
  EXPECT_EQ(cache.Get("k", 2, next, &how)->body, "2");  // the store changed
  EXPECT_EQ(how, Served::kMiss);
  EXPECT_EQ(cache.Get("k", 1, next, &how)->body, "2");  // a request that read the version earlier
  EXPECT_EQ(how, Served::kHit);
  EXPECT_EQ(cache.Get("other", 2, next, &how)->body, "3");
  EXPECT_EQ(cache.stats().entries, 2);
  EXPECT_EQ(cache.stats().bytes, 2);
}

TEST(ResponseCacheTest, ErrorsAreNotKeptAndTheBudgetHolds) {
  TempDir tmp;
  http::ResponseCache cache(tmp.str() + "/none.db", 100);
  int n = 0;
  auto fail = [&] { return http::CachedResponse{404, "{\"error\":\"no\"}" + std::to_string(++n)}; };
  EXPECT_EQ(cache.Get("e", 1, fail)->body, "{\"error\":\"no\"}1");
  EXPECT_EQ(cache.Get("e", 1, fail)->body, "{\"error\":\"no\"}2");
  EXPECT_EQ(cache.stats().entries, 0);
  std::string sixty(60, 'x');
  auto big = [&] { return http::CachedResponse{200, sixty}; };
  cache.Get("a", 1, big);
  cache.Get("b", 2, big);  // over 100 bytes: the older version goes
  EXPECT_EQ(cache.stats().entries, 1);
  EXPECT_EQ(cache.stats().bytes, 60);
  cache.Get("c", 2, big);  // same version: any other finished entry goes
  EXPECT_EQ(cache.stats().entries, 1);
  EXPECT_EQ(cache.stats().bytes, 60);
  Served how = Served::kMiss;
  cache.Get("c", 2, big, &how);
  EXPECT_EQ(how, Served::kHit);
}

// While the first request after a change recomputes a report, the others get the previous
// result at once instead of queueing behind the query.
TEST(ResponseCacheTest, RequestsDuringARecomputationGetThePreviousResult) {
  TempDir tmp;
  http::ResponseCache cache(tmp.str() + "/none.db", 1 << 20);
  cache.Get("k", 1, [] { return http::CachedResponse{200, "old"}; });
  std::mutex mu;
  std::condition_variable cv;
  bool started = false, release = false;
  std::thread recompute([&] {
    Served how = Served::kHit;
    auto r = cache.Get("k", 2, [&] {
      {
        std::unique_lock<std::mutex> lock(mu);
        started = true;
        cv.notify_all();
        cv.wait(lock, [&] { return release; });
      }
      return http::CachedResponse{200, "new"};
    }, &how);
    EXPECT_EQ(r->body, "new");
    EXPECT_EQ(how, Served::kMiss);
  });
  {
    std::unique_lock<std::mutex> lock(mu);
    cv.wait(lock, [&] { return started; });
  }
  Served how = Served::kMiss;
  EXPECT_EQ(cache.Get("k", 2, [] { return http::CachedResponse{200, "never"}; }, &how)->body, "old");
  EXPECT_EQ(how, Served::kStale);
  {
    std::lock_guard<std::mutex> lock(mu);
    release = true;
  }
  cv.notify_all();
  recompute.join();
  EXPECT_EQ(cache.Get("k", 2, [] { return http::CachedResponse{200, "never"}; }, &how)->body, "new");
  EXPECT_EQ(how, Served::kHit);
  EXPECT_EQ(cache.stats().stale, 1);
}

// While the watcher holds stale answers, a changed key is answered from memory without running
// its computation; a key never computed still is; once released, the first request recomputes.
TEST(ResponseCacheTest, HoldStaleAnswersFromMemoryUntilReleased) {
  TempDir tmp;
  http::ResponseCache cache(tmp.str() + "/none.db", 1 << 20);
  cache.Get("k", 1, [] { return http::CachedResponse{200, "old"}; });
  cache.HoldStale(true);
  Served how = Served::kMiss;
  auto never = [] {
    ADD_FAILURE() << "computed while held";
    return http::CachedResponse{200, "never"};
  };
  EXPECT_EQ(cache.Get("k", 2, never, &how)->body, "old");
  EXPECT_EQ(how, Served::kStale);
  EXPECT_EQ(cache.Get("fresh-key", 2, [] { return http::CachedResponse{200, "computed"}; }, &how)->body,
            "computed");
  EXPECT_EQ(how, Served::kMiss);
  cache.HoldStale(false);
  EXPECT_EQ(cache.Get("k", 2, [] { return http::CachedResponse{200, "new"}; }, &how)->body, "new");
  EXPECT_EQ(how, Served::kMiss);
  EXPECT_EQ(cache.stats().stale, 1);
}

// Refresh recomputes every older entry with the computation its requests gave, leaves current
// ones alone, and forgets entries nobody asked for within `keep_ms`.
TEST(ResponseCacheTest, RefreshRecomputesWhatWasAskedForAndForgetsTheRest) {
  TempDir tmp;
  http::ResponseCache cache(tmp.str() + "/none.db", 1 << 20);
  int version = 1;
  std::atomic<int> a_runs{0}, c_runs{0};
  auto body = [&](char key) { return http::CachedResponse{200, std::string{key, char('0' + version)}}; };
  cache.Get("a", 1, [&] { a_runs++; return body('a'); });
  cache.Get("b", 1, [] { return http::CachedResponse{404, "gone"}; });  // an error: never kept
  version = 2;
  cache.Get("c", 2, [&] { c_runs++; return body('c'); });
  version = 3;
  EXPECT_EQ(cache.Refresh(2), 1);  // a (v1) only: c is at 2 already, b was never kept
  EXPECT_EQ(a_runs, 2);
  EXPECT_EQ(c_runs, 1);
  Served how = Served::kMiss;
  auto never = [] { return http::CachedResponse{200, "never"}; };
  EXPECT_EQ(cache.Get("a", 2, never, &how)->body, "a3");
  EXPECT_EQ(how, Served::kHit);
  EXPECT_EQ(cache.stats().refreshed, 1);
  EXPECT_EQ(cache.stats().entries, 2);
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  EXPECT_EQ(cache.Refresh(4, /*keep_ms=*/5), 0);  // asked for 20 ms ago: both forgotten
  EXPECT_EQ(cache.stats().entries, 0);
  EXPECT_EQ(cache.stats().bytes, 0);
  EXPECT_EQ(a_runs, 2);
}

// The version is the store's data generation: any connection's data commit moves it; a
// commit that changes no report (kDerived: stored results, the directory snapshot) does not;
// a store deleted and created again at the path moves it past every earlier version.
TEST(ResponseCacheTest, VersionMovesWithCommitsOfDataOnly) {
  TempDir tmp;
  std::string db = tmp.str() + "/r.db";
  http::ResponseCache cache(db, 1 << 20);
  std::optional<int64_t> v1;
  {
    store::Store writer = OpenStore(db);
    v1 = cache.Version();
    ASSERT_TRUE(v1);
    EXPECT_EQ(cache.Version(), v1);  // nothing committed
    {
      store::Transaction tx(writer.db(), store::Transaction::Kind::kDerived);
      writer.db().Exec("INSERT INTO meta(key, value) VALUES ('cache-test', 'x')");
      ASSERT_TRUE(tx.Commit().ok());
    }
    EXPECT_EQ(cache.Version(), v1);  // no data changed
    {
      store::Transaction tx(writer.db());
      writer.db().Exec("INSERT OR REPLACE INTO meta(key, value) VALUES ('cache-test', 'y')");
      ASSERT_TRUE(tx.Commit().ok());
    }
    auto v2 = cache.Version();
    ASSERT_TRUE(v2);
    EXPECT_EQ(*v2, *v1 + 1);
    v1 = v2;
  }
  for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(db + suffix);
  store::Store again = OpenStore(db);  // a new store: its data_gen starts over
  auto v3 = cache.Version();
  ASSERT_TRUE(v3);
  EXPECT_GT(*v3, *v1);
}

TEST_F(HttpTest, ReportsAreServedFromTheCacheUntilTheStoreChanges) {
  http::ServerOptions o = Options();
  o.watch_interval_ms = 200;
  Start(o);
  auto cache_of = [](const Reply& r) {
    auto it = r.headers.find("X-Receipts-Cache");
    return it == r.headers.end() ? std::string() : it->second;
  };
  Reply first = Get("/api/v1/reports/daily?tz=UTC");
  Reply second = Get("/api/v1/reports/daily?tz=UTC");
  ASSERT_EQ(first.status, 200);
  EXPECT_EQ(cache_of(first), "miss");
  EXPECT_EQ(cache_of(second), "hit");
  EXPECT_EQ(second.body, first.body);
  EXPECT_EQ(second.body, Direct("daily", Utc()));
  // Another query is another entry; a bad one is an error, never cached.
  EXPECT_EQ(cache_of(Get("/api/v1/reports/daily?tz=Europe/Berlin")), "miss");
  EXPECT_EQ(cache_of(Get("/api/v1/reports/session?id=zzzz-nope")), "miss");
  EXPECT_EQ(cache_of(Get("/api/v1/reports/session?id=zzzz-nope")), "miss");
  EXPECT_EQ(cache_of(Get("/api/v1/reports/blocks")), "off");  // depends on the clock

  int64_t before = first.body["totals"]["totalCostNanos"];
  auto added = demo::AppendToClaudeCorpus(root_, 20'000, 77, kEnd + 3'600'000);
  ASSERT_TRUE(added.ok()) << added.status().message();
  Reply after;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  do {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    after = Get("/api/v1/reports/daily?tz=UTC");
  } while (after.body["totals"]["totalCostNanos"].get<int64_t>() == before &&
           std::chrono::steady_clock::now() < deadline);
  EXPECT_GT(after.body["totals"]["totalCostNanos"].get<int64_t>(), before);
  // Once the watcher settles, the served report is the store's, every appended call in.
  json direct;
  deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  do {
    after = Get("/api/v1/reports/daily?tz=UTC");
    direct = Direct("daily", Utc());
    if (after.body == direct && direct["totals"]["calls"].get<size_t>() ==
                                    truth_.calls.size() + added.value().calls.size()) {
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  } while (std::chrono::steady_clock::now() < deadline);
  EXPECT_EQ(after.body, direct);
  EXPECT_EQ(direct["totals"]["calls"].get<size_t>(), truth_.calls.size() + added.value().calls.size());
}

// The watcher refreshes the cache before it tells the pages: a report requested right after the
// update event is already fresh in memory (a hit, not a recomputation) and equals the store's.
TEST_F(HttpTest, AfterAnUpdateEventReportsAreFreshInMemory) {
  http::ServerOptions o = Options();
  o.watch_interval_ms = 250;
  o.heartbeat_ms = 300;  // the reader's thread ends at the next event
  Start(o);
  const std::string path = "/api/v1/reports/daily?tz=UTC";
  Reply before = Get(path);
  ASSERT_EQ(before.status, 200);
  SseReader sse(server_->port(), "/api/v1/events");
  ASSERT_TRUE(sse.WaitFor("status", std::chrono::seconds(5)));
  auto added = demo::AppendToClaudeCorpus(root_, 20'000, 31, kEnd + 3'600'000);
  ASSERT_TRUE(added.ok()) << added.status().message();
  ASSERT_FALSE(added.value().calls.empty());
  auto update = sse.WaitFor("update", std::chrono::seconds(10));
  ASSERT_TRUE(update) << "no update event within 10 s";
  Reply after = Get(path);
  EXPECT_EQ(after.headers.find("X-Receipts-Cache")->second, "hit");
  EXPECT_EQ(after.body, Direct("daily", Utc()));
  EXPECT_EQ(after.body["totals"]["calls"].get<size_t>(), truth_.calls.size() + added.value().calls.size());
  EXPECT_EQ(json::parse(update->data)["calls"], after.body["totals"]["calls"]);
}

}  // namespace
}  // namespace receipts::testing
