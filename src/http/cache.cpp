// See cache.h.
#include "http/cache.h"

#include <sys/stat.h>

#include <algorithm>
#include <chrono>
#include <utility>
#include <vector>

namespace receipts::http {

ResponseCache::ResponseCache(std::string db_path, size_t max_bytes)
    : db_path_(std::move(db_path)), max_bytes_(max_bytes) {}

std::optional<int64_t> ResponseCache::Version() {
  std::lock_guard<std::mutex> lock(version_mu_);
  struct stat st_path{};
  const ino_t inode = ::stat(db_path_.c_str(), &st_path) == 0 ? st_path.st_ino : 0;
  if (version_store_ && inode != version_inode_) version_store_.reset();  // a new file there
  if (!version_store_) {
    auto s = store::Store::Open(db_path_, store::Db::Mode::kReadOnly);
    if (!s.ok()) return std::nullopt;
    version_store_ = std::make_unique<store::Store>(std::move(s).value());
    version_inode_ = inode;
  }
  // One read snapshot for both values.
  auto st = version_store_->db().Prepare(
      "SELECT (SELECT value FROM meta WHERE key = 'store_id'), "
      "(SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'data_gen')");
  if (!st.ok() || !st.value().Step()) {
    version_store_.reset();  // reopened on the next request
    return std::nullopt;
  }
  std::string id = st.value().Text(0);
  int64_t gen = st.value().Int(1);
  if (id != store_id_) {  // another store at this path (deleted and created again): its
    store_id_ = id;       // generations start over, so move past every earlier version
    base_ = last_version_ + 1;
  }
  last_version_ = std::max(last_version_, base_ + gen);
  return base_ + gen;
}

namespace {
int64_t SteadyMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}
}  // namespace

std::shared_ptr<const CachedResponse> ResponseCache::Get(
    const std::string& key, int64_t version, const std::function<CachedResponse()>& compute,
    Served* served) {
  return Lookup(key, version, compute, true, served);
}

void ResponseCache::HoldStale(bool on) {
  std::lock_guard<std::mutex> lock(mu_);
  hold_stale_ = on;
}

int ResponseCache::Refresh(int64_t version, int64_t keep_ms) {
  std::vector<std::pair<std::string, std::function<CachedResponse()>>> todo;
  {
    std::lock_guard<std::mutex> lock(mu_);
    int64_t now = SteadyMs();
    for (auto i = entries_.begin(); i != entries_.end();) {
      Entry& e = i->second;
      if (e.good && !e.flight && now - e.used_ms > keep_ms) {  // nobody asked lately: forget it
        bytes_ -= e.good->body.size();
        i = entries_.erase(i);
        continue;
      }
      if (e.good && e.good_version < version && e.compute) todo.emplace_back(i->first, e.compute);
      ++i;
    }
  }
  for (const auto& [key, compute] : todo) Lookup(key, version, compute, false, nullptr);
  std::lock_guard<std::mutex> lock(mu_);
  refreshed_ += static_cast<int64_t>(todo.size());
  return static_cast<int>(todo.size());
}

std::shared_ptr<const CachedResponse> ResponseCache::Lookup(
    const std::string& key, int64_t version, const std::function<CachedResponse()>& compute,
    bool may_be_stale, Served* served) {
  std::shared_ptr<Flight> flight;
  bool owner = false;
  {
    std::lock_guard<std::mutex> lock(mu_);
    Entry& e = entries_[key];
    if (may_be_stale) {  // a request, not a Refresh
      e.used_ms = SteadyMs();
      if (!e.compute) e.compute = compute;
    }
    if (e.good && e.good_version >= version) {
      ++hits_;
      if (served) *served = Served::kHit;
      return e.good;
    }
    if (may_be_stale && hold_stale_ && e.good) {  // the watcher's Refresh brings it up to date
      ++stale_;
      if (served) *served = Served::kStale;
      return e.good;
    }
    if (e.flight && e.flight->version >= version) {
      if (e.good && may_be_stale) {  // being recomputed: the previous result, without waiting
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
  return {hits_, stale_, misses_, n, static_cast<int64_t>(bytes_), refreshed_};
}

}  // namespace receipts::http
