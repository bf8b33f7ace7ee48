// Internal to the Codex/Gemini/OpenClaw/pi/opencode generators (agents_*.cpp): file writing,
// time stamps and truth bookkeeping they share. Not thread-safe per Truth.
#pragma once

#include <cstdint>
#include <string>

#include "core/status.h"
#include "demo/agents.h"
#include "demo/text.h"

namespace receipts::demo::agents {

// options.end_ms, or now when 0.
int64_t EndMs(const GeneratorOptions& options);

// The history's length: options.days (at least one) in ms; it ends at EndMs.
int64_t SpanMs(const GeneratorOptions& options);

// "YYYY-MM-DDTHH:MM:SS.mmmZ".
std::string Iso(int64_t ms);

// "YYYY-MM-DDTHH-MM-SS" (file-name stamp, UTC).
std::string FileStamp(int64_t ms);

// "YYYY/MM/DD" (UTC).
std::string DatePath(int64_t ms);

// Writes `text` to `path` (creating parents; replacing any file) and counts it in truth.
Status WriteWhole(const std::string& path, const std::string& text, Truth& truth);

// About `bytes` of filler text (TextPool) with its JSON escapes undone, for writers that escape
// through a JSON library.
std::string PlainFiller(Rng& rng, size_t bytes);

// Prices a call with ExpectedAgentCostNanos (0 when unpriced), sets agent, appends it.
void AddCall(Truth& truth, TruthCall call);

// Sorts truth.calls by (ts_ms, message_id).
void SortCalls(Truth& truth);

}  // namespace receipts::demo::agents
