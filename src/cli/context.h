// What every command needs, resolved once from the command line and the environment:
// validated filters, the store path, the price book, and the ingest options.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/status.h"
#include "ingest/ingest.h"
#include "ingest/live_config.h"
#include "pricing/pricing.h"
#include "reports/report.h"
#include "store/store.h"

namespace receipts::cli {

struct RawOptions {
  bool json = false, csv = false, breakdown = false, no_scan = false, no_text = false;
  std::string since, until, timezone, project, order = "asc", mode = "auto", agent, db, config;
  std::string start_of_week = "monday";
};

struct Context {
  sources::Environment env;
  reports::Filters filters;
  std::string db_path;
  std::string config_path;
  bool json = false, csv = false, breakdown = false, scan = true;
  bool no_text_flag = false;        // --no-text (the config cannot turn prompt text back on)
  ingest::ConfigSettings settings;  // [attribution] person, [privacy] store_prompt_text
};

// Validates every option; errors name the bad value and what was expected.
Result<Context> ResolveContext(const RawOptions& raw, sources::Environment env);
Result<pricing::PriceBook> LoadPrices(const Context& ctx);
// Opens the store and, unless --no-scan, ingests new bytes first.
Result<store::Store> OpenAndScan(const Context& ctx, const pricing::PriceBook& prices);
// The command line's ingest options with the config file's settings applied.
ingest::IngestOptions MakeIngestOptions(const Context& ctx);

// When no log root of the selected agents exists and the store is empty: the message that says
// where we looked and points to `receipts demo`; nullopt otherwise.
std::optional<std::string> NoLogsMessage(const Context& ctx, store::Store& store);

}  // namespace receipts::cli
