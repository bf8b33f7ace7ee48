// See indexes.h.
#include "store/indexes.h"

#include <string>

#include "core/hash.h"

namespace receipts::store {

int64_t KeyHash(std::string_view agent, std::string_view key) {
  uint64_t h = Fnv1a(key, Fnv1a("\xff", Fnv1a(agent)));  // 0xff: "a"+"bc" is not "ab"+"c"
  h ^= h >> 30;  // splitmix64's finaliser: every input bit reaches the low bits the maps use
  h *= 0xbf58476d1ce4e5b9ULL;
  h ^= h >> 27;
  h *= 0x94d049bb133111ebULL;
  h ^= h >> 31;
  return static_cast<int64_t>(h);
}

const std::vector<IndexDef>& BulkIndexes() {
  static const std::vector<IndexDef> kIndexes = {
      {"calls_key", "CREATE INDEX calls_key ON calls(key_hash)"},
      {"calls_session", "CREATE INDEX calls_session ON calls(session_ref, ts_ms)"},
      {"calls_turn", "CREATE INDEX calls_turn ON calls(turn_id) WHERE turn_id <> ''"},
      {"prompts_key", "CREATE INDEX prompts_key ON prompts(key_hash)"},
      {"tool_calls_key", "CREATE INDEX tool_calls_key ON tool_calls(key_hash)"},
      {"tool_calls_turn", "CREATE INDEX tool_calls_turn ON tool_calls(turn_id) WHERE turn_id <> ''"},
      {"tool_results_key", "CREATE INDEX tool_results_key ON tool_results(key_hash)"},
      {"subagent_runs_key", "CREATE INDEX subagent_runs_key ON subagent_runs(key_hash)"},
      {"subagent_runs_agent_id",
       "CREATE INDEX subagent_runs_agent_id ON subagent_runs(agent, agent_id)"},
      {"errors_key", "CREATE INDEX errors_key ON errors(key_hash)"},
      {"tool_calls_session", "CREATE INDEX tool_calls_session ON tool_calls(session_ref, ts_ms)"},
      {"prompts_session", "CREATE INDEX prompts_session ON prompts(session_ref, ts_ms)"},
      {"errors_session", "CREATE INDEX errors_session ON errors(session_ref, ts_ms)"},
  };
  return kIndexes;
}

Status DropBulkIndexes(Db& db) {
  for (const IndexDef& idx : BulkIndexes()) {
    if (Status s = db.Exec("DROP INDEX IF EXISTS " + std::string(idx.name)); !s.ok()) return s;
  }
  return Status::Ok();
}

Status CreateBulkIndexes(Db& db) {
  for (const IndexDef& idx : BulkIndexes()) {
    std::string sql(idx.sql);  // CREATE [UNIQUE] INDEX name → … INDEX IF NOT EXISTS name
    sql.insert(sql.find("INDEX ") + 6, "IF NOT EXISTS ");
    if (Status s = db.Exec(sql); !s.ok()) {
      return Status::Error("building index " + std::string(idx.name) + " failed: " + s.message());
    }
  }
  return Status::Ok();
}

}  // namespace receipts::store
