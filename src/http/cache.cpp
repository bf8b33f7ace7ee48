// See cache.h.
#include "http/cache.h"

namespace receipts::http {

ResponseCache::ResponseCache(std::string db_path, size_t max_bytes)
    : db_path_(std::move(db_path)), max_bytes_(max_bytes) {}

std::optional<int64_t> ResponseCache::Version() {
  std::lock_guard<std::mutex> lock(version_mu_);
  if (!version_store_) {
    auto s = store::Store::Open(db_path_, store::Db::Mode::kReadOnly);
    if (!s.ok()) return std::nullopt;
    version_store_ = std::make_unique<store::Store>(std::move(s).value());
  }
  auto st = version_store_->db().Prepare("PRAGMA data_version");
  if (!st.ok() || !st.value().Step()) {
    version_store_.reset();  // reopened on the next request
    return std::nullopt;
  }
  return st.value().Int(0);
}

std::shared_ptr<const CachedResponse> ResponseCache::Get(
    const std::string& key, int64_t version, const std::function<CachedResponse()>& compute,
    Served* served) {
  std::shared_ptr<Flight> flight;
  bool owner = false;
  {
    std::lock_guard<std::mutex> lock(mu_);
    Entry& e = entries_[key];
    if (e.good && e.good_version >= version) {
      ++hits_;
      if (served) *served = Served::kHit;
      return e.good;
    }
    if (e.flight && e.flight->version >= version) {
      if (e.good) {  // being recomputed: the previous result, without waiting
        ++stale_;
        if (served) *served = Served::kStale;
        return e.good;
      }
      flight = e.flight;  // never computed yet: wait for the one computation
      ++hits_;
      if (served) *served = Served::kHit;
    } else {
      ++misses_;
      if (served) *served = Served::kMiss;
      flight = std::make_shared<Flight>();
      flight->version = version;
      e.flight = flight;
      owner = true;
    }
  }
  if (!owner) {
    std::unique_lock<std::mutex> lock(flight->mu);
    flight->cv.wait(lock, [&] { return flight->done; });
    if (flight->value->status == 200) return flight->value;
    return std::make_shared<const CachedResponse>(compute());  // it failed: answer on our own
  }
  auto value = std::make_shared<const CachedResponse>(compute());
  {
    std::lock_guard<std::mutex> lock(flight->mu);
    flight->value = value;
    flight->done = true;
  }
  flight->cv.notify_all();
  Finish(key, flight);
  return value;
}

void ResponseCache::Finish(const std::string& key, const std::shared_ptr<Flight>& flight) {
  std::lock_guard<std::mutex> lock(mu_);
  Entry& e = entries_[key];
  if (e.flight == flight) e.flight.reset();
  if (flight->value->status != 200 || flight->version < e.good_version) {
    if (!e.good && !e.flight) entries_.erase(key);
    return;
  }
  if (e.good) bytes_ -= e.good->body.size();
  e.good = flight->value;
  e.good_version = flight->version;
  bytes_ += e.good->body.size();
  // Over budget: drop older versions first, then any other finished entry.
  for (int pass = 0; pass < 2 && bytes_ > max_bytes_; ++pass) {
    for (auto j = entries_.begin(); j != entries_.end() && bytes_ > max_bytes_;) {
      Entry& x = j->second;
      if (j->first != key && x.good && !x.flight && (pass == 1 || x.good_version < flight->version)) {
        bytes_ -= x.good->body.size();
        j = entries_.erase(j);
      } else {
        ++j;
      }
    }
  }
}

ResponseCache::Stats ResponseCache::stats() {
  std::lock_guard<std::mutex> lock(mu_);
  int64_t n = 0;
  for (const auto& [k, e] : entries_) n += e.good != nullptr;
  return {hits_, stale_, misses_, n, static_cast<int64_t>(bytes_)};
}

}  // namespace receipts::http
