// Public entry points of the generator: fresh corpus, append, truth as JSON.
#include "demo/generator.h"

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <system_error>

#include "core/time.h"
#include "demo/corpus.h"

namespace receipts::demo {

namespace fs = std::filesystem;

namespace {

std::string SlugOf(std::string_view cwd) {
  std::string s(cwd);
  for (char& c : s) {
    bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    if (!alnum) c = '-';
  }
  return s;
}

// The last `"key":"value"` in text (values are plain: no escapes needed here).
std::string LastStringField(const std::string& text, std::string_view key) {
  std::string needle = "\"" + std::string(key) + "\":\"";
  size_t pos = text.rfind(needle);
  if (pos == std::string::npos) return {};
  size_t start = pos + needle.size();
  size_t end = text.find('"', start);
  if (end == std::string::npos) return {};
  return text.substr(start, end - start);
}

}  // namespace

CorpusWriter::CorpusWriter(std::string root, uint64_t seed, int64_t end_ms, int days,
                           int64_t target_bytes)
    : root_(std::move(root)),
      rng_(seed),
      end_ms_(end_ms),
      days_(days < 1 ? 1 : days),
      target_bytes_(target_bytes) {
  static constexpr std::pair<const char*, const char*> kProjects[] = {
      {"/home/dev/src/acme-api", "main"},
      {"/home/dev/src/acme-web/packages/ui", "feat/button-variants"},
      {"/home/dev/src/acme-web", "main"},
      {"/home/dev/src/data_pipeline", "dev"},
      {"/home/dev/work/infra.tf", "main"},
      {"/home/dev/src/receipts-demo", ""},
  };
  for (const auto& [cwd, branch] : kProjects) {
    projects_.push_back(Project{cwd, SlugOf(cwd), branch});
  }
  history_.resize(projects_.size());
  // About 9 KB per call: scale session length with the corpus so small corpora still hold
  // many sessions (every session-level trait) and large ones have realistic long sessions.
  avg_calls_ = static_cast<int>(std::clamp<int64_t>(target_bytes_ / (30 * 9000), 6, 60));
}

Result<Truth> CorpusWriter::Generate() {
  std::error_code ec;
  fs::create_directories(fs::path(root_) / "projects", ec);
  if (ec) return Status::Error("cannot create " + root_ + "/projects: " + ec.message());
  for (int i = 0; written_bytes_ < target_bytes_; ++i) {
    WriteSession(PlanSession(i));
    Status s = FlushAll();
    if (!s.ok()) return s;
  }
  builder_.Finish(truth_);
  return truth_;
}

Result<Truth> CorpusWriter::Append(int64_t start_ms) {
  append_mode_ = true;
  struct Candidate {
    std::string path, session_id, cwd, version, branch;
  };
  std::vector<Candidate> candidates;
  std::error_code ec;
  fs::path projects = fs::path(root_) / "projects";
  if (!fs::is_directory(projects, ec)) {
    return Status::Error("no Claude corpus at " + root_ + " (missing projects/)");
  }
  std::vector<fs::path> paths;
  for (const auto& dir : fs::directory_iterator(projects, ec)) {
    if (!dir.is_directory()) continue;
    for (const auto& f : fs::directory_iterator(dir.path(), ec)) {
      std::string name = f.path().filename().string();
      if (f.is_regular_file() && f.path().extension() == ".jsonl" && name.rfind("agent-", 0) != 0) {
        paths.push_back(f.path());
      }
    }
  }
  std::sort(paths.begin(), paths.end());
  for (const auto& p : paths) {
    std::ifstream in(p, std::ios::binary);
    in.seekg(0, std::ios::end);
    auto size = static_cast<int64_t>(in.tellg());
    if (size <= 0) continue;
    int64_t from = std::max<int64_t>(0, size - 262'144);
    std::string tail(static_cast<size_t>(size - from), '\0');
    in.seekg(from);
    in.read(tail.data(), static_cast<std::streamsize>(tail.size()));
    if (tail.empty() || tail.back() != '\n') continue;  // never extend a partial line
    Candidate c;
    c.path = p.string();
    c.session_id = p.stem().string();
    c.cwd = LastStringField(tail, "cwd");
    c.version = LastStringField(tail, "version");
    c.branch = LastStringField(tail, "gitBranch");
    if (c.cwd.empty() || c.version.empty()) continue;  // e.g. a summary-only file
    candidates.push_back(std::move(c));
  }
  if (candidates.empty()) return Status::Error("no session files to append to under " + root_);

  // A few files, chosen deterministically.
  size_t k = std::min<size_t>(3, candidates.size());
  for (size_t i = 0; i < k; ++i) {
    size_t j = i + static_cast<size_t>(rng_.Next() % (candidates.size() - i));
    std::swap(candidates[i], candidates[j]);
  }
  projects_.clear();
  projects_.reserve(k);
  std::vector<Ctx> ctxs(k);
  for (size_t i = 0; i < k; ++i) {
    const Candidate& c = candidates[i];
    projects_.push_back(Project{c.cwd, SlugOf(c.cwd), c.branch});
    Ctx& ctx = ctxs[i];
    ctx.project = &projects_.back();
    ctx.session_id = c.session_id;
    ctx.version = c.version;
    ctx.era = c.version.rfind("1.", 0) == 0 ? Era::kOld
                                             : (c.version.rfind("2.0.", 0) == 0 ? Era::kMid
                                                                                : Era::kNew);
    ctx.file = OpenFile(c.path, false);
    ctx.file->append = true;
    ctx.context = rng_.Range(20'000, 60'000);
  }
  clock_ = start_ms;
  int64_t pending = 0;
  for (size_t i = 0; pending < target_bytes_; ++i) {
    Turn(ctxs[i % k], static_cast<int>(rng_.Range(1, 4)));
    Advance(10'000, 120'000);
    pending = 0;
    for (const auto& [path, f] : files_) pending += static_cast<int64_t>(f->text.size());
  }
  Status s = FlushAll();
  if (!s.ok()) return s;
  builder_.Finish(truth_);
  return truth_;
}

Result<Truth> GenerateClaudeCorpus(const GeneratorOptions& options) {
  if (options.root.empty()) return Status::Error("generator: empty root directory");
  int64_t end_ms = options.end_ms;
  if (end_ms == 0) {
    end_ms = now_utc_ms();
  }
  CorpusWriter writer(options.root, options.seed, end_ms, options.days, options.target_bytes);
  return writer.Generate();
}

Result<Truth> AppendToClaudeCorpus(const std::string& root, int64_t bytes, uint64_t seed,
                                   int64_t start_ms) {
  if (bytes <= 0) return Truth{};
  uint64_t mixed = seed ^ (static_cast<uint64_t>(start_ms) * 0x9E3779B97F4A7C15ull);
  CorpusWriter writer(root, mixed, start_ms, 1, bytes);
  return writer.Append(start_ms);
}

std::string TruthToJson(const Truth& truth) {
  // One call per line keeps a 1 GB corpus's truth (≈200K calls) fast to write and diff.
  nlohmann::json head;
  head["files"] = truth.files;
  head["bytes"] = truth.bytes;
  head["malformed_lines"] = truth.malformed_lines;
  head["malformed_usage_lines"] = truth.malformed_usage_lines;
  head["usage_records"] = truth.usage_records;
  head["synthetic_records"] = truth.synthetic_records;
  head["traits"] = nlohmann::json::object();
  for (const auto& [name, n] : truth.traits) head["traits"][name] = n;
  TokenCounts sum;
  int64_t cost = 0;
  std::string calls;
  calls.reserve(truth.calls.size() * 400);
  for (const TruthCall& c : truth.calls) {
    nlohmann::json o;
    o["message_id"] = c.message_id;
    o["ts_ms"] = c.ts_ms;
    o["session_id"] = c.session_id;
    o["project"] = c.project;
    o["model"] = c.model;
    o["sidechain"] = c.sidechain;
    o["agent_type"] = c.agent_type;
    o["agent"] = c.agent;
    o["input"] = c.tokens.input;
    o["output"] = c.tokens.output;
    o["cache_write_5m"] = c.tokens.cache_write_5m;
    o["cache_write_1h"] = c.tokens.cache_write_1h;
    o["cache_read"] = c.tokens.cache_read;
    o["web_search_requests"] = c.web_search_requests;
    o["speed"] = c.speed;
    o["cost_nanos"] = c.cost_nanos;
    if (c.recorded_cost_usd) o["recorded_cost_usd"] = *c.recorded_cost_usd;
    calls += calls.empty() ? "\n  " : ",\n  ";
    calls += o.dump();
    sum.input += c.tokens.input;
    sum.output += c.tokens.output;
    sum.cache_write_5m += c.tokens.cache_write_5m;
    sum.cache_write_1h += c.tokens.cache_write_1h;
    sum.cache_read += c.tokens.cache_read;
    cost += c.cost_nanos;
  }
  head["totals"] = {{"calls", truth.calls.size()},         {"input", sum.input},
                    {"output", sum.output},                {"cache_write_5m", sum.cache_write_5m},
                    {"cache_write_1h", sum.cache_write_1h}, {"cache_read", sum.cache_read},
                    {"cost_nanos", cost}};
  std::string out = head.dump(1);
  out.pop_back();  // the closing brace
  while (!out.empty() && out.back() == '\n') out.pop_back();
  out += ",\n \"calls\": [";
  out += calls;
  out += "\n ]\n}\n";
  return out;
}

}  // namespace receipts::demo
