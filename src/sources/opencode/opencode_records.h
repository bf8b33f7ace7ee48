// opencode message and part JSON → canonical records, shared by the SQLite reader and the legacy
// JSON-file reader (internal to the opencode source). Decisions are in opencode_source.h.
// Functions are thread-safe (one simdjson DOM parser per thread).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sources/source.h"

namespace receipts::sources::opencode {

struct SessionInfo {
  std::string parent_id;
  std::string directory;
  std::string title;
};
using SessionMap = std::map<std::string, SessionInfo>;

// A legacy session document {id, parentID, directory, title}. False when not a JSON object.
bool ParseSession(std::string_view json, std::string& id, SessionInfo& out);

// The fields of a message (`data` JSON of a DB row or a legacy message file).
struct MessageInfo {
  std::string id, session_id, role, parent_id, model_id, provider_id, mode, agent, cwd;
  int64_t created_ms = 0;
  double cost = 0;
  bool has_tokens = false;
  int64_t input = 0, output = 0, reasoning = 0, cache_read = 0, cache_write = 0;
  std::string error_name, error_message;
  int64_t error_status = 0;
};

// Parses a message JSON. `id`/`session_id` fill the fields the DB keeps outside `data`.
// Returns false when the text is not a JSON object.
bool ParseMessage(std::string_view json, std::string_view id, std::string_view session_id,
                  MessageInfo& out);

// A part: text (for prompt text) or a tool call.
struct PartInfo {
  std::string type;
  std::string text;  // text parts (non-synthetic only)
  std::string call_id, tool, status, target, output_head, error, child_session, subagent_type,
      description;
  int64_t input_bytes = 0, output_bytes = 0, start_ms = 0;
};
bool ParsePart(std::string_view json, PartInfo& out);

// Where a session's usage goes: the root session, and the child id when it is a subagent run.
struct Attribution {
  std::string session_id;
  std::string subagent_id;
  bool sidechain = false;
  std::string directory;
};
Attribution Attribute(const std::string& session_id, const SessionMap& sessions);

// Appends the records of one message (usage, prompt, error). `prompt_text` is the user text
// gathered from its parts.
void EmitMessage(const MessageInfo& m, const Attribution& who, const std::string& prompt_text,
                 uint64_t offset, ParseOutput& out);

// Appends the records of one tool part of message `m`.
void EmitToolPart(const PartInfo& p, const MessageInfo& m, const Attribution& who, uint64_t offset,
                  ParseOutput& out);

// Reads an opencode SQLite database read-only (opencode_db.cpp).
ParseOutput ParseDatabase(const std::string& path);

// Reads one legacy message file with its session and parts (opencode_source.cpp).
ParseOutput ParseLegacyMessage(const std::string& path, std::string_view data);

}  // namespace receipts::sources::opencode
