// Shared helpers of the Codex/Gemini/OpenClaw/pi/opencode generators and their independent
// price table.
#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>

#include <fmt/format.h>

#include "core/time.h"
#include "demo/agents_internal.h"

namespace receipts::demo {

namespace {

// micro-$ per million tokens; cached = -1 means unknown (calls with cached tokens unpriced).
struct AgentPrice {
  int64_t input, cached, cache_write, output;
};

const std::map<std::string, AgentPrice>& AgentPrices() {
  static const std::map<std::string, AgentPrice> kPrices = {
      // OpenAI (PRICING.md d3): no cache-write price, never emitted.
      {"gpt-5-codex", {1'250'000, 125'000, -1, 10'000'000}},
      {"gpt-5.1-codex", {1'250'000, 125'000, -1, 10'000'000}},
      {"gpt-5.2-codex", {1'750'000, 175'000, -1, 14'000'000}},
      {"gpt-5.2", {1'750'000, 175'000, -1, 14'000'000}},
      // Google (d4): 2.5-flash's cached price is `?`.
      {"gemini-2.5-flash", {300'000, -1, -1, 2'500'000}},
      {"gemini-3-flash-preview", {500'000, 50'000, -1, 3'000'000}},
      // Anthropic (d2), below the 200K long-context threshold only.
      {"claude-sonnet-4-5", {3'000'000, 300'000, 3'750'000, 15'000'000}},
      {"claude-haiku-4-5", {1'000'000, 100'000, 1'250'000, 5'000'000}},
  };
  return kPrices;
}

// Spellings the pi and opencode generators log for a model above (a date suffix, a dotted
// version as GitHub Copilot spells it, an OpenRouter vendor prefix).
const std::map<std::string, std::string>& AgentAliases() {
  static const std::map<std::string, std::string> kAliases = {
      {"claude-haiku-4-5-20251001", "claude-haiku-4-5"},
      {"claude-sonnet-4.5", "claude-sonnet-4-5"},
      {"anthropic/claude-sonnet-4.5", "claude-sonnet-4-5"},
  };
  return kAliases;
}

}  // namespace

std::optional<int64_t> ExpectedAgentCostNanos(const std::string& model, const TokenCounts& t) {
  auto alias = AgentAliases().find(model);
  auto it = AgentPrices().find(alias == AgentAliases().end() ? model : alias->second);
  if (it == AgentPrices().end()) return std::nullopt;
  const AgentPrice& p = it->second;
  if ((t.cache_read > 0 && p.cached < 0) || (t.cache_write() > 0 && p.cache_write < 0)) {
    return std::nullopt;
  }
  __int128 sum = static_cast<__int128>(t.input) * p.input +
                 static_cast<__int128>(t.output) * p.output +
                 static_cast<__int128>(t.cache_read) * std::max<int64_t>(p.cached, 0) +
                 static_cast<__int128>(t.cache_write()) * std::max<int64_t>(p.cache_write, 0);
  return static_cast<int64_t>((sum + 500) / 1000);
}

namespace agents {

int64_t EndMs(const GeneratorOptions& options) {
  if (options.end_ms != 0) return options.end_ms;
  return now_utc_ms();
}

int64_t SpanMs(const GeneratorOptions& options) {
  return static_cast<int64_t>(std::max(options.days, 1)) * 86'400'000;
}

std::string Iso(int64_t ms) { return format_iso8601_ms(ms); }

std::string FileStamp(int64_t ms) {
  std::string s = Iso(ms).substr(0, 19);  // YYYY-MM-DDTHH:MM:SS
  std::replace(s.begin(), s.end(), ':', '-');
  return s;
}

std::string DatePath(int64_t ms) {
  std::string s = Iso(ms);
  return s.substr(0, 4) + "/" + s.substr(5, 2) + "/" + s.substr(8, 2);
}

Status WriteWhole(const std::string& path, const std::string& text, Truth& truth) {
  std::error_code ec;
  std::filesystem::create_directories(std::filesystem::path(path).parent_path(), ec);
  if (ec) return Status::Error(fmt::format("{}: {}", path, ec.message()));
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
  out.close();
  if (!out) return Status::Error(fmt::format("{}: write failed", path));
  truth.files++;
  truth.bytes += static_cast<int64_t>(text.size());
  return Status::Ok();
}

std::string PlainFiller(Rng& rng, size_t bytes) {
  std::string escaped;
  TextPool::Get().Append(escaped, rng, bytes);
  std::string out;
  out.reserve(escaped.size());
  for (size_t i = 0; i < escaped.size(); ++i) {
    char c = escaped[i];
    if (c == '\\' && i + 1 < escaped.size()) {
      char e = escaped[++i];
      out.push_back(e == 'n' ? '\n' : e == 't' ? '\t' : e);
    } else {
      out.push_back(c);
    }
  }
  return out;
}

void AddCall(Truth& truth, TruthCall call) {
  if (!call.recorded_cost_usd) {
    call.cost_nanos = ExpectedAgentCostNanos(call.model, call.tokens).value_or(0);
  }
  truth.calls.push_back(std::move(call));
}

void SortCalls(Truth& truth) {
  std::sort(truth.calls.begin(), truth.calls.end(), [](const TruthCall& a, const TruthCall& b) {
    return a.ts_ms != b.ts_ms ? a.ts_ms < b.ts_ms : a.message_id < b.message_id;
  });
}

}  // namespace agents
}  // namespace receipts::demo
