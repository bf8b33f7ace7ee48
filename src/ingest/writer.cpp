// See writer.h. Calls, sessions, models and the rollup; events are in events_writer.cpp.
#include "ingest/writer.h"

#include <array>
#include <chrono>
#include <deque>
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
  const std::string* agent = nullptr;
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
    m.agent = &f.agent;
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

std::string ProviderFor(const std::string& model, const std::string& logged) {
  if (!logged.empty()) return logged;
  if (model.find("claude") != std::string::npos) return "anthropic";
  if (model.rfind("gpt", 0) == 0 || model.rfind("o1", 0) == 0 || model.rfind("o3", 0) == 0 ||
      model.rfind("o4", 0) == 0 || model.find("codex") != std::string::npos) {
    return "openai";
  }
  if (model.find("gemini") != std::string::npos) return "google";
  return "unknown";
}

struct RollupKey {
  int64_t session_ref, bucket_ms, model_ref;
  std::string subagent_id;
  bool operator<(const RollupKey& o) const {
    return std::tie(session_ref, bucket_ms, model_ref, subagent_id) <
           std::tie(o.session_ref, o.bucket_ms, o.model_ref, o.subagent_id);
  }
};
struct RollupSums {
  int64_t calls = 0, input = 0, output = 0, cw5m = 0, cw1h = 0, cache_read = 0, reasoning = 0,
          web_search = 0, cost_calc = 0, cost_recorded = 0, cost_auto = 0, unpriced_calc = 0,
          unpriced_auto = 0;
  std::array<int64_t, pricing::kCostParts> parts{};
};

// The cost-part columns of calls and rollup, in pricing::CostPart order.
constexpr const char* kPartColumns[pricing::kCostParts] = {
    "cost_input_nanos", "cost_output_nanos", "cost_cache_write_5m_nanos",
    "cost_cache_write_1h_nanos", "cost_cache_read_nanos", "cost_web_search_nanos"};

// A new call: ?1 key … ?25 key hash, ?27…?32 cost parts, as bound in Write.
constexpr const char* kInsertCall = R"sql(
INSERT INTO calls(dedupe_key, session_ref, model_ref, subagent_id, sidechain, rank_start_ms,
                  rank_ts_ms, ts_ms, input, output, cache_write_total, cache_write_1h, cache_read,
                  reasoning, web_search, speed, cost_recorded_nanos, copies, file_ref,
                  line_offset, turn_id, cost_calc_nanos, long_context, fast_unknown, needs_price,
                  key_hash, cost_input_nanos, cost_output_nanos, cost_cache_write_5m_nanos,
                  cost_cache_write_1h_nanos, cost_cache_read_nanos, cost_web_search_nanos)
VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19,
       ?20, ?21, ?22, ?23, ?24, 0, ?25, ?27, ?28, ?29, ?30, ?31, ?32))sql";

// Another copy of stored call ?26, bound like kInsertCall (DESIGN.md §3): per-field max,
// earliest timestamp, attribution from the best-ranked copy; re-priced by PriceMarked.
std::string MergeCallSql() {
  const std::string better = "CASE WHEN (?5, ?6, ?7) < (sidechain, rank_start_ms, rank_ts_ms) THEN ";
  auto pick = [&](const char* col, const char* param) {
    return std::string(col) + " = " + better + param + " ELSE " + col + " END";
  };
  return "UPDATE calls SET prev_session_ref = session_ref, " + pick("session_ref", "?2") + ", " +
         pick("model_ref", "?3") + ", " + pick("subagent_id", "?4") + ", " +
         pick("file_ref", "?19") + ", " + pick("line_offset", "?20") + ", " +
         pick("turn_id", "?21") + ", " + pick("sidechain", "?5") + ", " +
         pick("rank_start_ms", "?6") + ", " + pick("rank_ts_ms", "?7") + R"sql(,
  ts_ms = min(ts_ms, ?8),
  input = max(input, ?9),
  output = max(output, ?10),
  cache_write_total = max(cache_write_total, ?11),
  cache_write_1h = max(cache_write_1h, ?12),
  cache_read = max(cache_read, ?13),
  reasoning = max(reasoning, ?14),
  web_search = max(web_search, ?15),
  speed = CASE WHEN speed = 'fast' OR ?16 = 'fast' THEN 'fast'
               WHEN speed = '' THEN ?16 ELSE speed END,
  cost_recorded_nanos = CASE WHEN ?17 IS NULL THEN cost_recorded_nanos
                             WHEN cost_recorded_nanos IS NULL THEN ?17
                             ELSE max(cost_recorded_nanos, ?17) END,
  copies = copies + ?18,
  needs_price = 1
WHERE id = ?26
RETURNING session_ref, prev_session_ref)sql";
}

