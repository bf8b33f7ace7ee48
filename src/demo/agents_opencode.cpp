// opencode history with exact truth (FORMATS.md §5, DESIGN.md §3): the SQLite store of current
// builds (<root>/opencode.db and a channel build's opencode-dev.db: tables session, message,
// part, whose `data` JSON leaves out the ids the columns hold) plus the legacy JSON storage of
// older builds (storage/session/<project>/<session>.json, storage/message/<session>/<msg>.json,
// storage/part/<msg>/<part>.json). Pitfalls written: messages present in both the database and
// legacy files (some legacy copies hold an earlier streaming state), messages only in legacy
// files, a recorded cost or cost 0, reasoning tokens kept outside output, model ids spelt by
// GitHub Copilot, OpenRouter or with a date, subagent child sessions (nested too) spawned by a
// task tool part, aborted-but-billed messages, API errors and an in-progress message with zero
// tokens, and step-finish parts that repeat a message's tokens (never calls themselves).
#include <fmt/format.h>
#include <sqlite3.h>

#include <algorithm>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <optional>
#include <vector>

#include "demo/agents_internal.h"
#include "demo/text.h"

namespace receipts::demo {
namespace {

using ojson = nlohmann::ordered_json;

struct OcModel {
  const char* provider;
  const char* model;
  bool cache_writes;
  bool reasoning;
  bool billed;  // the provider reports a cost (else always 0: a subscription)
};

constexpr OcModel kModels[] = {
    {"anthropic", "claude-sonnet-4-5", true, false, true},
    {"anthropic", "claude-haiku-4-5-20251001", true, false, true},
    {"github-copilot", "claude-sonnet-4.5", false, false, false},
    {"openrouter", "anthropic/claude-sonnet-4.5", true, false, true},
    {"openai", "gpt-5.1-codex", false, true, true},
};

constexpr const char* kSchema = R"sql(
CREATE TABLE session (id TEXT PRIMARY KEY, project_id TEXT NOT NULL, parent_id TEXT,
  slug TEXT NOT NULL, directory TEXT NOT NULL, title TEXT NOT NULL, version TEXT NOT NULL,
  time_created INTEGER NOT NULL, time_updated INTEGER NOT NULL);
CREATE TABLE message (id TEXT PRIMARY KEY, session_id TEXT NOT NULL REFERENCES session(id)
  ON DELETE CASCADE, time_created INTEGER NOT NULL, time_updated INTEGER NOT NULL,
  data TEXT NOT NULL);
CREATE INDEX message_session_idx ON message(session_id);
CREATE TABLE part (id TEXT PRIMARY KEY, message_id TEXT NOT NULL REFERENCES message(id)
  ON DELETE CASCADE, session_id TEXT NOT NULL, time_created INTEGER NOT NULL,
  time_updated INTEGER NOT NULL, data TEXT NOT NULL);
CREATE INDEX part_message_idx ON part(message_id);
)sql";

double Usd(int64_t nanos) { return static_cast<double>(nanos) / 1e9; }

// Rows of one database, written at the end.
struct DbRows {
  struct Row {
    std::string id, owner, session;  // owner: project (session rows) or message (part rows)
    std::optional<std::string> parent;
    int64_t created = 0, updated = 0;
    std::string data;              // message and part rows
    std::string directory, title;  // session rows
  };
  std::vector<Row> sessions, messages, parts;
  int64_t bytes = 0;  // about what the rows take, to bound the corpus size while writing
};

// Writes `rows` as a fresh SQLite database at `path`.
Status WriteDatabase(const std::string& path, const DbRows& rows) {
  std::error_code ec;
  std::filesystem::remove(path, ec);
  struct Db {
    sqlite3* db = nullptr;
    ~Db() { sqlite3_close_v2(db); }
  } db;
  auto fail = [&](const char* what) {
    return Status::Error(
        fmt::format("{}: {}: {}", path, what, db.db ? sqlite3_errmsg(db.db) : "open failed"));
  };
  if (sqlite3_open_v2(path.c_str(), &db.db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr) !=
      SQLITE_OK) {
    return fail("open");
  }
  if (sqlite3_exec(db.db, kSchema, nullptr, nullptr, nullptr) != SQLITE_OK ||
      sqlite3_exec(db.db, "BEGIN", nullptr, nullptr, nullptr) != SQLITE_OK) {
    return fail("schema");
  }
  struct Stmt {
    sqlite3_stmt* st = nullptr;
    ~Stmt() { sqlite3_finalize(st); }
  };
  auto text = [](sqlite3_stmt* st, int i, const std::string& s) {
    sqlite3_bind_text(st, i, s.data(), static_cast<int>(s.size()), SQLITE_TRANSIENT);
  };
  Stmt session, message, part;
  if (sqlite3_prepare_v2(db.db,
                         "INSERT INTO session VALUES(?1, ?2, ?3, ?4, ?5, ?6, '1.0.120', ?7, ?8)",
                         -1, &session.st, nullptr) ||
      sqlite3_prepare_v2(db.db, "INSERT INTO message VALUES(?1, ?2, ?3, ?4, ?5)", -1, &message.st,
                         nullptr) ||
      sqlite3_prepare_v2(db.db, "INSERT INTO part VALUES(?1, ?2, ?3, ?4, ?5, ?6)", -1, &part.st,
                         nullptr)) {
    return fail("prepare");
  }
  for (const auto& r : rows.sessions) {
    text(session.st, 1, r.id);
    text(session.st, 2, r.owner);
    if (r.parent)
      text(session.st, 3, *r.parent);
    else
      sqlite3_bind_null(session.st, 3);
    text(session.st, 4, "slug-" + r.id.substr(r.id.size() - 6));
    text(session.st, 5, r.directory);
    text(session.st, 6, r.title);
    sqlite3_bind_int64(session.st, 7, r.created);
    sqlite3_bind_int64(session.st, 8, r.updated);
    if (sqlite3_step(session.st) != SQLITE_DONE) return fail("insert session");
    sqlite3_reset(session.st);
  }
  for (const auto& r : rows.messages) {
    text(message.st, 1, r.id);
    text(message.st, 2, r.session);
    sqlite3_bind_int64(message.st, 3, r.created);
    sqlite3_bind_int64(message.st, 4, r.updated);
    text(message.st, 5, r.data);
    if (sqlite3_step(message.st) != SQLITE_DONE) return fail("insert message");
    sqlite3_reset(message.st);
  }
  for (const auto& r : rows.parts) {
    text(part.st, 1, r.id);
    text(part.st, 2, r.owner);
    text(part.st, 3, r.session);
    sqlite3_bind_int64(part.st, 4, r.created);
    sqlite3_bind_int64(part.st, 5, r.updated);
    text(part.st, 6, r.data);
    if (sqlite3_step(part.st) != SQLITE_DONE) return fail("insert part");
    sqlite3_reset(part.st);
  }
  if (sqlite3_exec(db.db, "COMMIT", nullptr, nullptr, nullptr) != SQLITE_OK) return fail("commit");
  return Status::Ok();
}

// Where a session's records go.
struct OcSession {
  std::string id, project, directory, root_id, agent = "build";
  std::optional<std::string> parent;
  int store = 0;        // 0: opencode.db, 1: opencode-dev.db, 2: legacy files only
  bool legacy = false;  // its messages are (also) legacy files
  const OcModel* model = &kModels[0];
  int cost_pct = 0;  // recorded cost in % of the list price; 0: cost always 0
  int depth = 0;
  bool in_progress = false;  // its last message is still streaming (zero tokens)
};

class OpenCodeWriter {
 public:
  OpenCodeWriter(const GeneratorOptions& o, Truth& truth)
      : o_(o), truth_(truth), rng_(o.seed * 0xC2B2AE3D27D4EB4Full + 0x0C0D) {}

