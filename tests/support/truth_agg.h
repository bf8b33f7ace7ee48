// Sums of generated ground truth (demo::TruthCall), compared with what the engine reports.
#pragma once

#include <cstdint>
#include <ostream>

#include "demo/generator.h"

namespace receipts::testing {

struct Agg {
  int64_t calls = 0, input = 0, output = 0, cw = 0, cr = 0, cost = 0;
  bool operator==(const Agg&) const = default;
};

inline std::ostream& operator<<(std::ostream& os, const Agg& a) {
  return os << "{" << a.calls << " calls, " << a.input << "/" << a.output << "/" << a.cw << "/"
            << a.cr << ", " << a.cost << " nanos}";
}

inline void AddTruth(Agg& a, const demo::TruthCall& c) {
  a.calls++;
  a.input += c.tokens.input;
  a.output += c.tokens.output;
  a.cw += c.tokens.cache_write();
  a.cr += c.tokens.cache_read;
  a.cost += c.cost_nanos;
}

}  // namespace receipts::testing
