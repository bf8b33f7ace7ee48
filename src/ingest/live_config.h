// The config file (`config.toml`) as ingest sees it: the price overrides (pricing::PriceBook)
// and the settings `[attribution] person` and `[privacy] store_prompt_text`. A CLI command reads
// it once. `receipts serve` keeps a LiveConfig, which reads it again whenever it changes
// (core/file_change.h), so an edit made while the dashboard runs applies to the server's next
// ingest as it does to the next CLI command: the same prices (else each side would reprice the
// store back to its own book in turn), the same person, and no prompt text kept once the user
// turned that off.
#pragma once

#include <optional>
#include <string>

#include "core/file_change.h"
#include "core/status.h"
#include "ingest/ingest.h"
#include "pricing/pricing.h"

namespace receipts::ingest {

struct ConfigSettings {
  std::optional<std::string> person;      // [attribution] person
  std::optional<bool> store_prompt_text;  // [privacy] store_prompt_text
};

// The settings of the file at `path` (a missing file sets none). A malformed file is an error
// naming the file, the line and the reason.
Result<ConfigSettings> ReadConfigSettings(const std::string& path);

// `options` with the settings applied over what the command line chose: the configured person
// (else "": git user.email, then the OS user); prompt text kept unless `--no-text` was given or
// the file turns it off.
IngestOptions WithSettings(IngestOptions options, const ConfigSettings& settings,
                           bool no_text_flag);

class LiveConfig {
 public:
  // `prices`, `settings` and `options`: as the process resolved them at start (the options with
  // the settings applied, see WithSettings). An empty `path` = no file: nothing ever changes.
  LiveConfig(std::string path, pricing::PriceBook prices, ConfigSettings settings,
             IngestOptions options, bool no_text_flag);

  // Reads the file again if it changed. Returns true when the prices or the settings changed.
  // A file that cannot be read or parsed changes nothing and returns the error (naming the
  // file) on every call until a later version of it reads cleanly.
  Result<bool> Refresh();

  const pricing::PriceBook& prices() const { return prices_; }
  const IngestOptions& options() const { return options_; }
  const std::string& path() const { return watch_.path(); }

 private:
  FileChangeWatch watch_;
  pricing::PriceBook prices_;
  ConfigSettings settings_;
  IngestOptions options_;
  bool no_text_flag_;
  std::string error_;  // of the last read ("" = it read cleanly)
};

}  // namespace receipts::ingest