  Status Run() {
    int64_t end = agents::EndMs(o_);
    int64_t span = agents::SpanMs(o_);
    static const char* kProjects[] = {"/w/oc-a", "/w/oc-b", "/w/oc-c"};
    for (int n = 0; n < 8 || truth_.bytes + db_[0].bytes + db_[1].bytes < o_.target_bytes; ++n) {
      OcSession s;
      int p = static_cast<int>(rng_.Range(0, 2));
      s.project =
          p == 2 ? "global" : fmt::format("{:040x}", 0xA11CE000ull + static_cast<uint64_t>(p));
      s.directory = kProjects[p];
      s.store = n == 0              ? 0
                : n == 1            ? 1
                : n == 3            ? 2
                : rng_.Chance(0.1)  ? 1
                : rng_.Chance(0.15) ? 2
                                    : 0;
      s.in_progress = n == 0 || rng_.Chance(0.1);
      s.legacy = s.store == 2 || (s.store == 0 && (n == 2 || rng_.Chance(0.25)));
      // Every model once, then mostly Sonnet from Anthropic.
      static constexpr int kWeights[] = {50, 10, 15, 10, 15};
      int pick = n;
      if (n >= 5) {
        int64_t roll = rng_.Range(0, 99);
        for (pick = 0; roll >= kWeights[pick]; ++pick) roll -= kWeights[pick];
      }
      s.model = &kModels[pick];
      s.cost_pct = s.model->billed && rng_.Chance(0.75) ? static_cast<int>(rng_.Range(90, 130)) : 0;
      if (s.store == 1) truth_.traits["channel_db"]++;
      int64_t ms = end - span + rng_.Range(0, span - 6 * 3'600'000);
      s.id = Id("ses", ms);
      s.root_id = s.id;
      if (Status st = Session(s, ms, "Fix the build", static_cast<int>(rng_.Range(2, 5)));
          !st.ok()) {
        return st;
      }
    }
    for (int i = 0; i < 2; ++i) {
      std::string path = o_.root + (i == 0 ? "/opencode.db" : "/opencode-dev.db");
      if (Status st = WriteDatabase(path, db_[i]); !st.ok()) return st;
      std::error_code ec;
      truth_.files++;
      truth_.bytes += static_cast<int64_t>(std::filesystem::file_size(path, ec));
    }
    agents::SortCalls(truth_);
    return Status::Ok();
  }

