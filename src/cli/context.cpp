// See context.h.
#include "cli/context.h"

#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <toml++/toml.h>
#include <fmt/format.h>

#include "core/time.h"

namespace receipts::cli {

namespace {

// `[attribution] person` and `[privacy] store_prompt_text` from config.toml.
Status LoadSettings(Context& ctx) {
  std::error_code ec;
  if (!std::filesystem::exists(ctx.config_path, ec)) return Status::Ok();
  toml::table t;
  try {
    t = toml::parse_file(ctx.config_path);
  } catch (const toml::parse_error& e) {
    return Status::Error(fmt::format("{}: {} (line {}); fix the file or pass --config PATH",
                                     ctx.config_path, e.description(), e.source().begin.line));
  }
  if (auto person = t["attribution"]["person"].value<std::string>()) ctx.person = *person;
  if (auto keep = t["privacy"]["store_prompt_text"].value<bool>(); keep && !*keep) {
    ctx.store_text = false;
  }
  return Status::Ok();
}

}  // namespace

Result<Context> ResolveContext(const RawOptions& raw, sources::Environment env) {
  Context ctx;
  ctx.env = std::move(env);
  ctx.json = raw.json;
  ctx.csv = raw.csv;
  ctx.breakdown = raw.breakdown;
  ctx.scan = !raw.no_scan;
  ctx.store_text = !raw.no_text;
  if (raw.json && raw.csv) return Status::Error("--json and --csv cannot be combined; pick one");
  auto day = [](const std::string& text, const char* flag) -> Result<std::optional<std::string>> {
    if (text.empty()) return std::optional<std::string>();
    auto d = parse_user_date(text);
    if (!d) {
      return Status::Error(fmt::format("{} '{}' is not a valid date; expected YYYY-MM-DD or "
                                       "YYYYMMDD, e.g. 2026-01-31",
                                       flag, text));
    }
    return std::optional<std::string>(format_civil_day(*d));
  };
  auto since = day(raw.since, "--since");
  if (!since.ok()) return since.status();
  auto until = day(raw.until, "--until");
  if (!until.ok()) return until.status();
  ctx.filters.since = since.value();
  ctx.filters.until = until.value();
  if (ctx.filters.since && ctx.filters.until && *ctx.filters.since > *ctx.filters.until) {
    return Status::Error(fmt::format("--since {} is after --until {}", *ctx.filters.since,
                                     *ctx.filters.until));
  }
  std::string zone_name = raw.timezone;
  if (zone_name.empty()) zone_name = machine_zone_name();
  auto zone = Zone::Find(zone_name);
  if (!zone) {
    return Status::Error(fmt::format("unknown time zone '{}'; expected an IANA name such as "
                                     "UTC, Europe/Berlin or America/New_York",
                                     raw.timezone));
  }
  ctx.filters.zone = zone->name();
  if (!raw.project.empty()) ctx.filters.project = raw.project;
  auto mode = reports::ParseCostMode(raw.mode);
  if (!mode) {
    return Status::Error(fmt::format("--mode '{}' is not a cost mode; expected auto, calculate, "
                                     "display or compare",
                                     raw.mode));
  }
  ctx.filters.mode = *mode;
  if (raw.order != "asc" && raw.order != "desc") {
    return Status::Error(fmt::format("--order '{}' is not valid; expected asc or desc", raw.order));
  }
  ctx.filters.descending = raw.order == "desc";
  auto wd = parse_weekday(raw.start_of_week);
  if (!wd) {
    return Status::Error(fmt::format("--start-of-week '{}' is not a weekday; expected e.g. monday "
                                     "or sunday",
                                     raw.start_of_week));
  }
  ctx.filters.week_start = *wd;
  if (!raw.agent.empty()) {
    size_t start = 0;
    while (start <= raw.agent.size()) {
      size_t comma = raw.agent.find(',', start);
      std::string name = raw.agent.substr(start, comma == std::string::npos ? std::string::npos
                                                                            : comma - start);
      if (!name.empty()) {
        if (!sources::FindSource(name)) {
          std::string known;
          for (const auto* s : sources::Registry()) known += (known.empty() ? "" : ", ") + std::string(s->name());
          return Status::Error(fmt::format("--agent '{}' is not a supported agent; expected one of: {}",
                                           name, known));
        }
        ctx.filters.agents.push_back(name);
      }
      if (comma == std::string::npos) break;
      start = comma + 1;
    }
  }
  std::string xdg_data = ctx.env.get("XDG_DATA_HOME").value_or("");
  if (!raw.db.empty()) {
    ctx.db_path = raw.db;
  } else if (auto env_db = ctx.env.get("RECEIPTS_DB")) {
    ctx.db_path = *env_db;
  } else {
    if (ctx.env.home.empty() && xdg_data.empty()) {
      return Status::Error("cannot find a place for the store: HOME is not set; pass --db PATH");
    }
    ctx.db_path = store::DefaultStorePath(ctx.env.home, xdg_data);
  }
  if (!raw.config.empty()) {
    ctx.config_path = raw.config;
  } else {
    std::string base = ctx.env.get("XDG_CONFIG_HOME").value_or(ctx.env.home + "/.config");
    ctx.config_path = base + "/receipts/config.toml";
  }
  if (Status s = LoadSettings(ctx); !s.ok()) return s;
  return ctx;
}

Result<pricing::PriceBook> LoadPrices(const Context& ctx) {
  pricing::PriceBook book = pricing::PriceBook::Bundled();
  if (Status s = book.ApplyOverridesFile(ctx.config_path); !s.ok()) return s;
  return book;
}

ingest::IngestOptions MakeIngestOptions(const Context& ctx) {
  ingest::IngestOptions o;
  o.env = ctx.env;
  o.agents = ctx.filters.agents;
  o.progress = ::isatty(STDERR_FILENO) != 0;
  o.store_text = ctx.store_text;
  o.person = ctx.person;
  return o;
}

Result<store::Store> OpenAndScan(const Context& ctx, const pricing::PriceBook& prices) {
  auto store = store::Store::Open(
      ctx.db_path, ctx.scan ? store::Db::Mode::kReadWrite : store::Db::Mode::kReadOnly);
  if (!store.ok()) return store.status();
  if (ctx.scan) {
    auto stats = ingest::Ingest(store.value(), prices, MakeIngestOptions(ctx));
    if (!stats.ok()) return stats.status();
  }
  return store;
}

std::optional<std::string> NoLogsMessage(const Context& ctx, store::Store& store) {
  store::Stmt st = store.db().MustPrepare("SELECT count(*) FROM calls");
  if (st.Step() && st.Int(0) > 0) return std::nullopt;
  auto roots = ingest::ListRoots(MakeIngestOptions(ctx));
  if (std::any_of(roots.begin(), roots.end(), [](const auto& r) { return r.exists; })) {
    return std::nullopt;
  }
  std::string msg = "No agent logs found. Looked in:\n";
  for (const auto& r : roots) msg += fmt::format("  {:<8} {} (not found)\n", r.agent, r.path);
  msg += "Set CLAUDE_CONFIG_DIR if your logs live elsewhere, or try `receipts demo` to see a "
         "report on generated sample data.\n";
  return msg;
}

}  // namespace receipts::cli
