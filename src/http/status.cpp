// See status.h.
#include "http/status.h"

#include <chrono>

#include <algorithm>

#include "core/time.h"

namespace receipts::http {
namespace {

nlohmann::ordered_json TimeOrNull(int64_t ms) {
  if (ms <= 0) return nullptr;
  return format_iso8601_ms(ms);
}

// Per selected source, in registry order: every root it scans and whether it exists (the
// directories `doctor` lists), so an empty dashboard can say where it looked.
nlohmann::ordered_json SourcesJson(const StatusSources& sel) {
  ingest::IngestOptions o;
  o.env = sel.env;
  o.agents = sel.agents;
  std::vector<ingest::RootInfo> roots = ingest::ListRoots(o);
  nlohmann::ordered_json out = nlohmann::ordered_json::array();
  for (const sources::Source* s : sources::Registry()) {
    std::string name(s->name());
    if (!sel.agents.empty() &&
        std::find(sel.agents.begin(), sel.agents.end(), name) == sel.agents.end()) {
      continue;
    }
    nlohmann::ordered_json list = nlohmann::ordered_json::array();
    bool found = false;
    for (const ingest::RootInfo& r : roots) {
      if (r.agent != name) continue;
      list.push_back({{"path", r.path}, {"exists", r.exists}});
      found = found || r.exists;
    }
    out.push_back({{"agent", name}, {"found", found}, {"roots", std::move(list)}});
  }
  return out;
}

}  // namespace

const char* Version() { return RECEIPTS_VERSION; }

nlohmann::ordered_json StatusJson(store::Store& store, const WatcherState& w,
                                  const StatusSources& sel) {
  int64_t now = now_utc_ms();
  return StatusJson(StoreStatusJson(store), ActiveSessionsJson(store, now), w, sel);
}

nlohmann::ordered_json ActiveSessionsJson(store::Store& store, int64_t now_ms) {
  constexpr int64_t kWindowMinutes = 30;
  nlohmann::ordered_json by_agent = nlohmann::ordered_json::object();
  int64_t total = 0;
  auto st = store.db().Prepare(
      "SELECT s.agent, count(DISTINCT p.session_ref) FROM prompts p JOIN sessions s ON s.id = p.session_ref "
      "WHERE p.ts_ms >= ?1 AND p.ts_ms <= ?2 GROUP BY s.agent ORDER BY s.agent");
  if (st.ok()) {
    st.value().Bind(1, now_ms - kWindowMinutes * 60 * 1000).Bind(2, now_ms);
    while (st.value().Step()) {
      by_agent[st.value().Text(0)] = st.value().Int(1);
      total += st.value().Int(1);  // a session belongs to one agent
    }
  }
  return {{"windowMinutes", kWindowMinutes}, {"total", total}, {"byAgent", std::move(by_agent)}};
}

nlohmann::ordered_json StoreStatusJson(store::Store& store) {
  store::Db& db = store.db();
  auto one = [&](const char* sql) -> int64_t {
    store::Stmt st = db.MustPrepare(sql);
    return st.Step() ? st.Int(0) : 0;
  };
  nlohmann::ordered_json out;
  out["version"] = Version();
  out["store"] = {{"path", store.path()}, {"schemaVersion", store.schema_version()}};
  int64_t last_scan = one("SELECT coalesce(max(last_scan_ms), 0) FROM files");
  out["lastScan"] = TimeOrNull(last_scan);
  out["lastScanMs"] = last_scan;
  out["files"] = one("SELECT count(*) FROM files");
  out["calls"] = one("SELECT count(*) FROM calls");
  out["sessions"] = one("SELECT count(*) FROM sessions");
  out["malformedLines"] = one("SELECT coalesce(sum(malformed), 0) FROM files");
  out["newestCall"] = TimeOrNull(one("SELECT coalesce(max(ts_ms), 0) FROM calls"));
  out["unpricedCalls"] = one("SELECT count(*) FROM calls WHERE cost_calc_nanos IS NULL");

  // Per agent: files and bad lines from `files`, calls from `calls` (an agent can have one
  // without the other, e.g. files with no usage yet).
  nlohmann::ordered_json agents = nlohmann::ordered_json::array();
  store::Stmt st = db.MustPrepare(
      "WITH f AS (SELECT agent, count(*) AS files, sum(malformed) AS malformed, "
      "  sum(missing) AS missing, sum(size) AS bytes, max(last_scan_ms) AS last_scan "
      "  FROM files GROUP BY agent), "
      "c AS (SELECT s.agent, count(*) AS calls, max(c.ts_ms) AS newest FROM calls c "
      "  JOIN sessions s ON s.id = c.session_ref GROUP BY s.agent), "
      "a AS (SELECT agent FROM f UNION SELECT agent FROM c) "
      "SELECT a.agent, coalesce(f.files, 0), coalesce(f.malformed, 0), coalesce(f.missing, 0), "
      "  coalesce(f.bytes, 0), coalesce(f.last_scan, 0), coalesce(c.calls, 0), "
      "  coalesce(c.newest, 0) "
      "FROM a LEFT JOIN f ON f.agent = a.agent LEFT JOIN c ON c.agent = a.agent ORDER BY a.agent");
  while (st.Step()) {
    nlohmann::ordered_json a;
    a["agent"] = st.Text(0);
    a["files"] = st.Int(1);
    a["malformedLines"] = st.Int(2);
    a["missingFiles"] = st.Int(3);
    a["bytes"] = st.Int(4);
    a["lastScan"] = TimeOrNull(st.Int(5));
    a["calls"] = st.Int(6);
    a["newestCall"] = TimeOrNull(st.Int(7));
    agents.push_back(std::move(a));
  }
  out["agents"] = std::move(agents);
  return out;
}

nlohmann::ordered_json StatusJson(nlohmann::ordered_json out, nlohmann::ordered_json active,
                                  const WatcherState& w, const StatusSources& sel) {
  out["activeSessions"] = std::move(active);
  out["sources"] = SourcesJson(sel);
  out["demo"] = sel.demo_dir.empty() ? nlohmann::ordered_json(nullptr)
                                     : nlohmann::ordered_json({{"dir", sel.demo_dir}});

  nlohmann::ordered_json watcher;
  watcher["state"] = w.state;
  watcher["intervalMs"] = w.interval_ms;
  watcher["scans"] = w.scans;
  watcher["updates"] = w.updates;
  watcher["lastScan"] = TimeOrNull(w.last_scan_ms);
  watcher["lastDurationMs"] = w.last_duration_ms;
  watcher["lastError"] = w.last_error.empty() ? nlohmann::ordered_json(nullptr)
                                              : nlohmann::ordered_json(w.last_error);
  watcher["configError"] = w.config_error.empty() ? nlohmann::ordered_json(nullptr)
                                                  : nlohmann::ordered_json(w.config_error);
  out["watcher"] = std::move(watcher);
  return out;
}

}  // namespace receipts::http
