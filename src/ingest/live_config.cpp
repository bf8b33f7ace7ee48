// See live_config.h.
#include "ingest/live_config.h"

#include <fmt/format.h>
#include <toml++/toml.h>

#include <filesystem>
#include <utility>

namespace receipts::ingest {

Result<ConfigSettings> ReadConfigSettings(const std::string& path) {
  ConfigSettings s;
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) return s;
  toml::table t;
  try {
    t = toml::parse_file(path);
  } catch (const toml::parse_error& e) {
    return Status::Error(
        fmt::format("{}: {} (line {})", path, e.description(), e.source().begin.line));
  }
  if (auto person = t["attribution"]["person"].value<std::string>()) s.person = *person;
  if (auto keep = t["privacy"]["store_prompt_text"].value<bool>()) s.store_prompt_text = *keep;
  return s;
}

IngestOptions WithSettings(IngestOptions options, const ConfigSettings& settings,
                           bool no_text_flag) {
  options.person = settings.person.value_or("");
  options.store_text = !no_text_flag && settings.store_prompt_text.value_or(true);
  return options;
}

LiveConfig::LiveConfig(std::string path, pricing::PriceBook prices, ConfigSettings settings,
                       IngestOptions options, bool no_text_flag)
    : watch_(std::move(path)),
      prices_(std::move(prices)),
      settings_(std::move(settings)),
      options_(std::move(options)),
      no_text_flag_(no_text_flag) {}

Result<bool> LiveConfig::Refresh() {
  if (watch_.path().empty()) return false;
  if (!watch_.Changed()) {
    if (!error_.empty()) return Status::Error(error_);
    return false;
  }
  pricing::PriceBook prices = pricing::PriceBook::Bundled();
  Status read = prices.ApplyOverridesFile(watch_.path());
  auto settings = ReadConfigSettings(watch_.path());
  if (read.ok() && !settings.ok()) read = settings.status();
  if (!read.ok()) {
    error_ = read.message();
    return read;
  }
  error_.clear();
  const ConfigSettings& s = settings.value();
  bool changed = prices.Fingerprint() != prices_.Fingerprint() || s.person != settings_.person ||
                 s.store_prompt_text != settings_.store_prompt_text;
  prices_ = std::move(prices);
  settings_ = s;
  options_ = WithSettings(std::move(options_), settings_, no_text_flag_);
  return changed;
}

}  // namespace receipts::ingest
