// Numbered migrations. Append a new entry to add a version; never edit a shipped one.
#include "store/schema.h"

namespace receipts::store {

const std::vector<std::string_view>& Migrations() {
  static const std::vector<std::string_view> kMigrations = {
      // 1: files, checkpoints, malformed lines, sessions, models, calls, rollup.
      R"sql(
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE files(
  id INTEGER PRIMARY KEY,
  path TEXT NOT NULL UNIQUE,
  agent TEXT NOT NULL,
  root TEXT NOT NULL,
  inode INTEGER NOT NULL DEFAULT 0,
  size INTEGER NOT NULL DEFAULT 0,
  mtime_ns INTEGER NOT NULL DEFAULT 0,
  head_len INTEGER NOT NULL DEFAULT 0,
  head_hash INTEGER NOT NULL DEFAULT 0,
  checkpoint INTEGER NOT NULL DEFAULT 0,
  lines INTEGER NOT NULL DEFAULT 0,
  usage_lines INTEGER NOT NULL DEFAULT 0,
  malformed INTEGER NOT NULL DEFAULT 0,
  first_ts_ms INTEGER,
  last_scan_ms INTEGER,
  missing INTEGER NOT NULL DEFAULT 0);
CREATE TABLE malformed_lines(
  file_id INTEGER NOT NULL, offset INTEGER NOT NULL, reason TEXT NOT NULL,
  PRIMARY KEY(file_id, offset)) WITHOUT ROWID;
CREATE TABLE sessions(
  id INTEGER PRIMARY KEY,
  agent TEXT NOT NULL,
  session_id TEXT NOT NULL,
  project TEXT NOT NULL,
  first_ts_ms INTEGER NOT NULL,
  last_ts_ms INTEGER NOT NULL,
  UNIQUE(agent, session_id));
CREATE TABLE models(id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);
CREATE TABLE calls(
  id INTEGER PRIMARY KEY,
  dedupe_key TEXT NOT NULL UNIQUE,
  session_ref INTEGER NOT NULL REFERENCES sessions(id),
  prev_session_ref INTEGER,
  model_ref INTEGER NOT NULL REFERENCES models(id),
  subagent_id TEXT NOT NULL,
  sidechain INTEGER NOT NULL,
  rank_start_ms INTEGER NOT NULL,
  rank_ts_ms INTEGER NOT NULL,
  ts_ms INTEGER NOT NULL,
  input INTEGER NOT NULL,
  output INTEGER NOT NULL,
  cache_write_total INTEGER NOT NULL,
  cache_write_1h INTEGER NOT NULL,
  cache_read INTEGER NOT NULL,
  reasoning INTEGER NOT NULL,
  web_search INTEGER NOT NULL,
  speed TEXT NOT NULL,
  cost_recorded_nanos INTEGER,
  cost_calc_nanos INTEGER,
  long_context INTEGER NOT NULL DEFAULT 0,
  fast_unknown INTEGER NOT NULL DEFAULT 0,
  copies INTEGER NOT NULL,
  file_ref INTEGER NOT NULL,
  line_offset INTEGER NOT NULL,
  needs_price INTEGER NOT NULL DEFAULT 1);
CREATE INDEX calls_session ON calls(session_ref, ts_ms);
CREATE INDEX calls_ts ON calls(ts_ms);
CREATE INDEX calls_needs_price ON calls(needs_price) WHERE needs_price = 1;
CREATE TABLE rollup(
  session_ref INTEGER NOT NULL,
  bucket_ms INTEGER NOT NULL,
  model_ref INTEGER NOT NULL,
  calls INTEGER NOT NULL,
  input INTEGER NOT NULL,
  output INTEGER NOT NULL,
  cache_write_5m INTEGER NOT NULL,
  cache_write_1h INTEGER NOT NULL,
  cache_read INTEGER NOT NULL,
  reasoning INTEGER NOT NULL,
  web_search INTEGER NOT NULL,
  cost_calc_nanos INTEGER NOT NULL,
  cost_recorded_nanos INTEGER NOT NULL,
  cost_auto_nanos INTEGER NOT NULL,
  unpriced_calc INTEGER NOT NULL,
  unpriced_auto INTEGER NOT NULL,
  PRIMARY KEY(session_ref, bucket_ms, model_ref)) WITHOUT ROWID;
CREATE VIEW usage AS
  SELECT c.id AS call_id, s.agent, s.session_id, s.project, m.name AS model,
         c.subagent_id, c.sidechain, c.ts_ms, strftime('%Y-%m-%dT%H:%M:%fZ', c.ts_ms / 1000.0, 'unixepoch') AS ts_utc,
         c.input AS input_tokens, c.output AS output_tokens,
         c.cache_write_total - c.cache_write_1h AS cache_write_5m_tokens,
         c.cache_write_1h AS cache_write_1h_tokens, c.cache_read AS cache_read_tokens,
         c.reasoning AS reasoning_tokens, c.web_search AS web_search_requests, c.speed,
         c.cost_calc_nanos, c.cost_recorded_nanos,
         CASE WHEN c.cost_recorded_nanos > 0 THEN c.cost_recorded_nanos ELSE c.cost_calc_nanos END
           AS cost_auto_nanos,
         c.long_context, c.copies, c.dedupe_key
  FROM calls c JOIN sessions s ON s.id = c.session_ref JOIN models m ON m.id = c.model_ref;
)sql",
      // 2: resume state per file, session attribution (project root, app, person), model
      // providers, turns, events (prompts, tool calls/results, subagent runs, errors, rate
      // limits), and the subagent in the rollup key.
      R"sql(
ALTER TABLE files ADD COLUMN state TEXT NOT NULL DEFAULT '';
ALTER TABLE sessions ADD COLUMN cwd TEXT NOT NULL DEFAULT '';
ALTER TABLE sessions ADD COLUMN app TEXT NOT NULL DEFAULT '';
ALTER TABLE sessions ADD COLUMN person TEXT NOT NULL DEFAULT '';
ALTER TABLE sessions ADD COLUMN resolved INTEGER NOT NULL DEFAULT 0;
UPDATE sessions SET cwd = project;
ALTER TABLE models ADD COLUMN provider TEXT NOT NULL DEFAULT '';
ALTER TABLE calls ADD COLUMN turn_id TEXT NOT NULL DEFAULT '';
CREATE INDEX calls_turn ON calls(turn_id) WHERE turn_id <> '';
DROP INDEX calls_ts;  -- blocks sorts in memory; one index less on every insert
CREATE TABLE prompts(
  agent TEXT NOT NULL,
  turn_id TEXT NOT NULL,
  session_ref INTEGER NOT NULL,
  ts_ms INTEGER NOT NULL,
  text TEXT,
  text_hash TEXT NOT NULL,
  chars INTEGER NOT NULL,
  sidechain INTEGER NOT NULL,
  subagent_id TEXT NOT NULL,
  UNIQUE(agent, turn_id));
CREATE TABLE tool_calls(
  agent TEXT NOT NULL,
  tool_use_id TEXT NOT NULL,
  session_ref INTEGER NOT NULL,
  turn_id TEXT NOT NULL,
  call_key TEXT NOT NULL,
  ts_ms INTEGER NOT NULL,
  name TEXT NOT NULL,
  target TEXT NOT NULL,
  input_bytes INTEGER NOT NULL,
  sidechain INTEGER NOT NULL,
  subagent_id TEXT NOT NULL,
  UNIQUE(agent, tool_use_id));
CREATE INDEX tool_calls_turn ON tool_calls(turn_id) WHERE turn_id <> '';
CREATE TABLE tool_results(
  agent TEXT NOT NULL,
  tool_use_id TEXT NOT NULL,
  ts_ms INTEGER NOT NULL,
  result_bytes INTEGER NOT NULL,
  is_error INTEGER NOT NULL,
  head TEXT NOT NULL,
  UNIQUE(agent, tool_use_id));
CREATE TABLE subagent_runs(
  agent TEXT NOT NULL,
  run_key TEXT NOT NULL,
  agent_id TEXT NOT NULL,
  tool_use_id TEXT NOT NULL,
  session_ref INTEGER NOT NULL,
  type TEXT NOT NULL,
  description TEXT NOT NULL,
  ts_ms INTEGER NOT NULL,
  PRIMARY KEY(agent, run_key)) WITHOUT ROWID;
CREATE INDEX subagent_runs_agent_id ON subagent_runs(agent, agent_id);
CREATE TABLE errors(
  agent TEXT NOT NULL,
  error_key TEXT NOT NULL,
  session_ref INTEGER NOT NULL,
  turn_id TEXT NOT NULL,
  ts_ms INTEGER NOT NULL,
  kind TEXT NOT NULL,
  message TEXT NOT NULL,
  tool_use_id TEXT NOT NULL,
  UNIQUE(agent, error_key));
CREATE TABLE rate_limits(
  agent TEXT NOT NULL,
  session_ref INTEGER NOT NULL,
  ts_ms INTEGER NOT NULL,
  limit_id TEXT NOT NULL,
  window_minutes INTEGER NOT NULL,
  used_percent REAL NOT NULL,
  resets_at_ms INTEGER NOT NULL,
  plan TEXT NOT NULL,
  PRIMARY KEY(agent, session_ref, ts_ms, limit_id)) WITHOUT ROWID;
CREATE VIEW subagent_types AS
  SELECT agent, agent_id, max(type) AS type, max(description) AS description,
         max(tool_use_id) AS tool_use_id
  FROM subagent_runs WHERE agent_id <> '' GROUP BY agent, agent_id;
DROP TABLE rollup;
CREATE TABLE rollup(
  session_ref INTEGER NOT NULL,
  bucket_ms INTEGER NOT NULL,
  model_ref INTEGER NOT NULL,
  subagent_id TEXT NOT NULL,
  calls INTEGER NOT NULL,
  input INTEGER NOT NULL,
  output INTEGER NOT NULL,
  cache_write_5m INTEGER NOT NULL,
  cache_write_1h INTEGER NOT NULL,
  cache_read INTEGER NOT NULL,
  reasoning INTEGER NOT NULL,
  web_search INTEGER NOT NULL,
  cost_calc_nanos INTEGER NOT NULL,
  cost_recorded_nanos INTEGER NOT NULL,
  cost_auto_nanos INTEGER NOT NULL,
  unpriced_calc INTEGER NOT NULL,
  unpriced_auto INTEGER NOT NULL,
  PRIMARY KEY(session_ref, bucket_ms, model_ref, subagent_id)) WITHOUT ROWID;
INSERT INTO rollup
SELECT session_ref, ts_ms - (ts_ms % 900000), model_ref, subagent_id, count(*),
       sum(input), sum(output), sum(cache_write_total - cache_write_1h), sum(cache_write_1h),
       sum(cache_read), sum(reasoning), sum(web_search), coalesce(sum(cost_calc_nanos), 0),
       coalesce(sum(cost_recorded_nanos), 0),
       coalesce(sum(CASE WHEN cost_recorded_nanos > 0 THEN cost_recorded_nanos
                         ELSE cost_calc_nanos END), 0),
       sum(cost_calc_nanos IS NULL),
       sum(cost_calc_nanos IS NULL AND coalesce(cost_recorded_nanos, 0) <= 0)
FROM calls GROUP BY 1, 2, 3, 4;
DROP VIEW usage;
CREATE VIEW usage AS
  SELECT c.id AS call_id, s.agent, s.session_id, s.project, s.app, s.person, s.cwd,
         m.name AS model, m.provider,
         CASE WHEN c.subagent_id = '' THEN 'main'
              ELSE coalesce(nullif(st.type, ''), 'subagent') END AS subagent,
         c.subagent_id, c.sidechain, c.turn_id, c.ts_ms,
         strftime('%Y-%m-%dT%H:%M:%fZ', c.ts_ms / 1000.0, 'unixepoch') AS ts_utc,
         c.input AS input_tokens, c.output AS output_tokens,
         c.cache_write_total - c.cache_write_1h AS cache_write_5m_tokens,
         c.cache_write_1h AS cache_write_1h_tokens, c.cache_read AS cache_read_tokens,
         c.reasoning AS reasoning_tokens, c.web_search AS web_search_requests, c.speed,
         c.cost_calc_nanos, c.cost_recorded_nanos,
         CASE WHEN c.cost_recorded_nanos > 0 THEN c.cost_recorded_nanos ELSE c.cost_calc_nanos END
           AS cost_auto_nanos,
         c.long_context, c.copies, c.dedupe_key
  FROM calls c JOIN sessions s ON s.id = c.session_ref JOIN models m ON m.id = c.model_ref
  LEFT JOIN subagent_types st ON st.agent = s.agent AND st.agent_id = c.subagent_id;
)sql",
      // 3: the directory snapshot that lets a scan skip discovery when nothing moved.
      R"sql(
CREATE TABLE tree_dirs(path TEXT PRIMARY KEY, mtime_ns INTEGER NOT NULL) WITHOUT ROWID;
)sql",
      // 4: calls and events keyed by key_hash (store::KeyHash of agent and natural key, checked
      // against the key itself by ingest) in plain named indexes instead of inline unique text
      // keys, so a bulk load can drop them and build them once at the end (store/indexes.h
      // lists them); subagent_runs becomes a rowid table for the same reason.
      R"sql(
