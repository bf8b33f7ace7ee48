// See result_cache.h.
#include "reports/result_cache.h"

#include "core/bytes.h"
#include "core/file_change.h"
#include "core/time.h"
#include "store/derived.h"

namespace receipts::reports::result_cache {
namespace {

constexpr int64_t kFormat = 1;  // of Encode's bytes

// --- Encoding (core/bytes.h) ---------------------------------------------------------------

void PutStrs(ByteWriter& w, const std::vector<std::string>& v) {
  w.Int(static_cast<int64_t>(v.size()));
  for (const auto& s : v) w.Str(s);
}
void PutTokens(ByteWriter& w, const TokenSums& t) {
  for (int64_t v : {t.calls, t.input, t.output, t.cache_write_5m, t.cache_write_1h, t.cache_read,
                    t.reasoning, t.web_search}) {
    w.Int(v);
  }
}
void PutMoney(ByteWriter& w, const Money& m) {
  for (int64_t v : {m.cost_nanos, m.calc_nanos, m.recorded_nanos, m.unpriced_calls}) w.Int(v);
}
void PutGroup(ByteWriter& w, const Group& g) {
  w.Str(g.key);
  w.Str(g.agent);
  PutStrs(w, g.agents);
  w.Str(g.project);
  w.Int(g.last_activity_ms);
  PutTokens(w, g.tokens);
  PutMoney(w, g.money);
  w.Int(static_cast<int64_t>(g.models.size()));
  for (const ModelLine& m : g.models) {
    w.Str(m.model);
    PutTokens(w, m.tokens);
    PutMoney(w, m.money);
  }
}

std::vector<std::string> GetStrs(ByteReader& in) {
  std::vector<std::string> v(in.Count(8));
  for (auto& s : v) s = in.Str();
  return v;
}
TokenSums GetTokens(ByteReader& in) {
  TokenSums t;
  for (int64_t* f : {&t.calls, &t.input, &t.output, &t.cache_write_5m, &t.cache_write_1h,
                     &t.cache_read, &t.reasoning, &t.web_search}) {
    *f = in.Int();
  }
  return t;
}
Money GetMoney(ByteReader& in) {
  Money m;
  for (int64_t* f : {&m.cost_nanos, &m.calc_nanos, &m.recorded_nanos, &m.unpriced_calls}) *f = in.Int();
  return m;
}
Group GetGroup(ByteReader& in) {
  Group g;
  g.key = in.Str();
  g.agent = in.Str();
  g.agents = GetStrs(in);
  g.project = in.Str();
  g.last_activity_ms = in.Int();
  g.tokens = GetTokens(in);
  g.money = GetMoney(in);
  g.models.resize(in.Count(8 * 13));  // a model line is at least 13
  for (ModelLine& m : g.models) {
    m.model = in.Str();
    m.tokens = GetTokens(in);
    m.money = GetMoney(in);
  }
  return g;
}

// This executable, as its size, modification time and inode: any rebuild or reinstall changes
// it, so results are only ever read back by the build that computed them.
const std::string& ExeIdentity() {
  static const std::string id = FileIdentity("/proc/self/exe");
  return id;
}

}  // namespace

std::string Encode(const GroupedReport& r) {
  ByteWriter w;
  w.Int(kFormat);
  w.Int(static_cast<int64_t>(r.by));
  w.Int(static_cast<int64_t>(r.mode));
  w.Str(r.zone);
  w.Int(static_cast<int64_t>(r.groups.size()));
  for (const Group& g : r.groups) PutGroup(w, g);
  PutGroup(w, r.totals);
  PutStrs(w, r.unpriced_models);
  return w.Take();
}

std::optional<GroupedReport> Decode(std::string_view bytes) {
  ByteReader in(bytes);
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
  r.groups.resize(in.Count(8 * 18));  // a group is at least 18 int64s
  for (Group& g : r.groups) g = GetGroup(in);
  r.totals = GetGroup(in);
  r.unpriced_models = GetStrs(in);
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
         field("rules=", zone_rules_identity(f.zone.empty() ? machine_zone_name() : f.zone)) +
         field("project=", f.project) + field("agents=", agents) +
         "mode=" + std::to_string(static_cast<int>(f.mode)) + "|week=" + std::to_string(f.week_start) +
         "|desc=" + (f.descending ? "1" : "0");
}

std::optional<GroupedReport> Load(store::Store& store, const std::string& key, int64_t gen) {
  auto bytes = store::LoadDerived(store, key, gen);
  if (!bytes) return std::nullopt;
  return Decode(*bytes);
}

bool Save(store::Store& store, const std::string& key, int64_t gen, const GroupedReport& report) {
  return store::SaveDerived(store, key, gen, Encode(report));
}

}  // namespace receipts::reports::result_cache
