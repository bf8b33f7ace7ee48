// See context.h.
#include "cli/context.h"

#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fmt/format.h>

#include "core/time.h"
#include "reports/catalog.h"

namespace receipts::cli {

namespace {

// `[attribution] person` and `[privacy] store_prompt_text` from config.toml.
Status LoadSettings(Context& ctx) {
  auto settings = ingest::ReadConfigSettings(ctx.config_path);
  if (!settings.ok()) {
    return Status::Error(settings.status().message() + "; fix the file or pass --config PATH");
  }
  ctx.settings = settings.value();
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
  ctx.no_text_flag = raw.no_text;
  if (raw.json && raw.csv) return Status::Error("--json and --csv cannot be combined; pick one");
  // Validators shared with every JSON surface (reports/catalog.h): same wording, the flag as label.
  auto since = reports::ParseDayOption(raw.since, "--since");
  if (!since.ok()) return since.status();
  auto until = reports::ParseDayOption(raw.until, "--until");
  if (!until.ok()) return until.status();
  ctx.filters.since = since.value();
  ctx.filters.until = until.value();
  if (Status s = reports::CheckRange(ctx.filters, "--since", "--until"); !s.ok()) return s;
  auto zone = reports::ParseZoneOption(raw.timezone);
  if (!zone.ok()) return zone.status();
  ctx.filters.zone = zone.value();
  if (!raw.project.empty()) ctx.filters.project = raw.project;
  auto mode = reports::ParseModeOption(raw.mode, "--mode");
  if (!mode.ok()) return mode.status();
  ctx.filters.mode = mode.value();
  auto desc = reports::ParseOrderOption(raw.order, "--order");
  if (!desc.ok()) return desc.status();
  ctx.filters.descending = desc.value();
  auto wd = reports::ParseWeekStartOption(raw.start_of_week, "--start-of-week");
  if (!wd.ok()) return wd.status();
  ctx.filters.week_start = wd.value();
  auto agents = reports::ParseAgentsOption(raw.agent, "--agent");
  if (!agents.ok()) return agents.status();
  ctx.filters.agents = agents.value();
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
  return ingest::WithSettings(std::move(o), ctx.settings, ctx.no_text_flag);
}

Result<store::Store> OpenAndScan(const Context& ctx, const pricing::PriceBook& prices) {
  auto store = store::Store::Open(
      ctx.db_path, ctx.scan ? store::Db::Mode::kReadWrite : store::Db::Mode::kReadOnly);
  if (!store.ok()) return store.status();
  if (ctx.scan) {
    store.value().MapForReads();  // a warm scan is mostly reading the file table
    auto stats = ingest::Ingest(store.value(), prices, MakeIngestOptions(ctx));
    if (!stats.ok()) return stats.status();
  }
  return store;
}

std::optional<std::string> NoLogsMessage(const Context& ctx, store::Store& store) {
  store::Stmt st = store.db().MustPrepare("SELECT EXISTS(SELECT 1 FROM calls)");
  if (st.Step() && st.Int(0) > 0) return std::nullopt;
  auto roots = ingest::ListRoots(MakeIngestOptions(ctx));
  if (std::any_of(roots.begin(), roots.end(), [](const auto& r) { return r.exists; })) {
    return std::nullopt;
  }
  std::string msg = "No agent logs found. Looked in:\n";
  for (const auto& r : roots) msg += fmt::format("  {:<8} {} (not found)\n", r.agent, r.path);
  msg += "If your logs live elsewhere, set CLAUDE_CONFIG_DIR, CODEX_HOME, GEMINI_DATA_DIR, "
         "OPENCLAW_DIR, PI_AGENT_DIR or XDG_DATA_HOME; or try it on generated sample data: "
         "`receipts demo` (a report) or `receipts serve --demo` (the dashboard).\n";
  return msg;
}

}  // namespace receipts::cli
