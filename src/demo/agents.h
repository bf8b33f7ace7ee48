// Synthetic Codex CLI, Gemini CLI, OpenClaw, pi and opencode history with exact ground truth
// (issue 3), each carrying its agent's accounting pitfalls (FORMATS.md §2–§5, DESIGN.md §3).
// Same GeneratorOptions as the Claude corpus: `root` is the agent's data dir (CODEX_HOME,
// GEMINI_DATA_DIR, OPENCLAW_DIR, PI_AGENT_DIR, $XDG_DATA_HOME/opencode), target_bytes bounds
// the size, files are deterministic for a seed and end_ms. Every TruthCall has `agent` set and
// its tokens mapped as DESIGN.md §3:
//   Codex    input = input − cached, cache_read = cached, output = output (reasoning inside);
//   Gemini   input = input − cached + tool, cache_read = cached, output = output + thoughts;
//   OpenClaw, pi  input, cacheRead, cacheWrite (5m), output;
//   opencode input, cache.read, cache.write (5m), output = output + reasoning (kept outside
//            output by opencode), reasoning.
// cost_nanos is computed with this module's own price table (micro-$/MTok, one half-up
// rounding per call), except OpenClaw, pi and opencode calls with a positive recorded cost,
// whose cost_nanos is that recorded cost (recorded_cost_usd set). Truth::traits counts every
// pitfall written (names documented at each generator); usage_records counts the lines (or
// rows) that carry a call's tokens, copies included (Gemini re-appends with tokens, OpenClaw
// archive copies, pi branch copies, opencode legacy files), but not Codex re-emits or fork
// replays. Not thread-safe per call.
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

// <root>/sessions/--<cwd>--/<ISO>_<uuid>.jsonl (root = PI_AGENT_DIR). Current (v3) files whose
// entries form a tree by id/parentId, and older linear files (no entry ids, no totalTokens,
// the model in the header). Traits: "recorded_cost" (positive cost.total: the truth),
// "zero_cost" (cost.total 0 with tokens: priced by us), "aborted_billed" (stopReason aborted
// with tokens: a call), "error_turn" (error/aborted with zero usage: no call), "tree_branch"
// (a branch_summary and new children of an earlier entry: every branch counts), "branch_file"
// (a new session file re-using the root-to-leaf entries of another: ids, timestamps and usage
// kept, they collapse into the originals), "old_branch_file" (the older `branchedFrom` copy:
// new line timestamps, same message timestamps and usage: collapses), "header_model" (older
// messages naming no model: the header's or the last model_change's applies), "model_switch",
// "compaction", "bash_execution" (a user's `!cmd`: no call). Models: claude-sonnet-4-5,
// claude-haiku-4-5, gpt-5.1-codex (never cache writes); prompts stay below 200K.
Result<Truth> GeneratePiCorpus(const GeneratorOptions& options);

// <root>/opencode.db (the SQLite store of current builds: session, message, part; `data`
// without id/sessionID) and opencode-dev.db (a channel build), plus legacy storage/session,
// storage/message and storage/part JSON files (root = $XDG_DATA_HOME/opencode). Traits:
// "db_message" (assistant rows in a database), "channel_db" (sessions in opencode-dev.db),
// "legacy_copy" (a database message also written as its legacy file: collapses),
// "legacy_stale" (a legacy copy holding an earlier streaming state: smaller tokens, cost 0,
// not completed: collapses into the database's final numbers), "legacy_only" (messages only
// in legacy files: they count), "recorded_cost" (cost > 0: the truth), "zero_cost" (cost 0:
// priced by us), "reasoning" (tokens.reasoning kept outside output: added to it),
// "model_alias" (github-copilot's claude-sonnet-4.5, OpenRouter's anthropic/claude-sonnet-4.5,
// a dated claude-haiku-4-5-20251001), "subagent" (a child session spawned by a task tool part:
// its calls go to the root session as a sidechain of the child's agent), "nested_subagent"
// (a grandchild), "aborted_billed" (MessageAbortedError with tokens: a call), "error_message"
// (an API error with zero tokens: no call), "in_progress" (a last message still streaming,
// zero tokens: no call).
Result<Truth> GenerateOpenCodeCorpus(const GeneratorOptions& options);

// The generator's own price of one non-Claude call (nanos, half-up once); nullopt for a model
// it never emits.
std::optional<int64_t> ExpectedAgentCostNanos(const std::string& model, const TokenCounts& t);

}  // namespace receipts::demo