 private:
  // opencode's ascending ids: "<prefix>_" + 12 hex digits of time + 14 base62.
  std::string Id(const char* prefix, int64_t ms) {
    uint64_t v = (static_cast<uint64_t>(ms) << 12) + (counter_++ & 0xfff);
    return fmt::format("{}_{:012x}{}", prefix, v & 0xffffffffffffull, rng_.Base62(14));
  }

  std::string Filler(size_t bytes) { return agents::PlainFiller(rng_, bytes); }

  // Stores one message (`m` with id and sessionID) in the session's database and/or as a legacy
  // file; `legacy_copy` replaces what the legacy file holds.
  Status Message(const OcSession& s, const ojson& m, int64_t created, int64_t updated,
                 const std::optional<ojson>& legacy_copy = std::nullopt) {
    std::string id = m["id"].get<std::string>();
    if (s.store < 2) {
      ojson data = m;
      data.erase("id");
      data.erase("sessionID");
      DbRows& rows = db_[s.store];
      rows.messages.push_back({id, "", s.id, std::nullopt, created, updated, data.dump(), "", ""});
      rows.bytes += static_cast<int64_t>(rows.messages.back().data.size()) + 80;
    }
    if (!s.legacy) return Status::Ok();
    const ojson& file = legacy_copy ? *legacy_copy : m;
    return agents::WriteWhole(fmt::format("{}/storage/message/{}/{}.json", o_.root, s.id, id),
                              file.dump(2) + "\n", truth_);
  }

