// Single-pass secret scanner. See redact.h for the contract.
//
// The scanner walks the text once. Non-word bytes are skipped with one table lookup, except '-'
// (start of a PEM block) and ':' (start of "://" userinfo). At the start of every word
// ([A-Za-z0-9_] run) it tries, in order:
//   1. known provider prefixes (sk-ant-, ghp_, AKIA, eyJ…, Bearer …), dispatched on the first
//      byte so ordinary words cost one switch;
//   2. long high-entropy base64 / hex runs;
//   3. secret-named assignments (API_KEY=…, "password": "…", Authorization: Bearer …).
// The output is built lazily: untouched stretches are appended in one piece.
#include "redact/redact.h"

#include <openssl/evp.h>

#include <array>
#include <cstdint>
#include <cstring>
#include <stdexcept>

namespace receipts::redact {
namespace {

constexpr size_t npos = std::string_view::npos;

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
constexpr uint16_t kAlpha = kUpper | kLower;
constexpr uint16_t kAlnum = kAlpha | kDigit;
constexpr uint16_t kWord = kAlnum | kUnder;            // [A-Za-z0-9_]
constexpr uint16_t kUrl64 = kWord | kDash;             // [A-Za-z0-9_-]
constexpr uint16_t kName = kUrl64 | kDot;              // assignment names
constexpr uint16_t kB64 = kUrl64 | kPlusSl;            // base64 / base64url, no padding
constexpr uint16_t kTok = kB64 | kDot | kTilde | kEq;  // RFC 6750 token68
constexpr uint16_t kUpDig = kUpper | kDigit;
constexpr uint16_t kSlackBody = kAlnum | kDash;
constexpr uint16_t kWebhookBody = kAlnum | kPlusSl;

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
constexpr std::array<uint16_t, 256> kCls = MakeTable();

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
constexpr std::string_view kAnthropic = "anthropic_key";
constexpr std::string_view kOpenAI = "openai_key";
constexpr std::string_view kGitHub = "github_token";
constexpr std::string_view kGitLab = "gitlab_token";
constexpr std::string_view kAws = "aws_key";
constexpr std::string_view kGoogle = "google_key";
constexpr std::string_view kGoogleOAuth = "google_oauth";
constexpr std::string_view kSlack = "slack_token";
constexpr std::string_view kSlackHook = "slack_webhook";
constexpr std::string_view kStripe = "stripe_key";
constexpr std::string_view kHF = "huggingface_token";
constexpr std::string_view kNpm = "npm_token";
constexpr std::string_view kPypi = "pypi_token";
constexpr std::string_view kJwt = "jwt";
constexpr std::string_view kBearer = "bearer";
constexpr std::string_view kBasic = "basic_auth";
constexpr std::string_view kPrivateKey = "private_key";
constexpr std::string_view kUrlPassword = "url_password";
constexpr std::string_view kEnvSecret = "env_secret";
constexpr std::string_view kBase64 = "base64_blob";
constexpr std::string_view kHexBlob = "hex_blob";
constexpr std::string_view kGeneric = "generic_token";

struct Hit {
  size_t begin = 0, end = 0;  // replaced range
  std::string_view kind;
};

// ---- 1. known prefixes ---------------------------------------------------------------------
struct Spec {
  std::string_view prefix;
  uint16_t body;     // class of the characters after the prefix
  uint16_t min_len;  // of the body
  uint16_t max_len;  // 0: unbounded
  std::string_view kind;
  bool need_digit;  // body must contain a digit
  bool boundary;    // body must not be followed by a word character
};

// Within one first byte, longer / more specific prefixes come first.
constexpr Spec kSpecs[] = {
    {"sk-ant-", kUrl64, 20, 0, kAnthropic, false, false},
    {"sk-proj-", kUrl64, 20, 0, kOpenAI, false, false},
    {"sk-svcacct-", kUrl64, 20, 0, kOpenAI, false, false},
    {"sk-admin-", kUrl64, 20, 0, kOpenAI, false, false},
    {"sk-None-", kUrl64, 20, 0, kOpenAI, false, false},
    {"sk-or-v1-", kAlnum, 32, 0, kOpenAI, false, false},  // OpenRouter, same shape
    {"sk-", kAlnum, 20, 0, kOpenAI, true, true},          // legacy OpenAI / DeepSeek
    {"sk_live_", kAlnum, 16, 0, kStripe, false, false},
    {"sk_test_", kAlnum, 16, 0, kStripe, false, false},
    {"shpat_", kAlnum, 32, 0, kGeneric, false, false},  // Shopify
    {"shpss_", kAlnum, 32, 0, kGeneric, false, false},
    {"shpca_", kAlnum, 32, 0, kGeneric, false, false},
    {"rk_live_", kAlnum, 16, 0, kStripe, false, false},
    {"rk_test_", kAlnum, 16, 0, kStripe, false, false},
    {"pk_live_", kAlnum, 16, 0, kStripe, false, false},
    {"pk_test_", kAlnum, 16, 0, kStripe, false, false},
    {"pypi-AgE", kUrl64, 50, 0, kPypi, false, false},
    {"whsec_", kAlnum, 24, 0, kStripe, false, false},
    {"github_pat_", kWord, 30, 0, kGitHub, false, false},
    {"ghp_", kAlnum, 30, 0, kGitHub, false, false},
    {"gho_", kAlnum, 30, 0, kGitHub, false, false},
    {"ghu_", kAlnum, 30, 0, kGitHub, false, false},
    {"ghs_", kAlnum, 30, 0, kGitHub, false, false},
    {"ghr_", kAlnum, 30, 0, kGitHub, false, false},
    {"glpat-", kUrl64, 20, 0, kGitLab, false, false},
    {"glptt-", kUrl64, 20, 0, kGitLab, false, false},
    {"gldt-", kUrl64, 20, 0, kGitLab, false, false},
    {"AIza", kUrl64, 30, 0, kGoogle, false, false},
    {"AKIA", kUpDig, 16, 16, kAws, false, true},
    {"ASIA", kUpDig, 16, 16, kAws, false, true},
    {"AGPA", kUpDig, 16, 16, kAws, false, true},
    {"AIDA", kUpDig, 16, 16, kAws, false, true},
    {"AROA", kUpDig, 16, 16, kAws, false, true},
    {"AIPA", kUpDig, 16, 16, kAws, false, true},
    {"ANPA", kUpDig, 16, 16, kAws, false, true},
    {"ANVA", kUpDig, 16, 16, kAws, false, true},
    {"ABIA", kUpDig, 16, 16, kAws, false, true},
    {"ACCA", kUpDig, 16, 16, kAws, false, true},
    {"ya29.", kUrl64, 20, 0, kGoogleOAuth, false, false},
    {"xoxb-", kSlackBody, 10, 0, kSlack, false, false},
    {"xoxp-", kSlackBody, 10, 0, kSlack, false, false},
    {"xoxa-", kSlackBody, 10, 0, kSlack, false, false},
    {"xoxr-", kSlackBody, 10, 0, kSlack, false, false},
    {"xoxs-", kSlackBody, 10, 0, kSlack, false, false},
    {"xoxe-", kSlackBody, 10, 0, kSlack, false, false},
    {"xapp-", kSlackBody, 10, 0, kSlack, false, false},
    {"hooks.slack.com/services/", kWebhookBody, 20, 0, kSlackHook, false, false},
    {"hf_", kAlnum, 30, 0, kHF, false, false},
    {"npm_", kAlnum, 36, 0, kNpm, false, false},
    {"dop_v1_", kHex, 64, 0, kGeneric, false, false},  // DigitalOcean
};
constexpr size_t kNumSpecs = sizeof(kSpecs) / sizeof(kSpecs[0]);

struct SpecIndex {
  std::array<uint8_t, 256> begin{}, end{};
};
constexpr SpecIndex MakeSpecIndex() {
  SpecIndex x{};
  for (size_t k = 0; k < kNumSpecs; ++k) {
    auto c = static_cast<unsigned char>(kSpecs[k].prefix[0]);
    if (x.end[c] == 0) x.begin[c] = static_cast<uint8_t>(k);
    x.end[c] = static_cast<uint8_t>(k + 1);
  }
  return x;
}
constexpr SpecIndex kSpecIndex = MakeSpecIndex();
// Specs with the same first byte must be contiguous for the index to be right.
constexpr bool SpecsContiguous() {
  for (size_t a = 0; a < kNumSpecs; ++a)
    for (size_t b = a + 2; b < kNumSpecs; ++b)
      if (kSpecs[a].prefix[0] == kSpecs[b].prefix[0])
        for (size_t m = a + 1; m < b; ++m)
          if (kSpecs[m].prefix[0] != kSpecs[a].prefix[0]) return false;
  return true;
}
static_assert(SpecsContiguous(), "group kSpecs by first character");

bool MatchKnown(std::string_view s, size_t i, Hit* h);

// Kind for a credential found in a secret context: the provider kind if the whole value is a
// recognised key, else `fallback`.
std::string_view ClassifyValue(std::string_view s, size_t b, size_t e, std::string_view fallback) {
  Hit h;
  if (b < e && MatchKnown(s.substr(0, e), b, &h) && h.begin == b && h.end == e) return h.kind;
  return fallback;
}

bool MatchSpecs(std::string_view s, size_t i, Hit* h) {
  auto c = static_cast<unsigned char>(s[i]);
  for (size_t k = kSpecIndex.begin[c]; k < kSpecIndex.end[c]; ++k) {
    const Spec& sp = kSpecs[k];
    if (!StartsAt(s, i, sp.prefix)) continue;
    size_t b = i + sp.prefix.size();
    size_t e = RunEnd(s, b, sp.body);
    size_t len = e - b;
    if (len < sp.min_len || (sp.max_len && len > sp.max_len)) continue;
    if (sp.boundary && e < s.size() && Has(s[e], kWord)) continue;
    if (sp.need_digit && !AnyOf(s, b, e, kDigit)) continue;
    *h = {i, e, sp.kind};
    return true;
  }
  return false;
}

// eyJ<header>.eyJ<payload>.<signature>
bool MatchJwt(std::string_view s, size_t i, Hit* h) {
  if (!StartsAt(s, i, "eyJ")) return false;
  size_t e1 = RunEnd(s, i, kUrl64);
  if (e1 - i < 10 || e1 >= s.size() || s[e1] != '.') return false;
  size_t p2 = e1 + 1;
  if (!StartsAt(s, p2, "eyJ")) return false;
  size_t e2 = RunEnd(s, p2, kUrl64);
  if (e2 - p2 < 10 || e2 >= s.size() || s[e2] != '.') return false;
  size_t e3 = RunEnd(s, e2 + 1, kUrl64);
  *h = {i, e3, kJwt};
  return true;
}

// SendGrid: SG.<22>.<43>
bool MatchSendGrid(std::string_view s, size_t i, Hit* h) {
  if (!StartsAt(s, i, "SG.")) return false;
  size_t e1 = RunEnd(s, i + 3, kUrl64);
  if (e1 - (i + 3) < 16 || e1 >= s.size() || s[e1] != '.') return false;
  size_t e2 = RunEnd(s, e1 + 1, kUrl64);
  if (e2 - (e1 + 1) < 16) return false;
  *h = {i, e2, kGeneric};
  return true;
}

// End of a credential after "Bearer "/"Basic "/"token ": a token68 run minus sentence
// punctuation.
size_t CredentialEnd(std::string_view s, size_t t) {
  size_t e = RunEnd(s, t, kTok);
  while (e > t && (s[e - 1] == '.' || s[e - 1] == ',')) --e;
  return e;
}

// "bearer <token>" anywhere (case-insensitive). Keeps "Bearer ", replaces the token.
bool MatchBearer(std::string_view s, size_t i, Hit* h) {
  if (!StartsAtCI(s, i, "bearer")) return false;
  size_t t = i + 6;
  if (t >= s.size() || (s[t] != ' ' && s[t] != '\t')) return false;
  while (t < s.size() && (s[t] == ' ' || s[t] == '\t')) ++t;
  size_t e = CredentialEnd(s, t);
  if (e - t < 8) return false;
  // Prose ("bearer authentication") has no digits or token punctuation.
  if (!AnyOf(s, t, e, kDigit | kDash | kUnder | kDot | kPlusSl | kTilde | kEq)) return false;
  *h = {t, e, ClassifyValue(s, t, e, kBearer)};
  return true;
}

bool MatchKnown(std::string_view s, size_t i, Hit* h) {
  switch (s[i]) {
    case 'e': return MatchJwt(s, i, h);
    case 'S': return MatchSendGrid(s, i, h);
    case 'B':
    case 'b': return MatchBearer(s, i, h);
    default: return MatchSpecs(s, i, h);
  }
}

// ---- 2. secret-named assignments -----------------------------------------------------------
struct NameInfo {
  bool secret = false;
  bool aws = false;
};

bool Contains(std::string_view w, std::string_view p) { return w.find(p) != npos; }
bool EndsWith(std::string_view w, std::string_view p) {
  return w.size() >= p.size() && w.substr(w.size() - p.size()) == p;
}
template <size_t N>
bool InList(std::string_view w, const std::string_view (&list)[N]) {
  for (auto x : list)
    if (w == x) return true;
  return false;
}

// Words that make a "key" a secret key (api_key, AccessKey, STRIPE_KEY, x-api-key).
constexpr std::string_view kKeyQualifiers[] = {
    "api",      "access",   "secret",    "private",     "auth",     "client",   "signing",
    "sign",     "encryption", "encrypt", "master",      "license",  "licence",  "app",
    "service",  "session",  "consumer",  "webhook",     "ssh",      "deploy",   "openai",
    "anthropic", "claude",  "stripe",    "google",      "gemini",   "aws",      "azure",
    "gcp",      "github",   "gitlab",    "slack",       "hf",       "huggingface", "subscription",
    "account",  "admin",    "hmac",      "jwt",         "bot",      "gpg",      "pgp",
    "storage",  "shared",   "sendgrid",  "twilio",      "firebase", "supabase", "groq",
    "mistral",  "cohere",   "deepseek",  "openrouter",  "together", "replicate", "pinecone",
    "algolia",  "mailgun",  "mapbox",    "datadog",     "dd",       "sentry",   "vercel",
    "cloudflare", "cf",     "npm",       "pypi",        "master",   "root",     "xai"};
// A secret word followed by one of these names metadata, not the secret (password_min_length,
// token_url, api_key_env, credential.helper).
constexpr std::string_view kMetaSuffixes[] = {
    "count",  "counts",  "type",    "types",   "limit",    "limits",     "length",   "len",
    "size",   "max",     "min",     "expiry",  "expires",  "expiration", "expire",   "exp",
    "ttl",    "url",     "uri",     "urls",    "endpoint", "file",       "files",    "path",
    "dir",    "env",     "var",     "name",    "names",    "id",         "ids",      "usage",
    "field",  "prefix",  "suffix",  "format",  "policy",   "hint",       "label",    "placeholder",
    "regex",  "pattern", "required", "enabled", "enable",  "disabled",   "mode",     "method",
    "header", "location", "source", "provider", "kind",    "version",    "index",    "idx",
    "strength", "reset", "changed", "updated", "created",  "at",         "valid",    "validation",
    "error",  "errors",  "message", "msg",     "input",    "visible",    "show",     "hidden",
    "rule",   "rules",   "style",   "class",   "help",     "description", "desc",    "timeout",
    "budget", "helper",  "store",   "cache",   "command",  "cmd",        "flow",     "scheme",
    "schemes", "mechanism", "server", "host",  "port",     "user",       "username", "login",
    "email",  "config",  "settings", "options", "status",  "state",      "result",   "response",
    "request", "callback", "handler", "manager", "lifetime", "duration", "interval", "map",
    "maps",   "list",    "dict",    "set",     "array",    "vec",        "vector",   "queue",
    "factory", "builder", "parser", "validator", "generator", "stream",  "buffer",   "ref",
    "ptr",    "node",    "nodes",   "iter",    "iterator", "fn",         "func"};
// Secret values are never these.
constexpr std::string_view kNonValues[] = {
    "null",  "none",    "nil",  "true", "false",  "undefined", "string", "str",  "int",
    "number", "bool",   "boolean", "any", "bytes", "object",   "optional", "required", "yes",
    "no",    "on",      "off",  "n/a",  "tbd",    "todo",      "empty",  "unknown", "redacted",
    "hidden", "masked", "omitted", "placeholder", "dict", "list",  "map",  "secretstr", "new",
    "await", "self", "this"};

NameInfo ClassifyName(std::string_view name) {
  NameInfo info;
  const size_t n = name.size();
  if (n < 3 || n > 96) return info;
  std::string_view words[48];
  char low[96];
  for (size_t k = 0; k < n; ++k) low[k] = Lower(name[k]);
  size_t nw = 0, start = npos;
  auto push = [&](size_t b, size_t e) {
    if (nw < 48 && e > b) words[nw++] = std::string_view(low + b, e - b);
  };
  for (size_t k = 0; k < n; ++k) {
    char c = name[k];
    if (c == '_' || c == '-' || c == '.') {
      if (start != npos) push(start, k);
      start = npos;
      continue;
    }
    if (start == npos) {
      start = k;
      continue;
    }
    char p = name[k - 1];
    bool up = Has(c, kUpper);
    bool boundary = up && (Has(p, kLower | kDigit) ||
                           (Has(p, kUpper) && k + 1 < n && Has(name[k + 1], kLower)));
    if (boundary) {
      push(start, k);
      start = k;
    }
  }
  if (start != npos) push(start, n);
  if (nw == 0) return info;
  if (nw == 1 && (words[0] == "pwd" || words[0] == "oldpwd")) return info;  // shell cwd

  bool secret_word = false, aws = false, has_secret = false;
  for (size_t a = 0; a < nw; ++a) {
    std::string_view w = words[a];
    if (w == "aws") aws = true;
    if (Contains(w, "secret") || Contains(w, "password") || Contains(w, "passwd") ||
        Contains(w, "passphrase") || Contains(w, "credential")) {
      secret_word = true;
      has_secret = has_secret || Contains(w, "secret");
    } else if (w == "pass" || EndsWith(w, "pwd") || EndsWith(w, "token") || EndsWith(w, "auth") ||
               w == "authorization" || w == "apikey" || w == "passcode" ||
               w == "cookie" || w == "sessionid" || w == "dsn") {
      secret_word = true;
    } else if (w == "key" || w == "keys") {
      for (size_t b = 0; b < nw && !secret_word; ++b)
        if (b != a && InList(words[b], kKeyQualifiers)) secret_word = true;
    } else if (EndsWith(w, "key") && w.size() > 3 && InList(w.substr(0, w.size() - 3), kKeyQualifiers)) {
      secret_word = true;
    }
  }
  if (secret_word && InList(words[nw - 1], kMetaSuffixes)) return info;
  info.secret = secret_word;
  info.aws = secret_word && aws && has_secret;  // aws_secret_access_key
  return info;
}

bool IsDottedIdentifier(std::string_view v) {
  size_t dots = 0;
  bool seg_start = true;
  for (char c : v) {
    if (c == '.') {
      if (seg_start) return false;
      ++dots;
      seg_start = true;
    } else if (seg_start) {
      if (!Has(c, kAlpha | kUnder)) return false;
      seg_start = false;
    } else if (!Has(c, kWord)) {
      return false;
    }
  }
  return dots >= 1 && !seg_start;
}

bool IsValueStop(std::string_view s, size_t k, bool query) {
  char c = s[k];
  if (Has(c, kSpace) || c == '"' || c == '\'' || c == '`') return true;
  if (c == '&') return query;
  if (c == '\\' && k + 1 < s.size()) {
    char d = s[k + 1];
    return d == 'n' || d == 'r' || d == 't' || d == '"' || d == '\'';
  }
  return false;
}

// Accept a candidate value of a secret-named assignment?
bool AcceptValue(std::string_view s, size_t vb, size_t ve, bool quoted, bool colon,
                 std::string_view name) {
  std::string_view v = s.substr(vb, ve - vb);
  if (v.empty()) return false;
  char f = v[0];
  if (f == '$' || f == '{' || f == '<' || f == '%') return false;  // ${VAR}, {{tpl}}, <your-key>
  if (v.starts_with(kMarkerPrefix)) return false;                    // already redacted
  bool all_mask = true;
  for (char c : v)
    if (c != '*' && c != 'x' && c != 'X' && c != '.' && c != '-') {
      all_mask = false;
      break;
    }
  if (all_mask) return false;
  if (v.size() <= 12) {
    char buf[12];
    for (size_t k = 0; k < v.size(); ++k) buf[k] = Lower(v[k]);
    if (InList(std::string_view(buf, v.size()), kNonValues)) return false;
  }
  bool all_digits = true;
  for (char c : v) all_digits = all_digits && Has(c, kDigit);
  if (all_digits && v.size() < 6) return false;  // counts, lengths, ports
  if (quoted) return true;
  // Unquoted: code and prose need more care.
  if (v.size() < 3) return false;
  if (f == '[' || f == '(') return false;
  if (v.find('(') != npos || v.find('[') != npos) return false;  // getpass(), os.environ["X"]
  if (v.find("::") != npos) return false;                          // std::pair<…>
  for (size_t k = 1; k < v.size(); ++k)
    if (v[k] == '<' && Has(v[k - 1], kWord)) return false;  // Map<String, …>
  if (IsDottedIdentifier(v)) return false;                         // process.env.X, self.token
  if (v.size() == name.size()) {
    bool same = true;
    for (size_t k = 0; k < v.size() && same; ++k) same = Lower(v[k]) == Lower(name[k]);
    if (same) return false;  // token=token
  }
  if (colon && v.size() < 12) {
    // "password: it expired" / "Token: Please": a lone lowercase or Capitalised word is prose.
    bool secretish = false;
    for (size_t k = 0; k < v.size() && !secretish; ++k)
      secretish = !Has(v[k], kLower) && (k > 0 || !Has(v[k], kUpper));
    if (!secretish) return false;
  }
  return true;
}

// NAME<q>? ws* (= | : | :=) ws* value — with name secret-looking.
bool MatchAssignment(std::string_view s, size_t i, size_t word_end, Hit* h) {
  const size_t n = s.size();
  size_t ne = RunEnd(s, word_end, kName);
  size_t j = ne;
  if (j >= n) return false;
  // Closing quote of a quoted key: "api_key": / 'api_key': / \"api_key\":
  const char open_q = (i > 0 && (s[i - 1] == '"' || s[i - 1] == '\'')) ? s[i - 1] : 0;
  bool name_closed = false;
  if (open_q && s[j] == open_q) {
    ++j;
    name_closed = true;
  } else if (s[j] == '\\' && j + 1 < n && s[j + 1] == '"' && i >= 2 && s[i - 1] == '"' &&
             s[i - 2] == '\\') {
    j += 2;
    name_closed = true;
  }
  while (j < n && (s[j] == ' ' || s[j] == '\t')) ++j;
  if (j >= n) return false;
  bool colon;
  if (s[j] == '=') {
    if (j + 1 < n && (s[j + 1] == '=' || s[j + 1] == '>' || s[j + 1] == '~')) return false;
    colon = false;
    ++j;
  } else if (s[j] == ':') {
    if (j + 1 < n && s[j + 1] == ':') return false;  // C++ scope
    if (j + 1 < n && s[j + 1] == '/') return false;  // scheme://
    colon = true;
    j += (j + 1 < n && s[j + 1] == '=') ? 2 : 1;
  } else {
    return false;
  }
  std::string_view name = s.substr(i, ne - i);
  NameInfo info = ClassifyName(name);
  if (!info.secret) return false;
  while (j < n && (s[j] == ' ' || s[j] == '\t')) ++j;
  if (j >= n) return false;
  // input("Password: ") — the name sits inside a string literal whose closing quote follows.
  if (open_q && !name_closed && s[j] == open_q) return false;
  std::string_view fallback = info.aws ? kAws : kEnvSecret;

  // Quoted value?
  size_t vb = j, ve = j;
  bool quoted = false;
  if (s[j] == '"' || s[j] == '\'' || s[j] == '`') {
    char q = s[j];
    vb = j + 1;
    ve = vb;
    while (ve < n && s[ve] != q && s[ve] != '\n') {
      if (s[ve] == '\\' && ve + 1 < n) {  // escaped character
        ve += 2;
        continue;
      }
      ++ve;
    }
    if (ve > n) ve = n;  // unterminated (truncated snippet): to the end of the line
    quoted = true;
  } else if (s[j] == '\\' && j + 1 < n && s[j + 1] == '"') {  // \"value\"
    vb = j + 2;
    ve = vb;
    while (ve < n && s[ve] != '\n' && !(s[ve] == '\\' && ve + 1 < n && s[ve + 1] == '"')) ++ve;
    quoted = true;
  }
  // Authorization scheme: keep the scheme word, redact the credential.
  for (std::string_view scheme : {"bearer", "basic", "token", "digest", "bot"}) {
    if (!StartsAtCI(s, vb, scheme)) continue;
    size_t t = vb + scheme.size();
    if (t >= n || (s[t] != ' ' && s[t] != '\t')) continue;
    while (t < n && (s[t] == ' ' || s[t] == '\t')) ++t;
    size_t e = CredentialEnd(s, t);
    if (quoted && e > ve) e = ve;
    if (e <= t) return false;
    if (!AcceptValue(s, t, e, true, false, name)) return false;
    *h = {t, e, ClassifyValue(s, t, e, scheme == "bearer" ? kBearer : scheme == "basic" ? kBasic : fallback)};
    return true;
  }
  if (!quoted) {
    ve = vb;
    // In a query string (?name=value&…) '&' ends the value; elsewhere it may be part of it.
    const bool query = !colon && i > 0 && (s[i - 1] == '?' || s[i - 1] == '&');
    while (ve < n && !IsValueStop(s, ve, query)) ++ve;
    while (ve > vb && (s[ve - 1] == ',' || s[ve - 1] == ';' || s[ve - 1] == ')' ||
                       s[ve - 1] == ']' || s[ve - 1] == '}' || s[ve - 1] == '.' ||
                       s[ve - 1] == '>'))
      --ve;
  }
  if (!AcceptValue(s, vb, ve, quoted, colon, name)) return false;
  *h = {vb, ve, ClassifyValue(s, vb, ve, fallback)};
  return true;
}

// ---- 3. high-entropy blobs -----------------------------------------------------------------
// Long base64 / base64url runs that look random (upper + lower + digits, frequent class changes,
// few dictionary-like lowercase words), and hex runs of >= 64 digits (40-hex git SHAs are kept).
bool LooksRandom(std::string_view s, size_t b, size_t e) {
  if (e - b < 40) return false;
  size_t up = 0, lo = 0, dg = 0, pairs = 0, switches = 0, wordy = 0, lrun = 0;
  int prev = 0;  // 1 upper, 2 lower, 3 digit, 0 other
  bool upper_lead = false;
  for (size_t k = b; k < e; ++k) {
    uint16_t c = Cls(s[k]);
    int cur = (c & kUpper) ? 1 : (c & kLower) ? 2 : (c & kDigit) ? 3 : 0;
    up += cur == 1;
    lo += cur == 2;
    dg += cur == 3;
    if (cur && prev) {
      ++pairs;
      switches += cur != prev;
    }
    // Count characters in dictionary-like [A-Z]?[a-z]{4,} runs.
    if (cur == 2) {
      if (lrun == 0) upper_lead = prev == 1;
      ++lrun;
    } else if (lrun) {
      if (lrun >= 4) wordy += lrun + (upper_lead ? 1 : 0);
      lrun = 0;
    }
    prev = cur;
  }
  if (lrun >= 4) wordy += lrun + (upper_lead ? 1 : 0);
  if (!up || !lo || !dg || pairs == 0) return false;
  size_t alnum = up + lo + dg;
  // Random base64 has ~3% '+/-_' and ~16% digits; dashed file names, UUID and timestamp paths
  // have far more (rollout-2026-02-23T20-34-25-019c8bfe-ec25-79e0-97d7-bda6a9c575ff: 19% / 57%).
  if ((e - b - alnum) * 6 > e - b) return false;
  if (dg * 2 > alnum) return false;
  if (switches * 100 < pairs * 30) return false;
  // Thresholds measured on random base64 (miss rate ~0.6% at 40 chars, <0.01% at 64+) versus
  // long identifiers (getHTTP2ConnectionPoolForS3BucketInUSEast1Region: 0.40 / 0.46).
  const bool long_run = e - b >= 64;
  const size_t min_switch = long_run ? 40 : 45, max_wordy = long_run ? 40 : 30;
  return switches * 100 >= pairs * min_switch || wordy * 100 <= alnum * max_wordy;
}

// A '/'-separated path segment of >= 3 lowercase letters: "download" in /download/<blob>/file.
bool PlainSegment(std::string_view s, size_t b, size_t e) {
  if (e - b < 3) return false;
  for (size_t k = b; k < e; ++k)
    if (!Has(s[k], kLower | kDash | kUnder)) return false;
  return true;
}

// Long base64 / base64url runs that look random (upper + lower + digits, frequent class changes,
// few dictionary-like lowercase words), and hex runs of >= 64 digits (40-hex git SHAs are kept).
bool MatchBlob(std::string_view s, size_t i, size_t word_end, size_t* checked_until, Hit* h) {
  const size_t n = s.size();
  // Hex: 0x-prefixed or bare, >= 64 hex digits, not followed by a letter/digit.
  if (word_end - i >= 64) {
    size_t hb = i;
    if (s[i] == '0' && (s[i + 1] == 'x' || s[i + 1] == 'X')) hb = i + 2;
    size_t he = RunEnd(s, hb, kHex);
    if (he == word_end && he - hb >= 64) {
      *h = {i, he, kHexBlob};
      return true;
    }
  }
  if (i < *checked_until) return false;
  size_t e = RunEnd(s, word_end, kB64);
  *checked_until = e;
  if (e - i < 40) return false;
  // Keep plain path segments around a blob in a path: /download/<blob>/file.
  size_t b = i, be = e;
  for (;;) {
    size_t slash = s.find('/', b);
    if (slash >= be || !PlainSegment(s, b, slash)) break;
    b = slash + 1;
  }
  for (;;) {
    size_t slash = s.rfind('/', be - 1);
    if (slash == npos || slash < b || !PlainSegment(s, slash + 1, be)) break;
    be = slash;
  }
  if (!LooksRandom(s, b, be)) return false;
  size_t pe = be;
  if (be == e)
    while (pe < n && pe - e < 2 && s[pe] == '=') ++pe;
  *h = {b, pe, kBase64};
  return true;
}

// ---- PEM and URL userinfo --------------------------------------------------------------------
// At s[i] == '-'. "-----BEGIN … PRIVATE KEY-----" through "-----END … PRIVATE KEY-----" (or the
// end of the text when truncated), provided key material follows the header (so code that merely
// mentions the header line is left alone).
bool MatchPem(std::string_view s, size_t i, Hit* h) {
  if (!StartsAt(s, i, "-----BEGIN ")) return false;
  size_t hb = i + 11;
  size_t he = s.find("-----", hb);
  if (he == npos || he - hb > 64) return false;
  std::string_view header = s.substr(hb, he - hb);
  if (header.find("PRIVATE KEY") == npos || header.find('\n') != npos) return false;
  size_t k = he + 5;
  while (k < s.size()) {
    if (Has(s[k], kSpace)) {
      ++k;
    } else if (s[k] == '\\' && k + 1 < s.size() && (s[k + 1] == 'n' || s[k + 1] == 'r')) {
      k += 2;
    } else {
      break;
    }
  }
  if (k < s.size() && !StartsAt(s, k, "Proc-Type:") && RunEnd(s, k, kB64 | kEq) - k < 16)
    return false;
  size_t end = s.size();
  size_t eb = s.find("-----END ", k);
  if (eb != npos) {
    size_t ee = s.find("-----", eb + 9);
    if (ee != npos) end = ee + 5;
  }
  *h = {i, end, kPrivateKey};
  return true;
}

// At s[i] == ':' followed by "//". Finds the password of scheme://user:pass@host.
bool FindUrlPassword(std::string_view s, size_t i, size_t* pb, size_t* pe) {
  size_t u = i + 3, k = u, at = npos;
  const size_t lim = std::min(s.size(), u + 1024);
  for (; k < lim; ++k) {
    char c = s[k];
    if (c == '/' || c == '?' || c == '#' || Has(c, kSpace) || c == '"' || c == '\'' || c == '<' ||
        c == '>' || c == '`' || c == '\\')
      break;
    if (c == '@') at = k;
  }
  if (at == npos) return false;
  size_t colon = s.find(':', u);
  if (colon == npos || colon >= at || colon + 1 == at) return false;
  if (s[colon + 1] == '$') return false;  // https://user:$TOKEN@host is a template
  // Already redacted: https://[REDACTED:github_token]@host, https://u:[REDACTED:url_password]@h
  if (StartsAt(s, u, kMarkerPrefix) || StartsAt(s, colon + 1, kMarkerPrefix)) return false;
  *pb = colon + 1;
  *pe = at;
  return true;
}

}  // namespace

std::string Marker(std::string_view kind) {
  std::string m;
  m.reserve(kMarkerPrefix.size() + kind.size() + 1);
  m += kMarkerPrefix;
  m += kind;
  m += ']';
  return m;
}

void RedactTo(std::string_view s, std::string* out) {
  const size_t n = s.size();
  size_t i = 0, last = 0;
  size_t pw_begin = npos, pw_end = npos;
  size_t blob_checked = 0;
  auto emit = [&](size_t b, size_t e, std::string_view kind) {
    out->append(s.data() + last, b - last);
    out->append(kMarkerPrefix);
    out->append(kind);
    out->push_back(']');
    last = e;
  };
  while (i < n) {
    if (i == pw_begin) {
      emit(pw_begin, pw_end, kUrlPassword);
      i = pw_end;
      pw_begin = npos;
      continue;
    }
    char c = s[i];
    if (!Has(c, kWord | kSpecial)) {  // the common case: punctuation, spaces, UTF-8
      ++i;
      continue;
    }
    if (Has(c, kWord)) {
      Hit h;
      const size_t we = RunEnd(s, i + 1, kWord);
      const bool in_userinfo = pw_begin != npos && i < pw_begin;
      if (MatchKnown(s, i, &h) || MatchBlob(s, i, we, &blob_checked, &h) ||
          (!in_userinfo && MatchAssignment(s, i, we, &h))) {
        if (pw_begin != npos && h.end > pw_begin) pw_begin = npos;  // swallowed
        emit(h.begin, h.end, h.kind);
        i = h.end;
        continue;
      }
      i = we;
      continue;
    }
    if (c == '-') {
      Hit h;
      if (MatchPem(s, i, &h)) {
        emit(h.begin, h.end, h.kind);
        i = h.end;
        pw_begin = npos;
        continue;
      }
    } else if (c == ':' && i + 2 < n && s[i + 1] == '/' && s[i + 2] == '/') {
      size_t pb, pe;
      if (FindUrlPassword(s, i, &pb, &pe)) {
        pw_begin = pb;
        pw_end = pe;
      }
      i += 3;
      continue;
    }
    ++i;
  }
  out->append(s.data() + last, n - last);
}

std::string Redact(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  RedactTo(text, &out);
  return out;
}

bool LooksSecret(std::string_view text) { return Redact(text) != text; }

std::string Hash(std::string_view text) {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  if (EVP_Digest(text.data(), text.size(), md, &len, EVP_sha256(), nullptr) != 1)
    throw std::runtime_error("redact::Hash: SHA-256 failed");
  static constexpr char kHexDigits[] = "0123456789abcdef";
  std::string out(len * 2, '0');
  for (unsigned int k = 0; k < len; ++k) {
    out[2 * k] = kHexDigits[md[k] >> 4];
    out[2 * k + 1] = kHexDigits[md[k] & 15];
  }
  return out;
}

}  // namespace receipts::redact
