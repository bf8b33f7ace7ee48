// The explicit source registry: one line per agent, in report order.
#include "sources/claude/claude_source.h"
#include "sources/codex/codex_source.h"
#include "sources/gemini/gemini_source.h"
#include "sources/opencode/opencode_source.h"
#include "sources/openclaw/openclaw_source.h"
#include "sources/source.h"

namespace receipts::sources {

const std::vector<const Source*>& Registry() {
  static const claude::ClaudeSource kClaude;
  static const codex::CodexSource kCodex;
  static const gemini::GeminiSource kGemini;
  static const openclaw::OpenClawSource kOpenClaw;
  static const openclaw::PiSource kPi;
  static const opencode::OpencodeSource kOpencode;
  static const std::vector<const Source*> kAll = {&kClaude, &kCodex, &kGemini, &kOpenClaw, &kPi, &kOpencode};
  return kAll;
}

const Source* FindSource(std::string_view name) {
  for (const Source* s : Registry()) {
    if (s->name() == name) return s;
  }
  return nullptr;
}

}  // namespace receipts::sources
