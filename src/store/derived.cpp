// See derived.h.
#include "store/derived.h"

#include <sqlite3.h>

namespace receipts::store {

int64_t DataGen(Store& store) {
  auto st = store.db().Prepare("SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'data_gen'");
  if (!st.ok() || !st.value().Step()) return 0;
  return st.value().Int(0);
}

std::optional<std::string> LoadDerived(Store& store, std::string_view key, int64_t gen) {
  if (gen <= 0) return std::nullopt;
  auto st = store.db().Prepare("SELECT value FROM derived WHERE key = ?1 AND gen = ?2");
  if (!st.ok()) return std::nullopt;
  st.value().Bind(1, key).Bind(2, gen);
  if (!st.value().Step()) return std::nullopt;
  return std::string(st.value().BlobView(0));
}

bool SaveDerived(Store& store, std::string_view key, int64_t gen, std::string_view value) {
  sqlite3* raw = store.db().raw();
  if (gen <= 0 || sqlite3_db_readonly(raw, "main") != 0 || sqlite3_get_autocommit(raw) == 0) return false;
  sqlite3_busy_timeout(raw, 0);  // another writer at work: skip rather than wait
  bool kept = false;
  {
    Transaction tx(store.db(), Transaction::Kind::kDerived);
    if (tx.begin_status().ok() && DataGen(store) == gen) {
      auto del = store.db().Prepare("DELETE FROM derived WHERE gen <> ?1 OR (SELECT count(*) FROM derived) >= ?2");
      auto ins = store.db().Prepare("INSERT OR REPLACE INTO derived(key, gen, value) VALUES(?1, ?2, ?3)");
      if (del.ok() && ins.ok()) {
        del.value().Bind(1, gen).Bind(2, int64_t{kMaxDerived});
        ins.value().Bind(1, key).Bind(2, gen);
        sqlite3_bind_blob(ins.value().raw(), 3, value.data(), static_cast<int>(value.size()), SQLITE_STATIC);
        kept = del.value().Run().ok() && ins.value().Run().ok() && tx.Commit().ok();
      }
    }
  }
  sqlite3_busy_timeout(raw, kBusyTimeoutMs);
  return kept;
}

}  // namespace receipts::store
