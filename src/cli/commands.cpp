// Report commands: resolve, scan, query, render.
#include "cli/commands.h"

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cstdio>
#include <iostream>

#include "cli/render.h"
#include "cli/render_view.h"
#include "core/time.h"
#include "reports/catalog.h"
#include "reports/json.h"

namespace receipts::cli {

int Fail(const std::string& message) {
  std::fprintf(stderr, "receipts: %s\n", message.c_str());
  return 1;
}

namespace {

struct Opened {
  pricing::PriceBook prices;
  store::Store store;
};

Result<Opened> Open(const Context& ctx) {
  auto prices = LoadPrices(ctx);
  if (!prices.ok()) return prices.status();
  auto store = OpenAndScan(ctx, prices.value());
  if (!store.ok()) return store.status();
  return Opened{std::move(prices).value(), std::move(store).value()};
}

}  // namespace

int RunGroupedCommand(const Context& ctx, reports::GroupBy by) {
  auto opened = Open(ctx);
  if (!opened.ok()) return Fail(opened.status().message());
  store::Store& store = opened.value().store;
  if (!ctx.json && !ctx.csv) {
    if (auto msg = NoLogsMessage(ctx, store)) {
      std::fputs(msg->c_str(), stdout);
      return 0;
    }
  }
  auto report = reports::RunGrouped(store, by, ctx.filters);
  if (!report.ok()) return Fail(report.status().message());
  if (ctx.json) {
    std::cout << reports::ToJson(report.value(), ctx.breakdown).dump(2) << "\n";
  } else if (ctx.csv) {
    std::cout << GroupedCsv(report.value(), ctx.breakdown);
  } else if (report.value().groups.empty()) {
    std::cout << "No usage in the selected range.\n"
              << Footer(report.value().unpriced_models, ctx.filters.mode, ctx.filters.zone);
  } else {
    std::cout << GroupedTable(report.value(), ctx.breakdown);
  }
  return 0;
}

int RunViewCommand(const Context& ctx, const std::string& name, const reports::ViewParams& params) {
  const reports::ViewDef* view = reports::FindView(name);
  if (!view) return Fail("unknown report " + name);
  auto opened = Open(ctx);
  if (!opened.ok()) return Fail(opened.status().message());
  auto result = view->run(opened.value().store, ctx.filters, params);
  if (!result.ok()) return Fail(result.status().message());
  if (ctx.json) {
    std::cout << reports::ToJson(result.value()).dump(2) << "\n";
  } else if (ctx.csv) {
    std::cout << ViewCsv(result.value());
  } else {
    std::cout << ViewTable(result.value());
  }
  return 0;
}

int RunSessionCommand(const Context& ctx, const std::string& id) {
  auto opened = Open(ctx);
  if (!opened.ok()) return Fail(opened.status().message());
  auto detail = reports::RunSessionDetail(opened.value().store, id, ctx.filters);
  if (!detail.ok()) return Fail(detail.status().message());
  if (ctx.json) {
    std::cout << reports::ToJson(detail.value()).dump(2) << "\n";
  } else if (ctx.csv) {
    std::cout << SessionCsv(detail.value());
  } else {
    std::cout << SessionTable(detail.value())
              << Footer(detail.value().unpriced_models, ctx.filters.mode, ctx.filters.zone);
  }
  return 0;
}

int RunBlocksCommand(const Context& ctx, const std::string& limit_text) {
  reports::ReportParams limit;
  if (Status s = reports::ParseTokenLimitOption(limit_text, "--token-limit", limit); !s.ok()) {
    return Fail(s.message());
  }
  auto opened = Open(ctx);
  if (!opened.ok()) return Fail(opened.status().message());
  int64_t now = now_utc_ms();
  auto report = reports::RunBlocks(opened.value().store, ctx.filters, now, limit.token_limit,
                                   limit.token_limit_max);
  if (!report.ok()) return Fail(report.status().message());
  if (ctx.json) {
    std::cout << reports::ToJson(report.value()).dump(2) << "\n";
  } else if (ctx.csv) {
    std::cout << BlocksCsv(report.value());
  } else if (report.value().blocks.empty()) {
    std::cout << "No usage in the selected range.\n";
  } else {
    std::cout << BlocksTable(report.value(), ctx.filters.zone);
  }
  return 0;
}

}  // namespace receipts::cli
