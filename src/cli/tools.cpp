// Non-report commands: scan, sql, doctor, demo, pricing.
#include <fmt/format.h>
#include <chrono>
#include <filesystem>
#include <iostream>

#include "cli/commands.h"
#include "cli/demo.h"
#include "cli/render.h"
#include "cli/table.h"
#include "core/time.h"
#include "reports/json.h"
#include "reports/price_table.h"

namespace receipts::cli {
namespace fs = std::filesystem;

int RunScanCommand(const Context& ctx) {
  auto prices = LoadPrices(ctx);
  if (!prices.ok()) return Fail(prices.status().message());
  auto store = store::Store::Open(ctx.db_path);
  if (!store.ok()) return Fail(store.status().message());
  auto t0 = std::chrono::steady_clock::now();
  auto stats = ingest::Ingest(store.value(), prices.value(), MakeIngestOptions(ctx));
  if (!stats.ok()) return Fail(stats.status().message());
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  const auto& s = stats.value();
  std::cout << fmt::format(
      "scanned {} files ({} changed, {} MB) in {:.2f}s: {} lines, {} usage records, {} calls "
      "updated, {} malformed lines{}{}\n",
      s.files_seen, s.files_parsed, FormatInt(s.bytes_parsed / 1'000'000), secs, FormatInt(s.lines),
      FormatInt(s.usage_records), FormatInt(s.calls_touched), FormatInt(s.malformed),
      s.files_missing ? fmt::format(", {} files gone from disk (history kept)", s.files_missing) : "",
      s.repriced ? ", prices changed: costs recomputed" : "");
  if (auto msg = NoLogsMessage(ctx, store.value())) std::cout << *msg;
  return 0;
}

int RunSqlCommand(const Context& ctx, const std::string& sql) {
  if (ctx.scan) {
    auto prices = LoadPrices(ctx);
    if (!prices.ok()) return Fail(prices.status().message());
    auto rw = OpenAndScan(ctx, prices.value());
    if (!rw.ok()) return Fail(rw.status().message());
  }
  auto store = store::Store::Open(ctx.db_path, store::Db::Mode::kReadOnly);
  if (!store.ok()) return Fail(store.status().message());
  store.value().db().Exec("PRAGMA query_only = 1");
  auto st = store.value().db().Prepare(sql);
  if (!st.ok()) return Fail("SQL error: " + st.status().message() + " (schema: docs/SCHEMA.md)");
  if (!sqlite3_stmt_readonly(st.value().raw())) {
    return Fail("only read-only statements are allowed (SELECT, WITH, EXPLAIN, PRAGMA reads)");
  }
  store::Stmt& s = st.value();
  std::vector<std::string> header;
  for (int i = 0; i < s.ColumnCount(); ++i) header.push_back(s.ColumnName(i));
  std::vector<std::vector<std::string>> rows;
  nlohmann::ordered_json json = nlohmann::ordered_json::array();
  while (s.Step()) {
    std::vector<std::string> row;
    nlohmann::ordered_json obj;
    for (int i = 0; i < s.ColumnCount(); ++i) {
      switch (s.ColumnType(i)) {
        case SQLITE_INTEGER: obj[header[i]] = s.Int(i); break;
        case SQLITE_FLOAT: obj[header[i]] = s.Double(i); break;
        case SQLITE_NULL: obj[header[i]] = nullptr; break;
        default: obj[header[i]] = s.Text(i);
      }
      row.push_back(s.IsNull(i) ? "" : s.Text(i));
    }
    json.push_back(std::move(obj));
    rows.push_back(std::move(row));
  }
  if (!s.status().ok()) return Fail("SQL error: " + s.status().message());
  if (ctx.json) {
    std::cout << json.dump(2) << "\n";
  } else if (ctx.csv) {
    std::cout << RenderCsv(header, rows);
  } else {
    Table t;
    for (const auto& h : header) t.columns.push_back({h, false, 0});
    for (auto& r : rows) t.AddRow(r);
    std::cout << RenderTable(t, 100000, UseColor());
  }
  return 0;
}

int RunDoctorCommand(const Context& ctx) {
  auto prices = LoadPrices(ctx);
  if (!prices.ok()) return Fail(prices.status().message());
  auto opened = OpenAndScan(ctx, prices.value());
  if (!opened.ok()) return Fail(opened.status().message());
  store::Db& db = opened.value().db();
  std::cout << "Store: " << ctx.db_path << " (schema v" << opened.value().schema_version() << ")\n";
  std::cout << "Config: " << ctx.config_path
            << (fs::exists(ctx.config_path) ? "" : " (not present; bundled prices only)") << "\n";
  const ingest::IngestOptions settings = MakeIngestOptions(ctx);
  std::cout << "  person: "
            << (settings.person.empty() ? "not set (git user.email of each session's repository, "
                                          "else the OS user)"
                                        : settings.person)
            << "\n  prompt text: "
            << (settings.store_text ? "stored, secrets redacted"
                : ctx.no_text_flag  ? "SHA-256 only (--no-text)"
                                    : "SHA-256 only ([privacy] store_prompt_text = false)")
            << "\n\n";
  std::cout << "Roots scanned:\n";
  for (const auto& r : ingest::ListRoots(MakeIngestOptions(ctx))) {
    std::cout << fmt::format("  {:<8} {} {}\n", r.agent, r.path, r.exists ? "" : "(not found)");
  }
  auto one = [&](const char* sql) {
    store::Stmt st = db.MustPrepare(sql);
    return st.Step() ? st.Int(0) : 0;
  };
  std::cout << "\nFiles:\n";
  store::Stmt files = db.MustPrepare(
      "SELECT agent, count(*), sum(lines), sum(usage_lines), sum(malformed), sum(missing), "
      "sum(size), max(last_scan_ms) FROM files GROUP BY agent ORDER BY agent");
  while (files.Step()) {
    std::cout << fmt::format("  {:<8} {} files ({} MB), {} lines, {} usage lines, {} malformed, "
                             "{} gone from disk (history kept)\n",
                             files.Text(0), FormatInt(files.Int(1)), FormatInt(files.Int(6) / 1'000'000),
                             FormatInt(files.Int(2)), FormatInt(files.Int(3)),
                             FormatInt(files.Int(4)), FormatInt(files.Int(5)));
  }
  int64_t calls = one("SELECT count(*) FROM calls");
  int64_t copies = one("SELECT coalesce(sum(copies), 0) FROM calls");
  std::cout << fmt::format("\nCalls: {} unique model calls from {} usage records ({} duplicate "
                           "copies collapsed)\n",
                           FormatInt(calls), FormatInt(copies), FormatInt(copies - calls));
  int64_t last_scan = one("SELECT coalesce(max(last_scan_ms), 0) FROM files");
  int64_t newest = one("SELECT coalesce(max(ts_ms), 0) FROM calls");
  std::cout << "Freshness: last scan " << (last_scan ? format_iso8601_ms(last_scan) : "never")
            << ", newest call " << (newest ? format_iso8601_ms(newest) : "none") << "\n";
  std::cout << "\nMalformed lines (first 20):\n";
  store::Stmt bad = db.MustPrepare(
      "SELECT f.path, m.offset, m.reason FROM malformed_lines m JOIN files f ON f.id = m.file_id "
      "ORDER BY f.path, m.offset LIMIT 20");
  bool any = false;
  while (bad.Step()) {
    any = true;
    std::cout << fmt::format("  {} @ byte {}: {}\n", bad.Text(0), bad.Int(1), bad.Text(2));
  }
  if (!any) std::cout << "  none\n";
  std::cout << "\nUnpriced models (tokens counted, cost not computed):\n";
  store::Stmt unpriced = db.MustPrepare(
      "SELECT m.name, count(*), sum(c.input + c.output + c.cache_write_total + c.cache_read) "
      "FROM calls c JOIN models m ON m.id = c.model_ref WHERE c.cost_calc_nanos IS NULL "
      "GROUP BY m.name ORDER BY 2 DESC");
  any = false;
  while (unpriced.Step()) {
    any = true;
    std::cout << fmt::format("  {}: {} calls, {} tokens\n", unpriced.Text(0),
                             FormatInt(unpriced.Int(1)), FormatInt(unpriced.Int(2)));
  }
  if (!any) std::cout << "  none\n";
  int64_t fast_unknown = one("SELECT count(*) FROM calls WHERE fast_unknown = 1");
  if (fast_unknown) {
    std::cout << fmt::format("\nFast-mode calls without a known multiplier (priced at standard "
                             "rates): {}\n", FormatInt(fast_unknown));
  }
  return 0;
}

int RunDemoCommand(const Context& ctx, int64_t bytes, bool keep) {
  auto demo = GenerateDemoHistory(ctx.env, bytes);
  if (!demo.ok()) return Fail(demo.status().message());
  const DemoHistory& h = demo.value();
  Context demo_ctx = ctx;
  demo_ctx.env = h.env;
  demo_ctx.db_path = h.db_path;
  demo_ctx.scan = true;
  std::string agents;
  for (size_t i = 0; i < h.agents.size(); ++i) {
    agents += (i == 0 ? "" : i + 1 == h.agents.size() ? " and " : ", ") + h.agents[i];
  }
  std::cout << fmt::format("Generated a sample history of {} unique calls from {} ({} KB of "
                           "logs) in {}\n\n",
                           FormatInt(h.calls), agents, h.bytes / 1000, h.dir);
  int rc = RunGroupedCommand(demo_ctx, reports::GroupBy::kDay);
  if (keep) {
    std::cout << fmt::format("\nExplore it: receipts session --db {0} --no-scan\n"
                             "In the dashboard: receipts serve --db {0} --no-scan\n",
                             h.db_path);
  } else {
    RemoveDemoHistory(h);
    std::cout << "\nSee it in the dashboard: receipts serve --demo\n"
                 "(`receipts demo --keep` keeps the sample to explore other reports)\n";
  }
  return rc;
}

namespace {
// Micro-dollars per MTok as text; a negative price is one PRICING.md does not confirm.
std::string Usd(int64_t micro) {
  if (micro < 0) return "?";
  return micro ? fmt::format("{:g}", double(micro) / 1e6) : "-";
}
std::string Day(int64_t ms) { return ms ? format_iso8601_ms(ms).substr(0, 10) : ""; }

void PriceRow(Table& t, const pricing::ModelPrice& p) {
  std::string tier = p.tier_threshold_tokens
                         ? fmt::format(">{}K: {}/{}", p.tier_threshold_tokens / 1000,
                                       Usd(p.tier.input), Usd(p.tier.output))
                         : "";
  std::string fast = p.fast_multiplier_num
                         ? fmt::format("×{:g}", double(p.fast_multiplier_num) / p.fast_multiplier_den)
                         : "";
  t.AddRow({p.model, p.provider, Day(p.valid_from_ms), Day(p.valid_to_ms), Usd(p.base.input),
            Usd(p.base.output), Usd(p.base.cache_write_5m), Usd(p.base.cache_write_1h),
            Usd(p.base.cache_read), tier, fast});
}

Table PriceTable() {
  Table t;
  t.columns = {{"Model", false, 0}, {"Provider", false, 3}, {"From", false, 2}, {"Until", false, 1},
               {"Input", true, 0}, {"Output", true, 0}, {"Write 5m", true, 0}, {"Write 1h", true, 0},
               {"Read", true, 0}, {"Long context", false, 4}, {"Fast", false, 5}};
  return t;
}
}  // namespace

int RunPricingList(const Context& ctx) {
  auto prices = LoadPrices(ctx);
  if (!prices.ok()) return Fail(prices.status().message());
  if (ctx.json) {
    std::cout << reports::PriceTableJson(prices.value(), ctx.config_path).dump(2) << "\n";
    return 0;
  }
  Table t = PriceTable();
  for (const auto& p : prices.value().rows()) PriceRow(t, p);
  std::cout << RenderTable(t, 0, UseColor()) << "USD per million tokens.\n";
  return 0;
}

int RunPricingShow(const Context& ctx, const std::string& model) {
  auto prices = LoadPrices(ctx);
  if (!prices.ok()) return Fail(prices.status().message());
  std::string canonical = prices.value().Canonicalize(model);
  Table t = PriceTable();
  for (const auto& p : prices.value().rows()) {
    if (p.model == canonical) PriceRow(t, p);
  }
  if (t.rows.empty()) {
    return Fail(fmt::format("no price for '{}' (resolved to '{}'); its calls are counted but "
                            "unpriced; add one under [pricing.models] in {}",
                            model, canonical, ctx.config_path));
  }
  std::cout << fmt::format("{} → {}\n", model, canonical) << RenderTable(t, 0, UseColor())
            << "USD per million tokens.\n";
  for (const auto& p : prices.value().rows()) {
    if (p.model == canonical) std::cout << "source: " << p.source << "\n";
  }
  return 0;
}

}  // namespace receipts::cli