DROP VIEW usage;
DROP VIEW subagent_types;
CREATE TABLE calls_v4(
  id INTEGER PRIMARY KEY,
  dedupe_key TEXT NOT NULL,
  session_ref INTEGER NOT NULL,
  prev_session_ref INTEGER,
  model_ref INTEGER NOT NULL,
  subagent_id TEXT NOT NULL,
  sidechain INTEGER NOT NULL,
  rank_start_ms INTEGER NOT NULL,
  rank_ts_ms INTEGER NOT NULL,
  ts_ms INTEGER NOT NULL,
  input INTEGER NOT NULL,
  output INTEGER NOT NULL,
  cache_write_total INTEGER NOT NULL,
  cache_write_1h INTEGER NOT NULL,
  cache_read INTEGER NOT NULL,
  reasoning INTEGER NOT NULL,
  web_search INTEGER NOT NULL,
  speed TEXT NOT NULL,
  cost_recorded_nanos INTEGER,
  cost_calc_nanos INTEGER,
  long_context INTEGER NOT NULL DEFAULT 0,
  fast_unknown INTEGER NOT NULL DEFAULT 0,
  copies INTEGER NOT NULL,
  file_ref INTEGER NOT NULL,
  line_offset INTEGER NOT NULL,
  needs_price INTEGER NOT NULL DEFAULT 1,
  turn_id TEXT NOT NULL DEFAULT '',
  key_hash INTEGER NOT NULL);
