// receipts-gen: writes a synthetic Claude Code corpus (and its exact truth) for tests and
// benchmarks; --agent codex|gemini|openclaw|pi|opencode writes that agent's corpus instead
// (root = its CODEX_HOME, GEMINI_DATA_DIR, OPENCLAW_DIR, PI_AGENT_DIR or
// $XDG_DATA_HOME/opencode).
//   receipts-gen --root DIR --bytes N --seed S [--days D] [--end ISO] [--agent A] [--truth FILE.json]
//   receipts-gen --append --root DIR --bytes N --seed S [--start ISO] [--truth FILE.json]
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include "core/time.h"
#include "demo/agents.h"
#include "demo/generator.h"

namespace {

int Usage(const char* why) {
  std::fprintf(stderr,
               "receipts-gen: %s\n"
               "usage: receipts-gen --root DIR --bytes N --seed S [--days D] [--end ISO] "
               "[--agent claude|codex|gemini|openclaw|pi|opencode] [--truth FILE.json]\n"
               "       receipts-gen --append --root DIR --bytes N --seed S [--start ISO] "
               "[--truth FILE.json]\n"
               "N accepts a K, M or G suffix (powers of 1000).\n",
               why);
  return 2;
}

bool ParseBytes(const std::string& text, int64_t& out) {
  if (text.empty()) return false;
  char* end = nullptr;
  double v = std::strtod(text.c_str(), &end);
  std::string suffix(end);
  if (suffix == "K" || suffix == "k") v *= 1e3;
  else if (suffix == "M" || suffix == "m") v *= 1e6;
  else if (suffix == "G" || suffix == "g") v *= 1e9;
  else if (!suffix.empty()) return false;
  if (v < 0) return false;
  out = static_cast<int64_t>(v);
  return true;
}


}  // namespace

int main(int argc, char** argv) {
  std::string root, truth_path, end_text, start_text, agent = "claude";
  int64_t bytes = -1;
  uint64_t seed = 42;
  int days = 30;
  bool append = false;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto value = [&](std::string& out) {
      if (i + 1 >= argc) return false;
      out = argv[++i];
      return true;
    };
    std::string v;
    if (a == "--append") {
      append = true;
    } else if (a == "--agent") {
      if (!value(agent) || (agent != "claude" && agent != "codex" && agent != "gemini" &&
                            agent != "openclaw" && agent != "pi" && agent != "opencode")) {
        return Usage("--agent needs claude, codex, gemini, openclaw, pi or opencode");
      }
    } else if (a == "--root") {
      if (!value(root)) return Usage("--root needs a directory");
    } else if (a == "--bytes") {
      if (!value(v) || !ParseBytes(v, bytes)) return Usage("--bytes needs a size like 1000000 or 1G");
    } else if (a == "--seed") {
      if (!value(v)) return Usage("--seed needs a number");
      seed = std::strtoull(v.c_str(), nullptr, 10);
    } else if (a == "--days") {
      if (!value(v) || std::atoi(v.c_str()) < 1) return Usage("--days needs a positive number");
      days = std::atoi(v.c_str());
    } else if (a == "--end") {
      if (!value(end_text)) return Usage("--end needs an ISO-8601 instant");
    } else if (a == "--start") {
      if (!value(start_text)) return Usage("--start needs an ISO-8601 instant");
    } else if (a == "--truth") {
      if (!value(truth_path)) return Usage("--truth needs a file name");
    } else if (a == "-h" || a == "--help") {
      Usage("writes a synthetic Claude Code corpus");
      return 0;
    } else {
      return Usage(("unknown argument '" + a + "'").c_str());
    }
  }
  if (root.empty()) return Usage("--root is required");
  if (bytes < 0) return Usage("--bytes is required");

  auto parse_instant = [](const std::string& text, int64_t fallback, int64_t& out) {
    if (text.empty()) {
      out = fallback;
      return true;
    }
    auto ms = receipts::parse_iso8601_ms(text);
    if (!ms) return false;
    out = *ms;
    return true;
  };

  receipts::Result<receipts::demo::Truth> result = receipts::Status::Error("not run");
  if (append && agent != "claude") return Usage("--append writes Claude Code history only");
  if (append) {
    int64_t start_ms = 0;
    if (!parse_instant(start_text, receipts::now_utc_ms(), start_ms)) {
      return Usage(("--start: '" + start_text + "' is not an ISO-8601 instant").c_str());
    }
    result = receipts::demo::AppendToClaudeCorpus(root, bytes, seed, start_ms);
  } else {
    receipts::demo::GeneratorOptions options;
    options.root = root;
    options.seed = seed;
    options.target_bytes = bytes;
    options.days = days;
    if (!parse_instant(end_text, 0, options.end_ms)) {
      return Usage(("--end: '" + end_text + "' is not an ISO-8601 instant").c_str());
    }
    result = agent == "codex"      ? receipts::demo::GenerateCodexCorpus(options)
             : agent == "gemini"   ? receipts::demo::GenerateGeminiCorpus(options)
             : agent == "openclaw" ? receipts::demo::GenerateOpenClawCorpus(options)
             : agent == "pi"       ? receipts::demo::GeneratePiCorpus(options)
             : agent == "opencode" ? receipts::demo::GenerateOpenCodeCorpus(options)
                                   : receipts::demo::GenerateClaudeCorpus(options);
  }
  if (!result.ok()) {
    std::fprintf(stderr, "receipts-gen: %s\n", result.status().message().c_str());
    return 1;
  }
  const receipts::demo::Truth& truth = result.value();
  if (!truth_path.empty()) {
    std::string json = receipts::demo::TruthToJson(truth);
    FILE* f = std::fopen(truth_path.c_str(), "wb");
    if (f == nullptr || std::fwrite(json.data(), 1, json.size(), f) != json.size() ||
        std::fclose(f) != 0) {
      std::fprintf(stderr, "receipts-gen: cannot write %s\n", truth_path.c_str());
      return 1;
    }
  }
  std::fprintf(stderr, "receipts-gen: %lld files, %lld bytes, %zu calls, %lld usage records, %lld malformed lines\n",
               static_cast<long long>(truth.files), static_cast<long long>(truth.bytes),
               truth.calls.size(), static_cast<long long>(truth.usage_records),
               static_cast<long long>(truth.malformed_lines));
  return 0;
}
