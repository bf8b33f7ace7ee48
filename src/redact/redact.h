// Secret redaction: everything receipts stores about prompts, tool targets (paths, commands,
// URLs), tool-result snippets and error messages passes through Redact() first (DESIGN §5).
//
// Redact() is a hand-written single-pass scanner (no regex): each secret is replaced by the
// marker "[REDACTED:<kind>]", e.g. "[REDACTED:github_token]". Kinds:
//   anthropic_key openai_key github_token gitlab_token aws_key google_key google_oauth
//   slack_token slack_webhook stripe_key huggingface_token npm_token pypi_token jwt bearer
//   basic_auth
//   private_key url_password env_secret base64_blob hex_blob generic_token
// Context around the secret is kept: "Authorization: Bearer [REDACTED:bearer]",
// "https://user:[REDACTED:url_password]@host/", "API_KEY=[REDACTED:env_secret]". When the value of
// a secret-named assignment / header / bearer token is itself a recognised provider key, the
// provider kind is used instead ("OPENAI_API_KEY=[REDACTED:openai_key]").
// Redact() is idempotent: Redact(Redact(x)) == Redact(x).
#pragma once

#include <string>
#include <string_view>

namespace receipts::redact {

inline constexpr std::string_view kMarkerPrefix = "[REDACTED:";

// "[REDACTED:" + kind + "]".
std::string Marker(std::string_view kind);

// Returns text with every secret replaced by a marker.
std::string Redact(std::string_view text);

// Appends the redacted text to *out (no allocation beyond out's growth; for hot loops).
void RedactTo(std::string_view text, std::string* out);

// True if Redact(text) would change anything.
bool LooksSecret(std::string_view text);

// Lowercase hex SHA-256 of text (64 chars), for --no-text mode.
std::string Hash(std::string_view text);

}  // namespace receipts::redact