INSERT INTO calls_v4 SELECT *, rc_key_hash('', dedupe_key) FROM calls;
DROP TABLE calls;
ALTER TABLE calls_v4 RENAME TO calls;
CREATE INDEX calls_key ON calls(key_hash);
CREATE INDEX calls_session ON calls(session_ref, ts_ms);
CREATE INDEX calls_turn ON calls(turn_id) WHERE turn_id <> '';
CREATE INDEX calls_needs_price ON calls(needs_price) WHERE needs_price = 1;
CREATE TABLE prompts_v4(
  agent TEXT NOT NULL,
  turn_id TEXT NOT NULL,
  session_ref INTEGER NOT NULL,
  ts_ms INTEGER NOT NULL,
  text TEXT,
  text_hash TEXT NOT NULL,
  chars INTEGER NOT NULL,
  sidechain INTEGER NOT NULL,
  subagent_id TEXT NOT NULL,
  key_hash INTEGER NOT NULL);
INSERT INTO prompts_v4 SELECT *, rc_key_hash(agent, turn_id) FROM prompts;
DROP TABLE prompts;
ALTER TABLE prompts_v4 RENAME TO prompts;
CREATE INDEX prompts_key ON prompts(key_hash);
CREATE TABLE tool_calls_v4(
  agent TEXT NOT NULL,
  tool_use_id TEXT NOT NULL,
  session_ref INTEGER NOT NULL,
  turn_id TEXT NOT NULL,
  call_key TEXT NOT NULL,
  ts_ms INTEGER NOT NULL,
  name TEXT NOT NULL,
  target TEXT NOT NULL,
  input_bytes INTEGER NOT NULL,
  sidechain INTEGER NOT NULL,
  subagent_id TEXT NOT NULL,
  key_hash INTEGER NOT NULL);