constexpr const char* kRebuildSelect = R"sql(
SELECT session_ref, ts_ms - (ts_ms % 900000) AS bucket, model_ref, subagent_id, count(*),
       sum(input), sum(output), sum(cache_write_total - cache_write_1h), sum(cache_write_1h),
       sum(cache_read), sum(reasoning), sum(web_search),
       coalesce(sum(cost_calc_nanos), 0),
       coalesce(sum(cost_recorded_nanos), 0),
       coalesce(sum(CASE WHEN cost_recorded_nanos > 0 THEN cost_recorded_nanos
                         ELSE cost_calc_nanos END), 0),
       sum(cost_calc_nanos IS NULL),
       sum(cost_calc_nanos IS NULL AND coalesce(cost_recorded_nanos, 0) <= 0),
       sum(cost_input_nanos), sum(cost_output_nanos), sum(cost_cache_write_5m_nanos),
       sum(cost_cache_write_1h_nanos), sum(cost_cache_read_nanos), sum(cost_web_search_nanos)
FROM calls)sql";

}  // namespace

BatchWriter::BatchWriter(store::Db& db, const pricing::PriceBook& prices, WriterOptions options)
    : db_(db), prices_(prices), options_(std::move(options)),
      attributor_(options_.env, options_.person), keys_(db) {}

Result<int64_t> BatchWriter::ModelRef(const std::string& name, const std::string& provider) {
  if (auto it = model_refs_.find(name); it != model_refs_.end()) return it->second;
  store::Stmt& ins = Prep(
      "INSERT INTO models(name, provider) VALUES(?1, ?2) "
      "ON CONFLICT(name) DO UPDATE SET provider = CASE WHEN provider = '' THEN excluded.provider "
      "ELSE provider END RETURNING id");
  ins.Bind(1, name).Bind(2, ProviderFor(name, provider));
  if (!ins.Step()) return Status::Error("model upsert failed: " + ins.status().message());
  int64_t id = ins.Int(0);
  while (ins.Step()) {
  }
  return model_refs_[name] = id;
}

store::Stmt& BatchWriter::Prep(std::string_view sql) {
  auto it = statements_.find(sql.data());
  if (it == statements_.end()) {
    it = statements_.emplace(sql.data(), db_.MustPrepare(sql)).first;
  } else {
    it->second.Reset();
  }
  return it->second;
}

int64_t BatchWriter::KnownSession(const std::string& agent, const std::string& session_id) {
  auto it = session_refs_.find({agent, session_id});
  return it == session_refs_.end() ? 0 : it->second;
}

Result<int64_t> BatchWriter::SessionRef(const std::string& agent, const std::string& session_id,
                                        const std::string& cwd, int64_t first_ts,
                                        int64_t last_ts) {
  const Attribution& a = attributor_.Resolve(cwd);
  store::Stmt& up = Prep(R"sql(
INSERT INTO sessions(agent, session_id, project, first_ts_ms, last_ts_ms, cwd, app, person, resolved)
VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, 1)
ON CONFLICT(agent, session_id) DO UPDATE SET
  first_ts_ms = min(first_ts_ms, excluded.first_ts_ms),
  last_ts_ms = max(last_ts_ms, excluded.last_ts_ms),
  cwd = CASE WHEN cwd = '' THEN excluded.cwd ELSE cwd END,
  project = CASE WHEN cwd = '' OR resolved = 0 THEN excluded.project ELSE project END,
  app = CASE WHEN cwd = '' OR resolved = 0 THEN excluded.app ELSE app END,
  person = CASE WHEN person = '' OR resolved = 0 THEN excluded.person ELSE person END,
  resolved = 1
RETURNING id)sql");
  up.Bind(1, agent).Bind(2, session_id).Bind(3, a.project).Bind(4, first_ts).Bind(5, last_ts)
      .Bind(6, cwd).Bind(7, a.app).Bind(8, a.person);
  if (!up.Step()) return Status::Error("session upsert failed: " + up.status().message());
  int64_t id = up.Int(0);
  while (up.Step()) {
  }
  session_refs_[{agent, session_id}] = id;
  return id;
}

namespace {
double MsSince(std::chrono::steady_clock::time_point& t) {
  auto now = std::chrono::steady_clock::now();
  double ms = std::chrono::duration<double, std::milli>(now - t).count();
  t = now;
  return ms;
}
}  // namespace

