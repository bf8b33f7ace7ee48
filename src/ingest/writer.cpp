// See writer.h.
#include "ingest/writer.h"

#include <tuple>

#include "core/usage.h"

namespace receipts::ingest {
namespace {

constexpr int64_t kBucketMs = 15 * 60 * 1000;  // every zone offset is a multiple of 15 minutes

struct Merged {
  // Attribution of the best-ranked copy.
  bool sidechain = false;
  int64_t rank_start_ms = 0;
  int64_t rank_ts_ms = 0;
  const sources::UsageRecord* rep = nullptr;
  int64_t file_id = 0;
  std::string agent;
  // Merged values.
  int64_t ts_ms = 0;
  int64_t input = 0, output = 0, cw_total = 0, cw_1h = 0, cache_read = 0, reasoning = 0;
  int64_t web_search = 0;
  std::string speed;
  std::optional<int64_t> recorded;
  int64_t copies = 0;
};

auto Rank(bool sidechain, int64_t start, int64_t ts) { return std::make_tuple(sidechain, start, ts); }

void MergeInto(Merged& m, const sources::UsageRecord& r, const ParsedFile& f) {
  auto rank = Rank(r.sidechain, f.rank_start_ms, r.ts_ms);
  if (m.copies == 0 || rank < Rank(m.sidechain, m.rank_start_ms, m.rank_ts_ms)) {
    m.sidechain = r.sidechain;
    m.rank_start_ms = f.rank_start_ms;
    m.rank_ts_ms = r.ts_ms;
    m.rep = &r;
    m.file_id = f.file_id;
    m.agent = f.agent;
  }
  m.ts_ms = m.copies == 0 ? r.ts_ms : std::min(m.ts_ms, r.ts_ms);
  m.input = std::max(m.input, r.tokens.input);
  m.output = std::max(m.output, r.tokens.output);
  m.cw_total = std::max(m.cw_total, r.tokens.cache_write());
  m.cw_1h = std::max(m.cw_1h, r.tokens.cache_write_1h);
  m.cache_read = std::max(m.cache_read, r.tokens.cache_read);
  m.reasoning = std::max(m.reasoning, r.tokens.reasoning);
  m.web_search = std::max(m.web_search, r.web_search_requests);
  if (r.speed == "fast" || m.speed.empty()) m.speed = r.speed == "fast" ? "fast" : r.speed;
  if (r.recorded_cost_nanos && (!m.recorded || *r.recorded_cost_nanos > *m.recorded)) {
    m.recorded = r.recorded_cost_nanos;
  }
  m.copies++;
}

constexpr const char* kUpsertCall = R"sql(
INSERT INTO calls(dedupe_key, session_ref, model_ref, subagent_id, sidechain, rank_start_ms,
                  rank_ts_ms, ts_ms, input, output, cache_write_total, cache_write_1h, cache_read,
                  reasoning, web_search, speed, cost_recorded_nanos, copies, file_ref,
                  line_offset, needs_price)
VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19,
       ?20, 1)
ON CONFLICT(dedupe_key) DO UPDATE SET
  prev_session_ref = calls.session_ref,
  session_ref = CASE WHEN (excluded.sidechain, excluded.rank_start_ms, excluded.rank_ts_ms)
                        < (calls.sidechain, calls.rank_start_ms, calls.rank_ts_ms)
                     THEN excluded.session_ref ELSE calls.session_ref END,
  model_ref = CASE WHEN (excluded.sidechain, excluded.rank_start_ms, excluded.rank_ts_ms)
                      < (calls.sidechain, calls.rank_start_ms, calls.rank_ts_ms)
                   THEN excluded.model_ref ELSE calls.model_ref END,
  subagent_id = CASE WHEN (excluded.sidechain, excluded.rank_start_ms, excluded.rank_ts_ms)
                        < (calls.sidechain, calls.rank_start_ms, calls.rank_ts_ms)
                     THEN excluded.subagent_id ELSE calls.subagent_id END,
  file_ref = CASE WHEN (excluded.sidechain, excluded.rank_start_ms, excluded.rank_ts_ms)
                     < (calls.sidechain, calls.rank_start_ms, calls.rank_ts_ms)
                  THEN excluded.file_ref ELSE calls.file_ref END,
  line_offset = CASE WHEN (excluded.sidechain, excluded.rank_start_ms, excluded.rank_ts_ms)
                        < (calls.sidechain, calls.rank_start_ms, calls.rank_ts_ms)
                     THEN excluded.line_offset ELSE calls.line_offset END,
  sidechain = CASE WHEN (excluded.sidechain, excluded.rank_start_ms, excluded.rank_ts_ms)
                      < (calls.sidechain, calls.rank_start_ms, calls.rank_ts_ms)
                   THEN excluded.sidechain ELSE calls.sidechain END,
  rank_start_ms = CASE WHEN (excluded.sidechain, excluded.rank_start_ms, excluded.rank_ts_ms)
                          < (calls.sidechain, calls.rank_start_ms, calls.rank_ts_ms)
                       THEN excluded.rank_start_ms ELSE calls.rank_start_ms END,
  rank_ts_ms = CASE WHEN (excluded.sidechain, excluded.rank_start_ms, excluded.rank_ts_ms)
                       < (calls.sidechain, calls.rank_start_ms, calls.rank_ts_ms)
                    THEN excluded.rank_ts_ms ELSE calls.rank_ts_ms END,
  ts_ms = min(calls.ts_ms, excluded.ts_ms),
  input = max(calls.input, excluded.input),
  output = max(calls.output, excluded.output),
  cache_write_total = max(calls.cache_write_total, excluded.cache_write_total),
  cache_write_1h = max(calls.cache_write_1h, excluded.cache_write_1h),
  cache_read = max(calls.cache_read, excluded.cache_read),
  reasoning = max(calls.reasoning, excluded.reasoning),
  web_search = max(calls.web_search, excluded.web_search),
  speed = CASE WHEN calls.speed = 'fast' OR excluded.speed = 'fast' THEN 'fast'
               WHEN calls.speed = '' THEN excluded.speed ELSE calls.speed END,
  cost_recorded_nanos = CASE WHEN excluded.cost_recorded_nanos IS NULL THEN calls.cost_recorded_nanos
                             WHEN calls.cost_recorded_nanos IS NULL THEN excluded.cost_recorded_nanos
                             ELSE max(calls.cost_recorded_nanos, excluded.cost_recorded_nanos) END,
  copies = calls.copies + excluded.copies,
  needs_price = 1
)sql";

}  // namespace