  Status Part(const OcSession& s, const std::string& message_id, int64_t ms, ojson part) {
    std::string id = Id("prt", ms);
    if (s.store < 2) {
      DbRows& rows = db_[s.store];
      rows.parts.push_back({id, message_id, s.id, std::nullopt, ms, ms, part.dump(), "", ""});
      rows.bytes += static_cast<int64_t>(rows.parts.back().data.size()) + 80;
    }
    if (!s.legacy) return Status::Ok();
    ojson file = {{"id", id}, {"sessionID", s.id}, {"messageID", message_id}};
    for (auto it = part.begin(); it != part.end(); ++it) file[it.key()] = it.value();
    return agents::WriteWhole(fmt::format("{}/storage/part/{}/{}.json", o_.root, message_id, id),
                              file.dump(2) + "\n", truth_);
  }

  // One session with `turns` user turns; child sessions are written from within. `ms` ends as
  // the time of the session's last activity.
  Status Session(OcSession& s, int64_t& ms, const std::string& title, int turns) {
    int64_t created = ms;
    std::string user_id;
    for (int turn = 0; turn < turns; ++turn) {
      ms += s.depth ? rng_.Range(200, 2'000) : rng_.Range(5'000, 600'000);
      user_id = Id("msg", ms);
      ojson user = {{"id", user_id},
                    {"sessionID", s.id},
                    {"role", "user"},
                    {"time", {{"created", ms}}},
                    {"agent", s.agent},
                    {"model", {{"providerID", s.model->provider}, {"modelID", s.model->model}}}};
      if (Status st = Message(s, user, ms, ms); !st.ok()) return st;
      ojson text = {{"type", "text"}, {"text", Filler(rng_.Range(20, 400))}};
      if (Status st = Part(s, user_id, ms, text); !st.ok()) return st;
      int requests = static_cast<int>(rng_.Range(1, 4));
      for (int r = 0; r < requests; ++r) {
        ms += rng_.Range(300, 3'000);
        if (Status st = Request(s, user_id, ms, r + 1 == requests); !st.ok()) return st;
      }
    }
    if (s.depth == 0 && s.store < 2 && s.in_progress) {  // still streaming when read
      truth_.traits["in_progress"]++;
      ms += 1'000;
      ojson m = Assistant(s, Id("msg", ms), user_id, ms, std::nullopt, TokenCounts{}, 0, 0);
      if (Status st = Message(s, m, ms, ms); !st.ok()) return st;
    }
    // The session row (database) and document (legacy storage).
    std::string full_title = s.parent ? fmt::format("{} (@{} subagent)", title, s.agent) : title;
    if (s.store < 2) {
      DbRows& rows = db_[s.store];
      rows.sessions.push_back(
          {s.id, s.project, "", s.parent, created, ms, "", s.directory, full_title});
    }
    if (s.legacy) {
      ojson doc = {{"id", s.id}, {"projectID", s.project}};
      if (s.parent) doc["parentID"] = *s.parent;
      doc["directory"] = s.directory;
      doc["title"] = full_title;
      doc["version"] = "0.15.8";
      doc["time"] = {{"created", created}, {"updated", ms}};
      return agents::WriteWhole(
          fmt::format("{}/storage/session/{}/{}.json", o_.root, s.project, s.id),
          doc.dump(2) + "\n", truth_);
    }
    return Status::Ok();
  }

  ojson Assistant(const OcSession& s, const std::string& id, const std::string& parent_id,
                  int64_t created, std::optional<int64_t> completed, const TokenCounts& t,
                  int64_t reasoning, int64_t cost_nanos) {
    ojson m = {{"id", id}, {"sessionID", s.id}, {"role", "assistant"}};
    m["time"] = completed ? ojson{{"created", created}, {"completed", *completed}}
                          : ojson{{"created", created}};
    m["parentID"] = parent_id;
    m["modelID"] = s.model->model;
    m["providerID"] = s.model->provider;
    m["mode"] = s.agent;
    m["agent"] = s.agent;
    m["path"] = {{"cwd", s.directory}, {"root", s.directory}};
    m["cost"] = Usd(cost_nanos);
    m["tokens"] = {{"input", t.input},
                   {"output", t.output - reasoning},
                   {"reasoning", reasoning},
                   {"cache", {{"read", t.cache_read}, {"write", t.cache_write_5m}}}};
    return m;
  }

  // One assistant message answering `user_id` (with its parts), maybe spawning a subagent.
  Status Request(OcSession& s, const std::string& user_id, int64_t& ms, bool last) {
    const OcModel& model = *s.model;
    int64_t start = ms;
    std::string id = Id("msg", start);
    double roll = rng_.Unit();
    ++requests_;  // the 3rd request fails and the 5th is aborted: every corpus has both
    if (requests_ == 3) roll = 0;
    if (requests_ == 5) roll = 0.06;
    if (roll < 0.05) {  // an API error before any token: no call
      truth_.traits["error_message"]++;
      ojson m = Assistant(s, id, user_id, start, start + 900, TokenCounts{}, 0, 0);
      m["error"] = {
          {"name", "APIError"},
          {"data", {{"message", "Overloaded"}, {"statusCode", 529}, {"isRetryable", true}}}};
      ms += 1'000;
      return Message(s, m, start, ms);
    }
    bool aborted = roll < 0.09;
    TokenCounts t;
    t.input = rng_.LogRange(1, 6'000);
    t.cache_read = rng_.Chance(0.85) ? rng_.LogRange(1'000, 150'000) : 0;
    t.cache_write_5m = model.cache_writes && rng_.Chance(0.5) ? rng_.LogRange(50, 20'000) : 0;
    int64_t reasoning = model.reasoning && !aborted && (First("reasoning") || rng_.Chance(0.7))
                            ? rng_.LogRange(10, 3'000)
                            : 0;
    t.output = (aborted ? rng_.LogRange(1, 200) : rng_.LogRange(5, 4'000)) + reasoning;
    t.reasoning = reasoning;
    std::optional<int64_t> recorded;
    if (s.cost_pct > 0) {
      recorded = std::max<int64_t>(
          1, ExpectedAgentCostNanos(model.model, t).value_or(0) * s.cost_pct / 100);
    }
    int64_t took = rng_.Range(800, 40'000);
    ojson m = Assistant(s, id, user_id, start, start + took, t, reasoning, recorded.value_or(0));
    m["finish"] = aborted || last ? "stop" : "tool-calls";
    if (aborted) {
      truth_.traits["aborted_billed"]++;
      m["error"] = {{"name", "MessageAbortedError"},
                    {"data", {{"message", "The operation was aborted."}}}};
    }
    truth_.traits[recorded ? "recorded_cost" : "zero_cost"]++;
    if (reasoning > 0) truth_.traits["reasoning"]++;
    if (std::string(model.model) != "claude-sonnet-4-5" &&
        std::string(model.model) != "gpt-5.1-codex") {
      truth_.traits["model_alias"]++;
    }
    truth_.traits[s.store < 2 ? "db_message" : "legacy_only"]++;
    truth_.usage_records += (s.store < 2) + s.legacy;

    // What the legacy file holds: the final message, or (sometimes, beside a database row) an
    // earlier streaming state with smaller counts, no cost and no completion time.
    std::optional<ojson> legacy;
    if (s.legacy && s.store < 2) {
      truth_.traits["legacy_copy"]++;
      if (First("legacy_stale") || rng_.Chance(0.3)) {
        truth_.traits["legacy_stale"]++;
        TokenCounts early;
        early.input = t.input;
        early.cache_read = t.cache_read;
        early.cache_write_5m = t.cache_write_5m;
        early.output = (t.output - reasoning) / 3 + reasoning / 2;
        legacy = Assistant(s, id, user_id, start, std::nullopt, early, reasoning / 2, 0);
      }
    }
    ms = start + took;
    ojson step_start = {{"type", "step-start"}};
    ojson text = {{"type", "text"},
                  {"text", Filler(rng_.Range(20, 800))},
                  {"time", {{"start", start + 300}, {"end", ms}}}};
    if (Status st = Part(s, id, start, step_start); !st.ok()) return st;
    if (Status st = Part(s, id, start + 300, text); !st.ok()) return st;
    if (!aborted && !last) {
      std::string call = "toolu_01" + rng_.Base62(22);
      const char* kind = s.depth == 0 ? "subagent" : "nested_subagent";
      bool spawn = s.depth < 2 && (First(kind) || rng_.Chance(s.depth == 0 ? 0.2 : 0.3));
      ojson tool;
      if (spawn) {
        OcSession child = s;
        child.parent = s.id;
        child.depth = s.depth + 1;
        child.agent = rng_.Chance(0.5) ? "explore" : "general";
        child.id = Id("ses", ms);
        truth_.traits[kind]++;
        int64_t child_ms = ms;
        if (Status st = Session(child, child_ms, "Look around", static_cast<int>(rng_.Range(1, 2)));
            !st.ok()) {
          return st;
        }
        tool = {{"type", "tool"},
                {"callID", call},
                {"tool", "task"},
                {"state",
                 {{"status", "completed"},
                  {"input",
                   {{"description", "Look around"},
                    {"prompt", Filler(120)},
                    {"subagent_type", child.agent}}},
                  {"output", Filler(rng_.LogRange(50, 2'000))},
                  {"title", "Look around"},
                  {"metadata", {{"sessionId", child.id}}},
                  {"time", {{"start", ms}, {"end", child_ms + 100}}}}}};
        ms = child_ms + 100;
      } else {
        std::string file = fmt::format("{}/src/mod{}.ts", s.directory, rng_.Range(1, 40));
        int64_t done = ms + rng_.Range(5, 2'000);
        tool = {{"type", "tool"},
                {"callID", call},
                {"tool", "read"},
                {"state",
                 {{"status", "completed"},
                  {"input", {{"filePath", file}}},
                  {"output", Filler(rng_.LogRange(50, 6'000))},
                  {"title", file},
                  {"metadata", ojson::object()},
                  {"time", {{"start", ms}, {"end", done}}}}}};
        ms = done;
      }
      if (Status st = Part(s, id, ms, tool); !st.ok()) return st;
    }
    // step-finish repeats the tokens: never a call of its own.
    ojson finish = {{"type", "step-finish"},
                    {"reason", m["finish"]},
                    {"cost", m["cost"]},
                    {"tokens", m["tokens"]}};
    if (Status st = Part(s, id, ms, finish); !st.ok()) return st;
    if (Status st = Message(s, m, start, ms, legacy); !st.ok()) return st;

    TruthCall c;
    c.agent = "opencode";
    c.message_id = "opencode:" + id;
    c.ts_ms = start;
    c.session_id = s.root_id;
    c.project = s.directory;
    c.model = model.model;
    c.sidechain = s.depth > 0;
    if (s.depth > 0) c.agent_type = s.agent;
    c.tokens = t;
    if (recorded) {
      c.recorded_cost_usd = Usd(*recorded);
      c.cost_nanos = *recorded;
    }
    agents::AddCall(truth_, std::move(c));
    return Status::Ok();
  }

  // True until `trait` was written once: the first chance of each pitfall is always taken.
  bool First(const char* trait) const {
    auto it = truth_.traits.find(trait);
    return it == truth_.traits.end() || it->second == 0;
  }

  const GeneratorOptions& o_;
  Truth& truth_;
  Rng rng_;
  int64_t requests_ = 0;
  DbRows db_[2];
  uint64_t counter_ = 0;
};

}  // namespace

Result<Truth> GenerateOpenCodeCorpus(const GeneratorOptions& options) {
  std::error_code ec;
  std::filesystem::create_directories(options.root, ec);
  if (ec) return Status::Error(options.root + ": " + ec.message());
  Truth truth;
  OpenCodeWriter w(options, truth);
  if (Status s = w.Run(); !s.ok()) return s;
  return truth;
}

}  // namespace receipts::demo