Result<int64_t> BatchWriter::Write(std::vector<ParsedFile>& batch) {
  auto clock = std::chrono::steady_clock::now();
  timings_ = {};
  for (ParsedFile& f : batch) {
    if (!f.texts_ready) PrepareTexts(f);
  }
  // 1. Sessions seen in the batch (from calls and prompts, which carry the cwd).
  struct Span {
    std::string cwd;
    int64_t first = INT64_MAX, last = INT64_MIN;
    void Add(const std::string& c, int64_t ts) {
      if (cwd.empty()) cwd = c;
      first = std::min(first, ts);
      last = std::max(last, ts);
    }
  };
  // Keys are views into the batch (it outlives this call) or into `synthetic`.
  using ViewKey = std::pair<std::string_view, std::string_view>;  // (agent, session id)
  std::map<ViewKey, Span> spans;
  std::unordered_map<std::string_view, Merged> merged;
  std::vector<std::string_view> order;
  std::deque<std::string> synthetic;  // dedupe keys of calls that have none in the log
  Span* run = nullptr;                // records come in runs of one session
  ViewKey run_key;
  auto span = [&](const std::string& agent, const std::string& session) -> Span& {
    ViewKey k{agent, session};
    if (!run || k != run_key) {
      run = &spans[k];
      run_key = k;
    }
    return *run;
  };
  for (const ParsedFile& f : batch) {
    const auto& out = f.output;
    for (const sources::UsageRecord& r : out.records) {
      span(f.agent, r.session_id).Add(r.project, r.ts_ms);
      std::string_view key = r.dedupe_key;
      if (key.empty()) {
        key = synthetic.emplace_back("f:" + std::to_string(f.file_id) + ":" + std::to_string(r.offset));
      }
      auto [it, inserted] = merged.try_emplace(key);
      if (inserted) order.push_back(key);
      MergeInto(it->second, r, f);
    }
    for (const auto& p : out.prompts) span(f.agent, p.session_id).Add(p.project, p.ts_ms);
    // Events come in long runs of one session: look each run up once.
    const std::string* last = nullptr;
    auto touch = [&](const std::string& session, int64_t ts) {
      if (session.empty() || (last && *last == session)) return;
      last = &session;
      if (!KnownSession(f.agent, session)) span(f.agent, session).Add("", ts);
    };
    for (const auto& t : out.tool_calls) touch(t.session_id, t.ts_ms);
    for (const auto& t : out.tool_results) touch(t.session_id, t.ts_ms);
    for (const auto& e : out.errors) touch(e.session_id, e.ts_ms);
    for (const auto& s : out.subagent_runs) touch(s.session_id, s.ts_ms);
    for (const auto& l : out.rate_limits) touch(l.session_id, l.ts_ms);
  }
  for (auto& [key, sp] : spans) {
    if (sp.first == INT64_MAX) sp.first = sp.last = 0;
    auto ref = SessionRef(std::string(key.first), std::string(key.second), sp.cwd, sp.first,
                          sp.last);
    if (!ref.ok()) return ref.status();
  }

  timings_.merge_ms = MsSince(clock);
  // 2. Calls: new ones are priced here and added to the rollup as deltas; ones that merged with
  //    an earlier copy are re-priced and their sessions' rollup rebuilt.
  static const std::string kMerge = MergeCallSql();
  std::map<RollupKey, RollupSums> deltas;
  std::set<int64_t> rebuild;
  const bool bulk = keys_.bulk();
  const std::string* ref_agent = nullptr;  // the last session looked up (calls come in runs)
  const std::string* ref_session = nullptr;
  int64_t session = 0;
  for (std::string_view key : order) {
    const Merged& m = merged[key];
    const sources::UsageRecord& rep = *m.rep;
    auto model = ModelRef(rep.model, rep.provider);
    if (!model.ok()) return model.status();
    if (!ref_agent || *ref_agent != *m.agent || *ref_session != rep.session_id) {
      session = KnownSession(*m.agent, rep.session_id);
      ref_agent = m.agent;
      ref_session = &rep.session_id;
    }
    PricedCall call;
    call.model = rep.model;
    call.ts_ms = m.ts_ms;
    call.tokens = {m.input, m.output, m.cw_total - m.cw_1h, m.cw_1h, m.cache_read, m.reasoning};
    call.web_search_requests = m.web_search;
    call.speed = m.speed;
    pricing::CostBreakdown cost = prices_.Cost(call);
    auto found = keys_.Find(KeyTable::kCalls, "", key);
    if (!found.ok()) return found.status();
    const KeyMatch& stored = found.value();
    store::Stmt& st = Prep(stored.rowid ? std::string_view(kMerge) : kInsertCall);
    st.BindView(1, key).Bind(2, session).Bind(3, model.value()).BindView(4, rep.subagent_id)
        .Bind(5, int64_t(m.sidechain)).Bind(6, m.rank_start_ms).Bind(7, m.rank_ts_ms)
        .Bind(8, m.ts_ms).Bind(9, m.input).Bind(10, m.output).Bind(11, m.cw_total)
        .Bind(12, m.cw_1h).Bind(13, m.cache_read).Bind(14, m.reasoning).Bind(15, m.web_search)
        .BindView(16, m.speed).Bind(17, m.recorded).Bind(18, m.copies).Bind(19, m.file_id)
        .Bind(20, static_cast<int64_t>(rep.offset)).BindView(21, rep.turn_id)
        .Bind(22, cost.cost_nanos).Bind(23, int64_t(cost.long_context))
        .Bind(24, int64_t(cost.fast_unknown)).Bind(25, stored.hash);
    for (int k = 0; k < pricing::kCostParts; ++k) st.Bind(27 + k, cost.part_nanos[k]);
    if (stored.rowid) {
      st.Bind(26, stored.rowid);
      if (!st.Step()) return Status::Error("merging a call failed: " + st.status().message());
      std::set<int64_t>& sessions = bulk ? deferred_rebuild_ : rebuild;  // see StartBulk
      sessions.insert(st.Int(0));
      if (!st.IsNull(1)) sessions.insert(st.Int(1));
      while (st.Step()) {
      }
      continue;
    }
    if (Status s = st.Run(); !s.ok()) return Status::Error("writing a call failed: " + s.message());
    keys_.Added(KeyTable::kCalls, stored, "", key, db_.LastInsertId());
    RollupSums& d = deltas[{session, m.ts_ms - m.ts_ms % kBucketMs, model.value(), rep.subagent_id}];
    int64_t calc = cost.cost_nanos.value_or(0);
    int64_t recorded = m.recorded.value_or(0);
    bool auto_recorded = recorded > 0;
    d.calls++;
    d.input += m.input;
    d.output += m.output;
    d.cw5m += m.cw_total - m.cw_1h;
    d.cw1h += m.cw_1h;
    d.cache_read += m.cache_read;
    d.reasoning += m.reasoning;
    d.web_search += m.web_search;
    d.cost_calc += calc;
    d.cost_recorded += recorded;
    d.cost_auto += auto_recorded ? recorded : calc;
    d.unpriced_calc += !cost.cost_nanos;
    d.unpriced_auto += !cost.cost_nanos && !auto_recorded;
    for (int k = 0; k < pricing::kCostParts; ++k) d.parts[k] += cost.part_nanos[k];
  }
  timings_.calls_ms = MsSince(clock);
  if (Status s = PriceMarked(); !s.ok()) return s;
  if (Status s = RebuildRollup(rebuild); !s.ok()) return s;
  static const std::string kAddSql = [] {
    std::string sql = R"sql(
INSERT INTO rollup VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17,
                          ?18, ?19, ?20, ?21, ?22, ?23)
ON CONFLICT(session_ref, bucket_ms, model_ref, subagent_id) DO UPDATE SET
  calls = calls + excluded.calls, input = input + excluded.input,
  output = output + excluded.output, cache_write_5m = cache_write_5m + excluded.cache_write_5m,
  cache_write_1h = cache_write_1h + excluded.cache_write_1h,
  cache_read = cache_read + excluded.cache_read, reasoning = reasoning + excluded.reasoning,
  web_search = web_search + excluded.web_search,
  cost_calc_nanos = cost_calc_nanos + excluded.cost_calc_nanos,
  cost_recorded_nanos = cost_recorded_nanos + excluded.cost_recorded_nanos,
  cost_auto_nanos = cost_auto_nanos + excluded.cost_auto_nanos,
  unpriced_calc = unpriced_calc + excluded.unpriced_calc,
  unpriced_auto = unpriced_auto + excluded.unpriced_auto)sql";
    for (const char* col : kPartColumns) {
      sql += std::string(", ") + col + " = " + col + " + excluded." + col;
    }
    return sql;
  }();
  store::Stmt& add = Prep(kAddSql);
  for (const auto& [k, d] : deltas) {
    if (rebuild.count(k.session_ref)) continue;  // already rebuilt from the calls table
    add.Bind(1, k.session_ref).Bind(2, k.bucket_ms).Bind(3, k.model_ref).Bind(4, k.subagent_id)
        .Bind(5, d.calls).Bind(6, d.input).Bind(7, d.output).Bind(8, d.cw5m).Bind(9, d.cw1h)
        .Bind(10, d.cache_read).Bind(11, d.reasoning).Bind(12, d.web_search)
        .Bind(13, d.cost_calc).Bind(14, d.cost_recorded).Bind(15, d.cost_auto)
        .Bind(16, d.unpriced_calc).Bind(17, d.unpriced_auto);
    for (int p = 0; p < pricing::kCostParts; ++p) add.Bind(18 + p, d.parts[p]);
    if (Status s = add.Run(); !s.ok()) return Status::Error("rollup update failed: " + s.message());
  }

  timings_.rollup_ms = MsSince(clock);
  // 3. Events.
  for (const ParsedFile& f : batch) {
    if (Status s = WriteEvents(f); !s.ok()) return s;
  }
  timings_.events_ms = MsSince(clock);
  timings_.calls = order.size();
  timings_.rebuilt_sessions = rebuild.size();
  return static_cast<int64_t>(order.size());
}

