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
// The tables and word matchers live in providers.cpp (1) and rules.cpp (2, 3), declared in
// rules.h; this file holds the driver and the PEM / URL-userinfo rules. Thread-safe.
#include "redact/redact.h"
#include "redact/rules.h"

#include <openssl/evp.h>

#include <cstring>
#include <stdexcept>

namespace receipts::redact {
using namespace internal;

namespace {

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
