// See result_cache.h.
#include "reports/result_cache.h"

#include <sqlite3.h>
#include <sys/stat.h>

#include <cstring>

namespace receipts::reports::result_cache {
namespace {

constexpr int64_t kFormat = 1;  // of Encode's bytes
constexpr int kMaxEntries = 256;

// --- Encoding: little-endian int64s, strings as a length and bytes. -------------------------

class Writer {
 public:
  void Int(int64_t v) { out_.append(reinterpret_cast<const char*>(&v), sizeof v); }
  void Str(const std::string& s) {
    Int(static_cast<int64_t>(s.size()));
    out_ += s;
  }
  void Strs(const std::vector<std::string>& v) {
    Int(static_cast<int64_t>(v.size()));
    for (const auto& s : v) Str(s);
  }
  void Tokens(const TokenSums& t) {
    for (int64_t v : {t.calls, t.input, t.output, t.cache_write_5m, t.cache_write_1h, t.cache_read,
                      t.reasoning, t.web_search}) {
      Int(v);
    }
  }
  void Cash(const Money& m) {
    for (int64_t v : {m.cost_nanos, m.calc_nanos, m.recorded_nanos, m.unpriced_calls}) Int(v);
  }
  void GroupOf(const Group& g) {
    Str(g.key);
    Str(g.agent);
    Strs(g.agents);
    Str(g.project);
    Int(g.last_activity_ms);
    Tokens(g.tokens);
    Cash(g.money);
    Int(static_cast<int64_t>(g.models.size()));
    for (const ModelLine& m : g.models) {
      Str(m.model);
      Tokens(m.tokens);
      Cash(m.money);
    }
  }
  std::string Take() { return std::move(out_); }

