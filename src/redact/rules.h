// Internal declarations shared by the redaction scanner's translation units (not a public API):
// the character-class table and scanning helpers, the marker kinds, and the matchers the
// driver in redact.cpp calls at the start of a word (providers.cpp: known provider prefixes,
// JWTs, bearer tokens; rules.cpp: secret-named assignments and high-entropy blobs).
// Pure functions over immutable tables; thread-safe.
#pragma once

#include <array>
#include <cstdint>
#include <string_view>

namespace receipts::redact::internal {

inline constexpr size_t npos = std::string_view::npos;

// ---- character classes --------------------------------------------------------------------
enum : uint16_t {
  kUpper = 1 << 0,
  kLower = 1 << 1,
  kDigit = 1 << 2,
  kUnder = 1 << 3,   // _
  kDash = 1 << 4,    // -
  kDot = 1 << 5,     // .
  kPlusSl = 1 << 6,  // + /
  kHex = 1 << 7,     // 0-9 a-f A-F
  kTilde = 1 << 8,   // ~
  kEq = 1 << 9,      // =
  kSpace = 1 << 10,  // space \t \r \n \f \v
  kSpecial = 1 << 11,  // - and : (PEM headers, scheme://)
};
inline constexpr uint16_t kAlpha = kUpper | kLower;
inline constexpr uint16_t kAlnum = kAlpha | kDigit;
inline constexpr uint16_t kWord = kAlnum | kUnder;            // [A-Za-z0-9_]
inline constexpr uint16_t kUrl64 = kWord | kDash;             // [A-Za-z0-9_-]
inline constexpr uint16_t kName = kUrl64 | kDot;              // assignment names
inline constexpr uint16_t kB64 = kUrl64 | kPlusSl;            // base64 / base64url, no padding
inline constexpr uint16_t kTok = kB64 | kDot | kTilde | kEq;  // RFC 6750 token68
inline constexpr uint16_t kUpDig = kUpper | kDigit;
inline constexpr uint16_t kSlackBody = kAlnum | kDash;
inline constexpr uint16_t kWebhookBody = kAlnum | kPlusSl;

constexpr std::array<uint16_t, 256> MakeTable() {
  std::array<uint16_t, 256> t{};
  for (int c = 'A'; c <= 'Z'; ++c) t[c] |= kUpper;
  for (int c = 'a'; c <= 'z'; ++c) t[c] |= kLower;
  for (int c = '0'; c <= '9'; ++c) t[c] |= kDigit | kHex;
  for (int c = 'a'; c <= 'f'; ++c) t[c] |= kHex;
  for (int c = 'A'; c <= 'F'; ++c) t[c] |= kHex;
  t['_'] |= kUnder;
  t['-'] |= kDash;
  t['.'] |= kDot;
  t['+'] |= kPlusSl;
  t['/'] |= kPlusSl;
  t['~'] |= kTilde;
  t['='] |= kEq;
  for (char c : {' ', '\t', '\r', '\n', '\f', '\v'}) t[static_cast<unsigned char>(c)] |= kSpace;
  t['-'] |= kSpecial;
  t[':'] |= kSpecial;
  return t;
}
inline constexpr std::array<uint16_t, 256> kCls = MakeTable();

inline uint16_t Cls(char c) { return kCls[static_cast<unsigned char>(c)]; }
inline bool Has(char c, uint16_t mask) { return (Cls(c) & mask) != 0; }
inline char Lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c; }

inline size_t RunEnd(std::string_view s, size_t j, uint16_t mask) {
  while (j < s.size() && Has(s[j], mask)) ++j;
  return j;
}
inline bool StartsAt(std::string_view s, size_t i, std::string_view p) {
  if (s.size() - i < p.size()) return false;
  for (size_t k = 0; k < p.size(); ++k)  // prefixes are short; most fail on the second byte
    if (s[i + k] != p[k]) return false;
  return true;
}
inline bool StartsAtCI(std::string_view s, size_t i, std::string_view lower_p) {
  if (s.size() - i < lower_p.size()) return false;
  for (size_t k = 0; k < lower_p.size(); ++k)
    if (Lower(s[i + k]) != lower_p[k]) return false;
  return true;
}
inline bool AnyOf(std::string_view s, size_t b, size_t e, uint16_t mask) {
  for (size_t k = b; k < e; ++k)
    if (Has(s[k], mask)) return true;
  return false;
}

// ---- kinds ----------------------------------------------------------------------------------
inline constexpr std::string_view kAnthropic = "anthropic_key";
inline constexpr std::string_view kOpenAI = "openai_key";
inline constexpr std::string_view kGitHub = "github_token";
inline constexpr std::string_view kGitLab = "gitlab_token";
inline constexpr std::string_view kAws = "aws_key";
inline constexpr std::string_view kGoogle = "google_key";
inline constexpr std::string_view kGoogleOAuth = "google_oauth";
inline constexpr std::string_view kSlack = "slack_token";
inline constexpr std::string_view kSlackHook = "slack_webhook";
inline constexpr std::string_view kStripe = "stripe_key";
inline constexpr std::string_view kHF = "huggingface_token";
inline constexpr std::string_view kNpm = "npm_token";
inline constexpr std::string_view kPypi = "pypi_token";
inline constexpr std::string_view kJwt = "jwt";
inline constexpr std::string_view kBearer = "bearer";
inline constexpr std::string_view kBasic = "basic_auth";
inline constexpr std::string_view kPrivateKey = "private_key";
inline constexpr std::string_view kUrlPassword = "url_password";
inline constexpr std::string_view kEnvSecret = "env_secret";
inline constexpr std::string_view kBase64 = "base64_blob";
inline constexpr std::string_view kHexBlob = "hex_blob";
inline constexpr std::string_view kGeneric = "generic_token";

struct Hit {
  size_t begin = 0, end = 0;  // replaced range
  std::string_view kind;
};

// ---- matchers (each tries s at i; on a match fills *h and returns true) ----------------------
// providers.cpp
bool MatchKnown(std::string_view s, size_t i, Hit* h);
// Kind for a credential found in a secret context: the provider kind if the whole value is a
// recognised key, else `fallback`.
std::string_view ClassifyValue(std::string_view s, size_t b, size_t e, std::string_view fallback);
// End of a credential after "Bearer "/"Basic "/"token ": a token68 run minus sentence
// punctuation.
size_t CredentialEnd(std::string_view s, size_t t);
// rules.cpp
bool MatchAssignment(std::string_view s, size_t i, size_t word_end, Hit* h);
bool MatchBlob(std::string_view s, size_t i, size_t word_end, size_t* checked_until, Hit* h);

}  // namespace receipts::redact::internal
