// A minimal binary codec for values the store keeps for itself (store/derived.h): int64s in
// the machine's byte order and length-prefixed strings. The reader checks every length against
// the bytes left and fails (ok() == false, zeros and empty strings from then on) instead of
// reading past the end, so malformed bytes are a clean miss.
#pragma once

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

namespace receipts {

class ByteWriter {
 public:
  void Int(int64_t v) { out_.append(reinterpret_cast<const char*>(&v), sizeof v); }
  void Str(std::string_view s) {
    Int(static_cast<int64_t>(s.size()));
    out_.append(s.data(), s.size());
  }
  std::string Take() { return std::move(out_); }

 private:
  std::string out_;
};

class ByteReader {
 public:
  explicit ByteReader(std::string_view in) : in_(in) {}
  bool ok() const { return ok_; }
  bool AtEnd() const { return ok_ && pos_ == in_.size(); }
  size_t Remaining() const { return in_.size() - pos_; }
  int64_t Int() {
    int64_t v = 0;
    if (!ok_ || in_.size() - pos_ < sizeof v) return Fail();
    std::memcpy(&v, in_.data() + pos_, sizeof v);
    pos_ += sizeof v;
    return v;
  }
  // A length, or a count of elements of at least `min_bytes` each: never negative, never more
  // than the bytes left allow (so a corrupt count cannot make a caller allocate much).
  size_t Count(size_t min_bytes = 1) {
    int64_t n = Int();
    if (n < 0 || static_cast<uint64_t>(n) > (in_.size() - pos_) / (min_bytes ? min_bytes : 1)) {
      return static_cast<size_t>(Fail());
    }
    return static_cast<size_t>(n);
  }
  std::string_view StrView() {
    size_t n = Count();
    if (!ok_) return {};
    std::string_view s = in_.substr(pos_, n);
    pos_ += n;
    return s;
  }
  std::string Str() { return std::string(StrView()); }

 private:
  int64_t Fail() {
    ok_ = false;
    pos_ = in_.size();
    return 0;
  }
  std::string_view in_;
  size_t pos_ = 0;
  bool ok_ = true;
};

}  // namespace receipts
