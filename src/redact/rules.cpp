// Context rules for the redaction scanner (see redact.cpp): secret-named assignments
// (API_KEY=…, "password": "…", Authorization: Bearer …) and long high-entropy base64 / hex
// blobs. Pure functions over constant tables; thread-safe.
#include "redact/redact.h"
#include "redact/rules.h"

namespace receipts::redact::internal {
namespace {

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

}  // namespace

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

namespace {

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

}  // namespace

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

}  // namespace receipts::redact::internal
