// Redaction throughput (MB/s) on typical agent text: prompts, commands, paths, code, JSON.
// Ingest runs Redact on every prompt, tool target and result head.
#include <benchmark/benchmark.h>

#include <string>

#include "redact/redact.h"
#include "redact/samples.h"

namespace {

std::string TypicalText(bool with_secrets) {
  std::string chunk =
      "Please refactor src/components/HeaderBar/index.tsx so that the useEffect hook does not "
      "re-run on every render; also update tests/unit/header_bar.test.ts accordingly.\n"
      "cd /home/dev/src/acme-api && npm run build && git commit -m \"fix: header bar render loop\"\n"
      "{\"file_path\": \"/home/dev/src/acme-api/packages/ui/Button.tsx\", \"old_string\": "
      "\"const [open, setOpen] = useState(false);\"}\n"
      "commit 3f786850e387550fdab836ed7e6dc881de23001b session "
      "550e8400-e29b-41d4-a716-446655440000 max_tokens=4096\n";
  std::string text;
  size_t i = 0;
  auto secrets = receipts::redact::SampleSecrets();
  while (text.size() < (4u << 20)) {
    text += chunk;
    if (with_secrets && !secrets.empty()) text += secrets[i++ % secrets.size()] + "\n";
  }
  return text;
}

void BM_Redact(benchmark::State& state) {
  std::string text = TypicalText(state.range(0) != 0);
  std::string out;
  for (auto _ : state) {
    out.clear();
    receipts::redact::RedactTo(text, &out);
    benchmark::DoNotOptimize(out.data());
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * text.size()));
}
BENCHMARK(BM_Redact)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