INSERT INTO tool_calls_v4 SELECT *, rc_key_hash(agent, tool_use_id) FROM tool_calls;
DROP TABLE tool_calls;
ALTER TABLE tool_calls_v4 RENAME TO tool_calls;
CREATE INDEX tool_calls_key ON tool_calls(key_hash);
CREATE INDEX tool_calls_turn ON tool_calls(turn_id) WHERE turn_id <> '';
CREATE TABLE tool_results_v4(
  agent TEXT NOT NULL,
  tool_use_id TEXT NOT NULL,
  ts_ms INTEGER NOT NULL,
  result_bytes INTEGER NOT NULL,
  is_error INTEGER NOT NULL,
  head TEXT NOT NULL,
  key_hash INTEGER NOT NULL);
INSERT INTO tool_results_v4 SELECT *, rc_key_hash(agent, tool_use_id) FROM tool_results;
DROP TABLE tool_results;
ALTER TABLE tool_results_v4 RENAME TO tool_results;
CREATE INDEX tool_results_key ON tool_results(key_hash);
CREATE TABLE subagent_runs_v4(
  agent TEXT NOT NULL,
  run_key TEXT NOT NULL,
  agent_id TEXT NOT NULL,
  tool_use_id TEXT NOT NULL,
  session_ref INTEGER NOT NULL,
  type TEXT NOT NULL,
  description TEXT NOT NULL,
  ts_ms INTEGER NOT NULL,
  key_hash INTEGER NOT NULL);
