// Many small independent jobs of uneven size (directory walks) on two threads.
#pragma once

#include <atomic>
#include <cstddef>
#include <thread>

namespace receipts {

// Runs fn(i, worker) for every i in [0, n): the calling thread is worker 0 and, when n > 1, a
// helper thread is worker 1; each takes the next index as it finishes one.
template <typename Fn>
void ForEachOnTwoThreads(size_t n, Fn&& fn) {
  std::atomic<size_t> next{0};
  auto run = [&](int worker) {
    for (size_t i = next++; i < n; i = next++) fn(i, worker);
  };
  std::thread helper;
  if (n > 1) helper = std::thread(run, 1);
  run(0);
  if (helper.joinable()) helper.join();
}

}  // namespace receipts