BatchWriter::BatchWriter(store::Db& db, const pricing::PriceBook& prices)
    : db_(db), prices_(prices) {}

Result<int64_t> BatchWriter::ModelRef(const std::string& name) {
  if (auto it = model_refs_.find(name); it != model_refs_.end()) return it->second;
  store::Stmt ins = db_.MustPrepare("INSERT OR IGNORE INTO models(name) VALUES(?1)");
  if (Status s = ins.Bind(1, name).Run(); !s.ok()) return s;
  store::Stmt sel = db_.MustPrepare("SELECT id FROM models WHERE name = ?1");
  sel.Bind(1, name);
  if (!sel.Step()) return Status::Error("model row missing after insert: " + name);
  return model_refs_[name] = sel.Int(0);
}

Result<int64_t> BatchWriter::SessionRef(const std::string& agent, const std::string& session_id,
                                        const std::string& project, int64_t first_ts,
                                        int64_t last_ts) {
  store::Stmt up = db_.MustPrepare(R"sql(
INSERT INTO sessions(agent, session_id, project, first_ts_ms, last_ts_ms) VALUES(?1, ?2, ?3, ?4, ?5)
ON CONFLICT(agent, session_id) DO UPDATE SET
  first_ts_ms = min(first_ts_ms, excluded.first_ts_ms),
  last_ts_ms = max(last_ts_ms, excluded.last_ts_ms)
RETURNING id)sql");
  up.Bind(1, agent).Bind(2, session_id).Bind(3, project).Bind(4, first_ts).Bind(5, last_ts);
  if (!up.Step()) return Status::Error("session upsert failed: " + up.status().message());
  int64_t id = up.Int(0);
  while (up.Step()) {
  }
  session_refs_[{agent, session_id}] = id;
  return id;
}

Result<int64_t> BatchWriter::WriteCalls(const std::vector<ParsedFile>& batch) {
  // 1. Sessions touched by the batch, with their time span.
  struct Span {
    std::string project;
    int64_t first = INT64_MAX, last = INT64_MIN;
  };
  std::map<std::pair<std::string, std::string>, Span> spans;
  // 2. Copies merged in memory first (most duplicates are streaming copies in one file).
  std::unordered_map<std::string, Merged> merged;
  std::vector<std::string> order;
  for (const ParsedFile& f : batch) {
    for (const sources::UsageRecord& r : f.output.records) {
      Span& sp = spans[{f.agent, r.session_id}];
      if (sp.project.empty()) sp.project = r.project;
      sp.first = std::min(sp.first, r.ts_ms);
      sp.last = std::max(sp.last, r.ts_ms);
      std::string key = r.dedupe_key.empty()
                            ? "f:" + std::to_string(f.file_id) + ":" + std::to_string(r.offset)
                            : r.dedupe_key;
      auto [it, inserted] = merged.try_emplace(key);
      if (inserted) order.push_back(key);
      MergeInto(it->second, r, f);
    }
  }
  for (auto& [key, span] : spans) {
    auto ref = SessionRef(key.first, key.second, span.project, span.first, span.last);
    if (!ref.ok()) return ref.status();
  }
  store::Stmt up = db_.MustPrepare(kUpsertCall);
  for (const std::string& key : order) {
    const Merged& m = merged[key];
    const sources::UsageRecord& rep = *m.rep;
    auto model = ModelRef(rep.model);
    if (!model.ok()) return model.status();
    int64_t session = session_refs_[{m.agent, rep.session_id}];
    up.Bind(1, key).Bind(2, session).Bind(3, model.value()).Bind(4, rep.subagent_id)
        .Bind(5, int64_t(m.sidechain)).Bind(6, m.rank_start_ms).Bind(7, m.rank_ts_ms)
        .Bind(8, m.ts_ms).Bind(9, m.input).Bind(10, m.output).Bind(11, m.cw_total)
        .Bind(12, m.cw_1h).Bind(13, m.cache_read).Bind(14, m.reasoning).Bind(15, m.web_search)
        .Bind(16, m.speed).Bind(17, m.recorded).Bind(18, m.copies).Bind(19, m.file_id)
        .Bind(20, static_cast<int64_t>(rep.offset));
    if (Status s = up.Run(); !s.ok()) return Status::Error("writing a call failed: " + s.message());
  }
  return static_cast<int64_t>(order.size());
}