INSERT INTO subagent_runs_v4 SELECT *, rc_key_hash(agent, run_key) FROM subagent_runs;
DROP TABLE subagent_runs;
ALTER TABLE subagent_runs_v4 RENAME TO subagent_runs;
CREATE INDEX subagent_runs_key ON subagent_runs(key_hash);
CREATE INDEX subagent_runs_agent_id ON subagent_runs(agent, agent_id);
CREATE TABLE errors_v4(
  agent TEXT NOT NULL,
  error_key TEXT NOT NULL,
  session_ref INTEGER NOT NULL,
  turn_id TEXT NOT NULL,
  ts_ms INTEGER NOT NULL,
  kind TEXT NOT NULL,
  message TEXT NOT NULL,
  tool_use_id TEXT NOT NULL,
  key_hash INTEGER NOT NULL);
INSERT INTO errors_v4 SELECT *, rc_key_hash(agent, error_key) FROM errors;
DROP TABLE errors;
ALTER TABLE errors_v4 RENAME TO errors;
CREATE INDEX errors_key ON errors(key_hash);
CREATE VIEW subagent_types AS
  SELECT agent, agent_id, max(type) AS type, max(description) AS description,
         max(tool_use_id) AS tool_use_id
  FROM subagent_runs WHERE agent_id <> '' GROUP BY agent, agent_id;
