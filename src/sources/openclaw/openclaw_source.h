// OpenClaw and pi: two agents, one session format (FORMATS.md §4; OpenClaw inherits pi's
// coding-agent JSONL). OpenClawSource reads <root>/agents/<agent>/sessions/<id>.jsonl plus the
// archived <id>.jsonl.reset.<ts> / <id>.jsonl.deleted.<ts> copies under $OPENCLAW_DIR (comma
// list) else ~/.openclaw and the legacy ~/.clawdbot, ~/.moltbot, ~/.moldbot. PiSource reads
// <root>/sessions/**/*.jsonl under $PI_AGENT_DIR else ~/.pi/agent. Both parse with
// ParseSessionLog. Stateless; thread-safe (one simdjson parser per thread).
#pragma once

#include <string>
#include <string_view>

#include "sources/source.h"

namespace receipts::sources::openclaw {

// Agent spellings (DESIGN.md §1).
inline constexpr const char* kAgentOpenClaw = "openclaw";
inline constexpr const char* kAgentPi = "pi";

enum class Flavor { kOpenClaw, kPi };

class OpenClawSource final : public Source {
 public:
  std::string_view name() const override { return kAgentOpenClaw; }
  std::vector<std::string> Roots(const Environment& env) const override;
  std::vector<DiscoveredFile> Discover(const std::vector<std::string>& roots) const override;
  // <root>/agents: the root also holds the workspace, memory and config, which change often.
  std::vector<std::string> WatchedDirs(const std::vector<std::string>& roots) const override;
  ParseOutput Parse(const std::string& path, std::string_view data, uint64_t base_offset,
                    std::string_view state) const override;
};

class PiSource final : public Source {
 public:
  std::string_view name() const override { return kAgentPi; }
  std::vector<std::string> Roots(const Environment& env) const override;
  std::vector<DiscoveredFile> Discover(const std::vector<std::string>& roots) const override;
  // <root>/sessions (the root also holds settings and auth files).
  std::vector<std::string> WatchedDirs(const std::vector<std::string>& roots) const override;
  ParseOutput Parse(const std::string& path, std::string_view data, uint64_t base_offset,
                    std::string_view state) const override;
};

// True for "<id>.jsonl", "<id>.jsonl.reset.<ts>" and "<id>.jsonl.deleted.<ts>".
bool IsOpenClawSessionFileName(std::string_view file_name);

// The session id a file's name implies, used until the `session` header is seen. OpenClaw: the
// name up to ".jsonl". pi: the same, without the "<ISO time>_" prefix of "<ISO>_<uuid>.jsonl".
std::string SessionIdFromPath(Flavor flavor, const std::string& path);

// Parses pi/OpenClaw session lines (see openclaw_parser.cpp for the rules and key schemes).
// `data` is padded with kParsePadding readable bytes; `state` is a previous ParseOutput::state.
ParseOutput ParseSessionLog(Flavor flavor, const std::string& path, std::string_view data,
                            uint64_t base_offset, std::string_view state);

}  // namespace receipts::sources::openclaw
