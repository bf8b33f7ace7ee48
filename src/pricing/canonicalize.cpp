// PriceBook::Canonicalize: maps the many spellings of a model id found in agent logs, proxies
// and clouds onto the table's canonical ids. Deliberately no fuzzy matching: an id that does not
// reduce to a known canonical id stays unpriced rather than borrowing a neighbour's price.
// Pure function; thread-safe.
#include <cctype>
#include <string>
#include <vector>

#include "pricing/pricing.h"

namespace receipts::pricing {
namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

bool AllDigits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (!IsDigit(c)) return false;
  }
  return true;
}

bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

// Removes one known decoration from the end of `s`; false when there was none.
bool StripOneSuffix(std::string& s) {
  static constexpr std::string_view kWords[] = {"-latest", "-fast", "-thinking"};
  for (std::string_view w : kWords) {
    if (EndsWith(s, w) && s.size() > w.size()) {
      s.resize(s.size() - w.size());
      return true;
    }
  }
  // Bedrock "-v1:0" / "-v2:0".
  if (size_t colon = s.rfind(':'); colon != std::string::npos) {
    size_t v = s.rfind("-v", colon);
    if (v != std::string::npos && AllDigits(std::string_view(s).substr(v + 2, colon - v - 2)) &&
        AllDigits(std::string_view(s).substr(colon + 1))) {
      s.resize(v);
      return true;
    }
  }
  // Anthropic date "-20250514".
  if (s.size() > 9 && s[s.size() - 9] == '-' && AllDigits(std::string_view(s).substr(s.size() - 8))) {
    s.resize(s.size() - 9);
    return true;
  }
  // OpenAI date "-2025-08-07".
  if (s.size() > 11) {
    std::string_view t = std::string_view(s).substr(s.size() - 11);
    if (t[0] == '-' && AllDigits(t.substr(1, 4)) && t[5] == '-' && AllDigits(t.substr(6, 2)) &&
        t[8] == '-' && AllDigits(t.substr(9, 2))) {
      s.resize(s.size() - 11);
      return true;
    }
  }
  // Vertex "claude-3-5-sonnet-v2" (after "@date" was cut): Claude only.
  if (s.rfind("claude-", 0) == 0) {
    size_t v = s.rfind("-v");
    if (v != std::string::npos && AllDigits(std::string_view(s).substr(v + 2))) {
      s.resize(v);
      return true;
    }
  }
  return false;
}

std::vector<std::string> Split(const std::string& s, char sep) {
  std::vector<std::string> parts;
  size_t start = 0;
  for (;;) {
    size_t pos = s.find(sep, start);
    parts.push_back(s.substr(start, pos == std::string::npos ? std::string::npos : pos - start));
    if (pos == std::string::npos) break;
    start = pos + 1;
  }
  return parts;
}

bool IsClaudeFamily(const std::string& w) {
  return w == "opus" || w == "sonnet" || w == "haiku" || w == "fable" || w == "mythos";
}

// "claude-sonnet-4.5" → "claude-sonnet-4-5"; "claude-4-sonnet" → "claude-sonnet-4";
// "claude-sonnet-3-7" → "claude-3-7-sonnet"; "claude-opus-4-0" → "claude-opus-4".
std::string NormalizeClaude(std::string s) {
  for (size_t i = 1; i + 1 < s.size(); ++i) {
    if (s[i] == '.' && IsDigit(s[i - 1]) && IsDigit(s[i + 1])) s[i] = '-';
  }
  std::vector<std::string> p = Split(s, '-');
  if (p.size() < 3 || p[0] != "claude") return s;
  std::string family;
  std::vector<std::string> version;
  if (IsClaudeFamily(p[1])) {  // claude-<family>-<major>[-<minor>]
    family = p[1];
    for (size_t i = 2; i < p.size(); ++i) {
      if (!AllDigits(p[i])) return s;
      version.push_back(p[i]);
    }
  } else {  // claude-<major>[-<minor>]-<family>
    if (!IsClaudeFamily(p.back())) return s;
    family = p.back();
    for (size_t i = 1; i + 1 < p.size(); ++i) {
      if (!AllDigits(p[i])) return s;
      version.push_back(p[i]);
    }
  }
  if (version.empty() || version.size() > 2) return s;
  if (version.size() == 2 && version[1] == "0" && version[0] != "3") version.pop_back();
  std::string ver = version[0];
  if (version.size() == 2) ver += "-" + version[1];
  if (version[0] == "3" || version[0] == "2") return "claude-" + ver + "-" + family;
  return "claude-" + family + "-" + ver;
}

}  // namespace

std::string PriceBook::Canonicalize(std::string_view raw_model) const {
  size_t b = 0, e = raw_model.size();
  while (b < e && std::isspace(static_cast<unsigned char>(raw_model[b]))) ++b;
  while (e > b && std::isspace(static_cast<unsigned char>(raw_model[e - 1]))) --e;
  std::string s(raw_model.substr(b, e - b));
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (s.empty() || s == "<synthetic>") return s;

  // Provider paths: "anthropic/…", "openrouter/anthropic/…", "vertex_ai/…", "models/gemini-…".
  if (size_t slash = s.rfind('/'); slash != std::string::npos) s.erase(0, slash + 1);
  // Bedrock ids: "anthropic.claude-…", "us.anthropic.claude-…", "global.anthropic.claude-…".
  if (size_t a = s.find("anthropic."); a != std::string::npos) {
    bool region_prefix = true;
    for (size_t i = 0; i < a; ++i) {
      char c = s[i];
      if (!(std::islower(static_cast<unsigned char>(c)) || c == '-' || c == '.')) region_prefix = false;
    }
    if (region_prefix && (a == 0 || s[a - 1] == '.')) s.erase(0, a + 10);
  }
  // Vertex "@20250514" (or "@latest"), Claude Code's "[1m]" context marker.
  if (size_t at = s.find('@'); at != std::string::npos) s.resize(at);
  if (size_t br = s.find('['); br != std::string::npos) s.resize(br);
  while (StripOneSuffix(s)) {
  }
  if (s.rfind("claude-", 0) == 0) s = NormalizeClaude(std::move(s));
  return s;
}

}  // namespace receipts::pricing
