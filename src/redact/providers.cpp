// Known provider keys for the redaction scanner (see redact.cpp): prefixed keys (sk-ant-, ghp_,
// AKIA, xoxb-, …) dispatched on their first byte, JWTs, SendGrid keys and "Bearer <token>".
// Pure functions over constant tables; thread-safe.
#include "redact/rules.h"

namespace receipts::redact::internal {
namespace {

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

}  // namespace

// Kind for a credential found in a secret context: the provider kind if the whole value is a
// recognised key, else `fallback`.
std::string_view ClassifyValue(std::string_view s, size_t b, size_t e, std::string_view fallback) {
  Hit h;
  if (b < e && MatchKnown(s.substr(0, e), b, &h) && h.begin == b && h.end == e) return h.kind;
  return fallback;
}

// End of a credential after "Bearer "/"Basic "/"token ": a token68 run minus sentence
// punctuation.
size_t CredentialEnd(std::string_view s, size_t t) {
  size_t e = RunEnd(s, t, kTok);
  while (e > t && (s[e - 1] == '.' || s[e - 1] == ',')) --e;
  return e;
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

}  // namespace receipts::redact::internal