Status BatchWriter::PriceMarked() {
  store::Stmt& sel = Prep(R"sql(
SELECT c.id, m.name, c.ts_ms, c.input, c.output, c.cache_write_total, c.cache_write_1h,
       c.cache_read, c.web_search, c.speed, c.reasoning
FROM calls c JOIN models m ON m.id = c.model_ref WHERE c.needs_price = 1)sql");
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
    call.tokens.reasoning = sel.Int(10);
    call.web_search_requests = sel.Int(8);
    call.speed = sel.Text(9);
    priced.push_back({sel.Int(0), prices_.Cost(call)});
  }
  if (!sel.status().ok()) return sel.status();
  store::Stmt& upd = Prep(
      "UPDATE calls SET cost_calc_nanos = ?2, long_context = ?3, fast_unknown = ?4, "
      "needs_price = 0, prev_session_ref = NULL, cost_input_nanos = ?5, cost_output_nanos = ?6, "
      "cost_cache_write_5m_nanos = ?7, cost_cache_write_1h_nanos = ?8, cost_cache_read_nanos = ?9, "
      "cost_web_search_nanos = ?10 WHERE id = ?1");
  for (const Priced& p : priced) {
    for (int k = 0; k < pricing::kCostParts; ++k) upd.Bind(5 + k, p.cost.part_nanos[k]);
    upd.Bind(1, p.id).Bind(2, p.cost.cost_nanos).Bind(3, int64_t(p.cost.long_context))
        .Bind(4, int64_t(p.cost.fast_unknown));
    if (Status s = upd.Run(); !s.ok()) return s;
  }
  return Status::Ok();
}

