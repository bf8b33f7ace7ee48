// Realistic fake secrets for tests and for seeding demo / fuzz corpora with secrets that must
// never reach the store. None of these is a real credential.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace receipts::redact {

struct SampleSecret {
  std::string kind;    // expected marker kind: Redact(text) contains "[REDACTED:<kind>]"
  std::string text;    // what to embed (the secret plus any context it needs to be a secret,
                       // e.g. "postgres://app:<pw>@db…" or "DB_PASSWORD=<pw>")
  std::string secret;  // the sensitive part: must be absent from Redact(anything containing text)
};

// A fixed list (>= 40 entries) covering every kind at least once.
std::vector<SampleSecret> SampleSecretCases();

// SampleSecretCases()[i].text for every case: strings to plant in a corpus. Each one must be
// fully absent from Redact(any text containing it).
std::vector<std::string> SampleSecrets();

// Freshly generated secrets, `per_kind` of each generated kind, deterministic in `seed`.
std::vector<SampleSecret> GeneratedSecrets(uint64_t seed, size_t per_kind);

}  // namespace receipts::redact
