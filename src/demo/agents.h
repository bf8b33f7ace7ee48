// Synthetic Codex CLI, Gemini CLI and OpenClaw history with exact ground truth (issue 3), each
// carrying its agent's accounting pitfalls (FORMATS.md §2–§4, DESIGN.md §3). Same
// GeneratorOptions as the Claude corpus: `root` is the agent's data dir (CODEX_HOME,
// GEMINI_DATA_DIR, OPENCLAW_DIR), target_bytes bounds the size, files are deterministic for
// a seed and end_ms. Every TruthCall has `agent` set and its tokens mapped as DESIGN.md §3:
//   Codex    input = input − cached, cache_read = cached, output = output (reasoning inside);
//   Gemini   input = input − cached + tool, cache_read = cached, output = output + thoughts;
//   OpenClaw input, cacheRead, cacheWrite (5m), output.
// cost_nanos is computed with this module's own price table (micro-$/MTok, one half-up
// rounding per call), except OpenClaw calls with a positive recorded cost.total, whose
// cost_nanos is that recorded cost (recorded_cost_usd set). Truth::traits counts every
// pitfall written (names documented at each generator); usage_records counts the lines that
// carry a call's tokens, copies included (Gemini re-appends with tokens, OpenClaw archive
// copies), but not Codex re-emits or fork replays. Not thread-safe per call.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "demo/generator.h"

namespace receipts::demo {

// <root>/sessions/YYYY/MM/DD/rollout-YYYY-MM-DDTHH-MM-SS-<uuid>.jsonl. Traits: "reemit"
// (unchanged-total token_count, adds nothing), "reset" (totals regress: the call is
// last_token_usage; either a restart or, "fill_context", fill_to_context_window zeros), "fork" (a forked_from_id thread whose head replays the parent's
// token_count events in one second: adds nothing), "info_null" (rate-limit-only events),
// "model_switch" (turn_context changing the model), "reasoning" (calls with reasoning ⊂ output).
Result<Truth> GenerateCodexCorpus(const GeneratorOptions& options);

// <root>/<project>/chats/session-*.jsonl plus legacy session-*.json documents, each project
// with a .project_root. Traits: "reappend" (a message id written again: tokens null first,
// then tokens, then again with tool calls; last wins), "rewind" ($rewindTo: rewound calls
// still count), "legacy_json" (whole-document sessions), "migrated" (a legacy session also
// written as its migrated .jsonl: same ids, collapses), "no_tokens" (gemini messages that
// never got tokens: not calls), "error_message". Models: gemini-2.5-flash (never cached
// tokens: its cached price is unknown) and gemini-3-flash-preview (cached priced).
Result<Truth> GenerateGeminiCorpus(const GeneratorOptions& options);

// Rewrites the first legacy session-*.json under `root` (as GenerateGeminiCorpus wrote it)
// whole, with one more gemini message appended; returns the truth of that message only.
Result<Truth> RewriteGeminiLegacy(const std::string& root, uint64_t seed);

// <root>/agents/main/sessions/<id>.jsonl. Traits: "zero_cost" (cost.total 0: priced by us),
// "recorded_cost" (positive cost.total: the truth), "reset_archive" (<id>.jsonl.reset.<ts>
// copying earlier lines of a live file: collapses), "error_turn" (stopReason error, zero
// usage: no call), "gateway" (gateway-injected notices: no call).
Result<Truth> GenerateOpenClawCorpus(const GeneratorOptions& options);

// The generator's own price of one non-Claude call (nanos, half-up once); nullopt for a model
// it never emits.
std::optional<int64_t> ExpectedAgentCostNanos(const std::string& model, const TokenCounts& t);

}  // namespace receipts::demo