Status BatchWriter::RebuildRollup(const std::set<int64_t>& sessions) {
  if (sessions.empty()) return Status::Ok();
  store::Stmt& del = Prep("DELETE FROM rollup WHERE session_ref = ?1");
  static const std::string kInsert = std::string("INSERT INTO rollup ") + kRebuildSelect +
                                     " WHERE session_ref = ?1 GROUP BY 1, 2, 3, 4";
  store::Stmt& ins = Prep(kInsert);
  for (int64_t s : sessions) {
    if (Status st = del.Bind(1, s).Run(); !st.ok()) return st;
    if (Status st = ins.Bind(1, s).Run(); !st.ok()) return Status::Error("rollup rebuild failed: " + st.message());
  }
  return Status::Ok();
}

Status BatchWriter::RepriceAll() {
  if (Status s = db_.Exec("UPDATE calls SET needs_price = 1"); !s.ok()) return s;
  if (Status s = PriceMarked(); !s.ok()) return s;
  return RebuildAllRollup();
}

Status BatchWriter::FinishBulk(bool whole_rollup) {
  Status s = whole_rollup ? RebuildAllRollup() : RebuildRollup(deferred_rebuild_);
  deferred_rebuild_.clear();
  return s;
}

Status BatchWriter::RebuildAllRollup() {
  static const std::string kAll = std::string("DELETE FROM rollup; INSERT INTO rollup ") +
                                  kRebuildSelect + " GROUP BY 1, 2, 3, 4";
  return db_.Exec(kAll);
}

}  // namespace receipts::ingest