Result<int64_t> BatchWriter::PriceAndRollup() {
  if (Status s = db_.Exec("CREATE TEMP TABLE IF NOT EXISTS touched(session_ref INTEGER PRIMARY KEY);"
                          "DELETE FROM touched;");
      !s.ok()) {
    return s;
  }
  store::Stmt sel = db_.MustPrepare(R"sql(
SELECT c.id, m.name, c.ts_ms, c.input, c.output, c.cache_write_total, c.cache_write_1h,
       c.cache_read, c.web_search, c.speed, c.session_ref, c.prev_session_ref
FROM calls c JOIN models m ON m.id = c.model_ref WHERE c.needs_price = 1)sql");
  store::Stmt upd = db_.MustPrepare(
      "UPDATE calls SET cost_calc_nanos = ?2, long_context = ?3, fast_unknown = ?4, "
      "needs_price = 0, prev_session_ref = NULL WHERE id = ?1");
  store::Stmt touch = db_.MustPrepare("INSERT OR IGNORE INTO touched(session_ref) VALUES(?1)");
  struct Priced {
    int64_t id;
    pricing::CostBreakdown cost;
  };
  std::vector<Priced> priced;
  while (sel.Step()) {
    PricedCall call;
    call.model = sel.Text(1);
    call.ts_ms = sel.Int(2);
    call.tokens.input = sel.Int(3);
    call.tokens.output = sel.Int(4);
    call.tokens.cache_write_1h = sel.Int(6);
    call.tokens.cache_write_5m = sel.Int(5) - call.tokens.cache_write_1h;
    call.tokens.cache_read = sel.Int(7);
    call.web_search_requests = sel.Int(8);
    call.speed = sel.Text(9);
    priced.push_back({sel.Int(0), prices_.Cost(call)});
    touch.Bind(1, sel.Int(10)).Run();
    if (!sel.IsNull(11)) touch.Bind(1, sel.Int(11)).Run();
  }
  if (!sel.status().ok()) return sel.status();
  for (const Priced& p : priced) {
    upd.Bind(1, p.id).Bind(2, p.cost.cost_nanos).Bind(3, int64_t(p.cost.long_context))
        .Bind(4, int64_t(p.cost.fast_unknown));
    if (Status s = upd.Run(); !s.ok()) return s;
  }
  Status s = db_.Exec(R"sql(
DELETE FROM rollup WHERE session_ref IN (SELECT session_ref FROM touched);
INSERT INTO rollup
SELECT session_ref, ts_ms - (ts_ms % 900000) AS bucket, model_ref, count(*),
       sum(input), sum(output), sum(cache_write_total - cache_write_1h), sum(cache_write_1h),
       sum(cache_read), sum(reasoning), sum(web_search),
       coalesce(sum(cost_calc_nanos), 0),
       coalesce(sum(cost_recorded_nanos), 0),
       coalesce(sum(CASE WHEN cost_recorded_nanos > 0 THEN cost_recorded_nanos
                         ELSE cost_calc_nanos END), 0),
       sum(cost_calc_nanos IS NULL),
       sum(cost_calc_nanos IS NULL AND coalesce(cost_recorded_nanos, 0) <= 0)
FROM calls WHERE session_ref IN (SELECT session_ref FROM touched)
GROUP BY session_ref, bucket, model_ref;
DELETE FROM touched;)sql");
  if (!s.ok()) return Status::Error("rollup rebuild failed: " + s.message());
  static_assert(kBucketMs == 900000);
  return static_cast<int64_t>(priced.size());
}

}  // namespace receipts::ingest
