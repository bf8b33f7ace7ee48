// See key_index.h.
#include "ingest/key_index.h"

#include "store/indexes.h"

namespace receipts::ingest {
namespace {

struct Spec {
  const char* table;
  const char* agent;  // column, or "''" for calls (keys are global)
  const char* key;
  int64_t bytes_per_key;  // of Claude Code logs, rounded down (the bench corpus has 5.7 KB
                          // per call, 6.2 KB per tool call, 17.6 KB per prompt)
};

constexpr Spec kSpecs[] = {
    {"calls", "''", "dedupe_key", 5000},           {"prompts", "agent", "turn_id", 16000},
    {"tool_calls", "agent", "tool_use_id", 5000},  {"tool_results", "agent", "tool_use_id", 5000},
    {"subagent_runs", "agent", "run_key", 80000},  {"errors", "agent", "error_key", 400000},
};
// Robin-hood probing stays short at high loads; the default of 0.5 doubles the memory.
constexpr float kMaxLoad = 0.85f;

const Spec& SpecOf(KeyTable t) { return kSpecs[static_cast<int>(t)]; }

std::string KeyOfSql(KeyTable t) {
  const Spec& s = SpecOf(t);
  return std::string("SELECT ") + s.agent + ", " + s.key + " FROM " + s.table + " WHERE rowid = ?1";
}

std::string ByHashSql(KeyTable t) {
  const Spec& s = SpecOf(t);
  return std::string("SELECT rowid, ") + s.agent + ", " + s.key + " FROM " + s.table +
         " WHERE key_hash = ?1";
}

std::string Joined(std::string_view agent, std::string_view key) {
  std::string k(agent);
  k.push_back('\0');
  k.append(key);
  return k;
}

}  // namespace

KeyIndex::KeyIndex(store::Db& db, HashFn hash)
    : db_(db), hash_(hash ? hash : store::KeyHash) {}

store::Stmt& KeyIndex::Prepared(store::Stmt& slot, std::string (*sql)(KeyTable), KeyTable t) {
  if (!slot.raw()) {
    slot = db_.MustPrepare(sql(t));  // the text is built once per table
  } else {
    slot.Reset();
  }
  return slot;
}

Result<bool> KeyIndex::RowHasKey(KeyTable t, int64_t rowid, std::string_view agent,
                                 std::string_view key) {
  const Spec& s = SpecOf(t);
  store::Stmt& st = Prepared(key_of_[static_cast<int>(t)], KeyOfSql, t);
  st.Bind(1, rowid);
  if (!st.Step()) {
    if (!st.status().ok()) return st.status();
    return Status::Error(std::string("key index out of step with ") + s.table);
  }
  bool same = st.Text(1) == key && st.Text(0) == agent;
  st.Reset();  // an unfinished statement would hold a read snapshot and stall WAL checkpoints
  return same;
}

Status KeyIndex::StartBulk(int64_t new_bytes) {
  if (bulk_) return Status::Ok();
  for (int i = 0; i < static_cast<int>(KeyTable::kCount); ++i) {
    const Spec& s = kSpecs[i];
    auto count = db_.Prepare(std::string("SELECT count(*) FROM ") + s.table);
    if (!count.ok()) return count.status();
    int64_t stored = count.value().Step() ? count.value().Int(0) : 0;
    auto st = db_.Prepare(std::string("SELECT rowid, key_hash FROM ") + s.table);
    if (!st.ok()) return st.status();
    Map& m = maps_[i];
    m = Map{};
    m.by_hash.max_load_factor(kMaxLoad);
    m.by_hash.reserve(static_cast<size_t>(stored + std::max<int64_t>(0, new_bytes) / s.bytes_per_key));
    while (st.value().Step()) {
      auto [it, inserted] = m.by_hash.emplace(st.value().Int(1), st.value().Int(0));
      if (inserted) continue;
      // Two stored keys share a hash: keep the second by its exact key.
      auto row = db_.Prepare(KeyOfSql(static_cast<KeyTable>(i)));
      if (!row.ok()) return row.status();
      row.value().Bind(1, st.value().Int(0));
      if (row.value().Step()) {
        m.collided.emplace(Joined(row.value().Text(0), row.value().Text(1)), st.value().Int(0));
      }
    }
    if (!st.value().status().ok()) return st.value().status();
  }
  bulk_ = true;
  return Status::Ok();
}

Result<KeyMatch> KeyIndex::Find(KeyTable t, std::string_view agent, std::string_view key) {
  KeyMatch m{hash_(agent, key), 0};
  const int i = static_cast<int>(t);
  if (!bulk_) {
    store::Stmt& st = Prepared(by_hash_[i], ByHashSql, t);
    st.Bind(1, m.hash);
    while (st.Step()) {
      if (st.Text(2) == key && st.Text(1) == agent) {
        m.rowid = st.Int(0);
        break;
      }
    }
    Status status = st.status();
    st.Reset();  // see RowHasKey
    if (!status.ok()) return status;
    return m;
  }
  Map& map = maps_[i];
  auto it = map.by_hash.find(m.hash);
  if (it == map.by_hash.end()) return m;  // `collided` only holds keys of taken hashes
  auto same = RowHasKey(t, it->second, agent, key);
  if (!same.ok()) return same.status();
  if (same.value()) {
    m.rowid = it->second;
  } else if (auto c = map.collided.find(Joined(agent, key)); c != map.collided.end()) {
    m.rowid = c->second;
  }
  return m;
}

void KeyIndex::Added(KeyTable t, const KeyMatch& m, std::string_view agent, std::string_view key,
                     int64_t rowid) {
  if (!bulk_) return;
  Map& map = maps_[static_cast<int>(t)];
  auto [it, inserted] = map.by_hash.emplace(m.hash, rowid);
  if (!inserted) map.collided.emplace(Joined(agent, key), rowid);
}

}  // namespace receipts::ingest