CREATE VIEW usage AS
  SELECT c.id AS call_id, s.agent, s.session_id, s.project, s.app, s.person, s.cwd,
         m.name AS model, m.provider,
         CASE WHEN c.subagent_id = '' THEN 'main'
              ELSE coalesce(nullif(st.type, ''), 'subagent') END AS subagent,
         c.subagent_id, c.sidechain, c.turn_id, c.ts_ms,
         strftime('%Y-%m-%dT%H:%M:%fZ', c.ts_ms / 1000.0, 'unixepoch') AS ts_utc,
         c.input AS input_tokens, c.output AS output_tokens,
         c.cache_write_total - c.cache_write_1h AS cache_write_5m_tokens,
         c.cache_write_1h AS cache_write_1h_tokens, c.cache_read AS cache_read_tokens,
         c.reasoning AS reasoning_tokens, c.web_search AS web_search_requests, c.speed,
         c.cost_calc_nanos, c.cost_recorded_nanos,
         CASE WHEN c.cost_recorded_nanos > 0 THEN c.cost_recorded_nanos ELSE c.cost_calc_nanos END
           AS cost_auto_nanos,
         c.long_context, c.copies, c.dedupe_key
  FROM calls c JOIN sessions s ON s.id = c.session_ref JOIN models m ON m.id = c.model_ref
  LEFT JOIN subagent_types st ON st.agent = s.agent AND st.agent_id = c.subagent_id;
)sql",
      // 5: each call's calculated cost by token kind and web search (pricing::CostPart; they sum
      // to cost_calc_nanos), kept in the rollup too. Existing rows get them when the next scan
      // re-prices everything (the price book's fingerprint changed with them).
      R"sql(
ALTER TABLE calls ADD COLUMN cost_input_nanos INTEGER NOT NULL DEFAULT 0;
ALTER TABLE calls ADD COLUMN cost_output_nanos INTEGER NOT NULL DEFAULT 0;
ALTER TABLE calls ADD COLUMN cost_cache_write_5m_nanos INTEGER NOT NULL DEFAULT 0;
ALTER TABLE calls ADD COLUMN cost_cache_write_1h_nanos INTEGER NOT NULL DEFAULT 0;
ALTER TABLE calls ADD COLUMN cost_cache_read_nanos INTEGER NOT NULL DEFAULT 0;
ALTER TABLE calls ADD COLUMN cost_web_search_nanos INTEGER NOT NULL DEFAULT 0;
ALTER TABLE rollup ADD COLUMN cost_input_nanos INTEGER NOT NULL DEFAULT 0;
ALTER TABLE rollup ADD COLUMN cost_output_nanos INTEGER NOT NULL DEFAULT 0;
ALTER TABLE rollup ADD COLUMN cost_cache_write_5m_nanos INTEGER NOT NULL DEFAULT 0;
ALTER TABLE rollup ADD COLUMN cost_cache_write_1h_nanos INTEGER NOT NULL DEFAULT 0;
ALTER TABLE rollup ADD COLUMN cost_cache_read_nanos INTEGER NOT NULL DEFAULT 0;
ALTER TABLE rollup ADD COLUMN cost_web_search_nanos INTEGER NOT NULL DEFAULT 0;
DELETE FROM meta WHERE key = 'pricing_fingerprint';
)sql",
      // 6: one session's events without a scan of the event tables (the session page).
      R"sql(
CREATE INDEX tool_calls_session ON tool_calls(session_ref, ts_ms);
CREATE INDEX prompts_session ON prompts(session_ref, ts_ms);
CREATE INDEX errors_session ON errors(session_ref, ts_ms);
)sql",
      // 7: the data generation (advanced by every data transaction, store::Transaction), a
      // random id of this store (files kept beside it name it), and values derived from the
      // data kept for a generation (store/derived.h: report results, the
      // scan's file-table snapshot): read back instead of recomputed until the data changes.
      R"sql(
INSERT OR REPLACE INTO meta(key, value) VALUES ('data_gen', '1');
INSERT OR REPLACE INTO meta(key, value) VALUES ('store_id', lower(hex(randomblob(8))));
CREATE TABLE derived(
  key TEXT PRIMARY KEY,
  gen INTEGER NOT NULL,
  value BLOB NOT NULL) WITHOUT ROWID;
)sql",
  };
  return kMigrations;
}

}  // namespace receipts::store
