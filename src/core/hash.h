// FNV-1a (64-bit), the one non-cryptographic hash the store keeps: files' head hashes, the
// price book's fingerprint and the key hashes all build on it, so it must never change.
// Continue a hash by passing the previous value as `h`.
#pragma once

#include <cstdint>
#include <string_view>

namespace receipts {

inline constexpr uint64_t kFnv1aOffset = 1469598103934665603ULL;

inline uint64_t Fnv1a(std::string_view data, uint64_t h = kFnv1aOffset) {
  for (unsigned char c : data) {
    h ^= c;
    h *= 1099511628211ULL;
  }
  return h;
}

}  // namespace receipts
