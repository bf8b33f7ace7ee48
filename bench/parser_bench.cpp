// parser_bench: Claude parser throughput (MB/s) on an in-memory buffer.
// The corpus is generated once with the demo generator into a temp dir and read back; each
// iteration parses every file from offset 0. No disk I/O or store work is measured.
//   parser_bench [--benchmark_*]      (env PARSER_BENCH_BYTES, default 64000000)
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include <unistd.h>

#include "demo/generator.h"
#include "sources/source.h"

namespace {

namespace fs = std::filesystem;
using receipts::sources::kParsePadding;

struct Buffer {
  std::string path;
  std::string bytes;  // file bytes followed by kParsePadding spaces
  size_t size = 0;    // file bytes only
};

const std::vector<Buffer>& Corpus() {
  static const std::vector<Buffer> corpus = [] {
    const char* env = std::getenv("PARSER_BENCH_BYTES");
    int64_t bytes = env != nullptr ? std::atoll(env) : 64'000'000;
    fs::path dir = fs::temp_directory_path() / ("receipts-parser-bench-" + std::to_string(::getpid()));
    receipts::demo::GeneratorOptions options;
    options.root = dir.string();
    options.seed = 1234;
    options.target_bytes = bytes;
    options.end_ms = 1'790'000'000'000;  // fixed, so runs are comparable
    auto truth = receipts::demo::GenerateClaudeCorpus(options);
    if (!truth.ok()) {
      std::fprintf(stderr, "parser_bench: generator failed: %s\n",
                   truth.status().message().c_str());
      std::exit(1);
    }
    std::vector<Buffer> out;
    for (const auto& entry : fs::recursive_directory_iterator(dir)) {
      if (!entry.is_regular_file() || entry.path().extension() != ".jsonl") continue;
      std::ifstream in(entry.path(), std::ios::binary);
      Buffer b;
      b.path = entry.path().string();
      b.bytes.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
      b.size = b.bytes.size();
      b.bytes.append(kParsePadding, ' ');
      out.push_back(std::move(b));
    }
    fs::remove_all(dir);
    return out;
  }();
  return corpus;
}

void BM_ClaudeParse(benchmark::State& state) {
  const auto& corpus = Corpus();
  const auto* source = receipts::sources::FindSource("claude");
  if (source == nullptr) {
    state.SkipWithError("no claude source");
    return;
  }
  int64_t total = 0, records = 0;
  for (const auto& b : corpus) total += static_cast<int64_t>(b.size);
  for (auto _ : state) {
    records = 0;
    for (const auto& b : corpus) {
      auto out = source->Parse(b.path, std::string_view(b.bytes.data(), b.size), 0, "");
      records += static_cast<int64_t>(out.records.size());
      benchmark::DoNotOptimize(out);
    }
  }
  state.SetBytesProcessed(state.iterations() * total);
  state.counters["MB/s"] = benchmark::Counter(
      static_cast<double>(state.iterations()) * static_cast<double>(total) / 1e6,
      benchmark::Counter::kIsRate);  // decimal MB (bytes_per_second is MiB)
  state.counters["files"] = static_cast<double>(corpus.size());
  state.counters["MB"] = static_cast<double>(total) / 1e6;
  state.counters["records"] = static_cast<double>(records);
}
BENCHMARK(BM_ClaudeParse)->Unit(benchmark::kMillisecond);  // CPU time: the machine may be shared

}  // namespace

BENCHMARK_MAIN();
