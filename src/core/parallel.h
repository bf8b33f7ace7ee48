// Many independent jobs of uneven size (directory walks, stats) on two threads.
#pragma once

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <thread>

namespace receipts {

// Runs fn(i, worker) for every i in [0, n): the calling thread is worker 0 and, when n is at
// least `min_for_helper` (jobs too small to pay for a thread stay on one), a helper thread is
// worker 1; each takes the next index as it finishes one.
template <typename Fn>
void ForEachOnTwoThreads(size_t n, Fn&& fn, size_t min_for_helper = 2) {
  std::atomic<size_t> next{0};
  auto run = [&](int worker) {
    for (size_t i = next++; i < n; i = next++) fn(i, worker);
  };
  std::thread helper;
  if (n >= std::max<size_t>(min_for_helper, 2)) helper = std::thread(run, 1);
  run(0);
  if (helper.joinable()) helper.join();
}

}  // namespace receipts