 private:
  std::string out_;
};

class Reader {
 public:
  explicit Reader(std::string_view in) : in_(in) {}
  bool ok() const { return ok_; }
  bool AtEnd() const { return ok_ && pos_ == in_.size(); }
  int64_t Int() {
    int64_t v = 0;
    if (!ok_ || in_.size() - pos_ < sizeof v) return Fail();
    std::memcpy(&v, in_.data() + pos_, sizeof v);
    pos_ += sizeof v;
    return v;
  }
  int64_t Count() {  // a length or element count: never more than the bytes left
    int64_t n = Int();
    if (n < 0 || static_cast<uint64_t>(n) > in_.size() - pos_) return Fail();
    return n;
  }
  std::string Str() {
    int64_t n = Count();
    if (!ok_) return {};
    std::string s(in_.substr(pos_, static_cast<size_t>(n)));
    pos_ += static_cast<size_t>(n);
    return s;
  }
  std::vector<std::string> Strs() {
    std::vector<std::string> v(static_cast<size_t>(Count()));
    for (auto& s : v) s = Str();
    return v;
  }
  TokenSums Tokens() {
    TokenSums t;
    for (int64_t* f : {&t.calls, &t.input, &t.output, &t.cache_write_5m, &t.cache_write_1h,
                       &t.cache_read, &t.reasoning, &t.web_search}) {
      *f = Int();
    }
    return t;
  }
  Money Cash() {
    Money m;
    for (int64_t* f : {&m.cost_nanos, &m.calc_nanos, &m.recorded_nanos, &m.unpriced_calls}) *f = Int();
    return m;
  }
  Group GroupOf() {
    Group g;
    g.key = Str();
    g.agent = Str();
    g.agents = Strs();
    g.project = Str();
    g.last_activity_ms = Int();
    g.tokens = Tokens();
    g.money = Cash();
    g.models.resize(static_cast<size_t>(Count()));
    for (ModelLine& m : g.models) {
      m.model = Str();
      m.tokens = Tokens();
      m.money = Cash();
    }
    return g;
  }

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

// This executable, as its size, modification time and inode: any rebuild or reinstall changes
// it, so results are only ever read back by the build that computed them.
const std::string& ExeIdentity() {
  static const std::string id = [] {
    struct stat st{};
    if (::stat("/proc/self/exe", &st) != 0) return std::string("unknown");
    return std::to_string(st.st_size) + ":" + std::to_string(st.st_mtim.tv_sec) + "." +
           std::to_string(st.st_mtim.tv_nsec) + ":" + std::to_string(st.st_ino);
  }();
  return id;
}

}  // namespace

std::string Encode(const GroupedReport& r) {
  Writer w;
  w.Int(kFormat);
  w.Int(static_cast<int64_t>(r.by));
  w.Int(static_cast<int64_t>(r.mode));
  w.Str(r.zone);
  w.Int(static_cast<int64_t>(r.groups.size()));
  for (const Group& g : r.groups) w.GroupOf(g);
  w.GroupOf(r.totals);
  w.Strs(r.unpriced_models);
  return w.Take();
}

std::optional<GroupedReport> Decode(std::string_view bytes) {
  Reader in(bytes);
  if (in.Int() != kFormat) return std::nullopt;
  GroupedReport r;
  int64_t by = in.Int(), mode = in.Int();
  if (by < 0 || by > static_cast<int64_t>(GroupBy::kSession) || mode < 0 ||
      mode > static_cast<int64_t>(CostMode::kCompare)) {
    return std::nullopt;
  }
  r.by = static_cast<GroupBy>(by);
  r.mode = static_cast<CostMode>(mode);
  r.zone = in.Str();
  r.groups.resize(static_cast<size_t>(in.Count()));
  for (Group& g : r.groups) g = in.GroupOf();
  r.totals = in.GroupOf();
  r.unpriced_models = in.Strs();
  if (!in.AtEnd()) return std::nullopt;
  return r;
}

std::string GroupedKey(GroupBy by, const Filters& f) {
  std::string agents;
  for (const auto& a : f.agents) agents += a + ",";
  // Lengths before the free-text values, so no two filter sets can spell the same key.
  auto field = [](const char* name, const std::optional<std::string>& v) {
    std::string out = name;
    if (v) {
      out += std::to_string(v->size());
      out += ':';
      out += *v;
    } else {
      out += '-';
    }
    out += '|';
    return out;
  };
  return std::string("grouped/") + GroupByName(by) + "|exe=" + ExeIdentity() + "|" +
         field("since=", f.since) + field("until=", f.until) + field("zone=", f.zone) +
         field("project=", f.project) + field("agents=", agents) +
         "mode=" + std::to_string(static_cast<int>(f.mode)) + "|week=" + std::to_string(f.week_start) +
         "|desc=" + (f.descending ? "1" : "0");
}

int64_t DataGen(store::Store& store) {
  auto st = store.db().Prepare("SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'data_gen'");
  if (!st.ok() || !st.value().Step()) return 0;
  return st.value().Int(0);
}

std::optional<GroupedReport> Load(store::Store& store, const std::string& key, int64_t gen) {
  if (gen <= 0) return std::nullopt;
  auto st = store.db().Prepare("SELECT body FROM report_cache WHERE key = ?1 AND gen = ?2");
  if (!st.ok()) return std::nullopt;
  st.value().Bind(1, key).Bind(2, gen);
  if (!st.value().Step()) return std::nullopt;
  sqlite3_stmt* raw = st.value().raw();
  const void* blob = sqlite3_column_blob(raw, 0);
  int n = sqlite3_column_bytes(raw, 0);
  return Decode(std::string_view(static_cast<const char*>(blob), blob ? static_cast<size_t>(n) : 0));
}

bool Save(store::Store& store, const std::string& key, int64_t gen, const GroupedReport& report) {
  sqlite3* raw = store.db().raw();
  if (gen <= 0 || sqlite3_db_readonly(raw, "main") != 0 || sqlite3_get_autocommit(raw) == 0) return false;
  std::string body = Encode(report);
  sqlite3_busy_timeout(raw, 0);  // another writer at work: skip rather than wait
  bool kept = false;
  {
    store::Transaction tx(store.db(), store::Transaction::Kind::kDerived);
    if (tx.begin_status().ok() && DataGen(store) == gen) {
      auto del = store.db().Prepare(
          "DELETE FROM report_cache WHERE gen <> ?1 OR (SELECT count(*) FROM report_cache) >= ?2");
      auto ins = store.db().Prepare("INSERT OR REPLACE INTO report_cache(key, gen, body) VALUES(?1, ?2, ?3)");
      if (del.ok() && ins.ok()) {
        del.value().Bind(1, gen).Bind(2, int64_t{kMaxEntries});
        sqlite3_bind_blob(ins.value().raw(), 3, body.data(), static_cast<int>(body.size()), SQLITE_STATIC);
        ins.value().Bind(1, key).Bind(2, gen);
        kept = del.value().Run().ok() && ins.value().Run().ok() && tx.Commit().ok();
      }
    }
  }
  sqlite3_busy_timeout(raw, store::kBusyTimeoutMs);
  return kept;
}

}  // namespace receipts::reports::result_cache
