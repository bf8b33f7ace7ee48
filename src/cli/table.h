// Terminal tables (box drawing, fits the terminal width by dropping optional columns) and
// CSV, plus human number formatting. Pure functions; thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace receipts::cli {

struct Column {
  std::string header;
  bool right = true;       // right-aligned (numbers)
  int drop_priority = 0;   // > 0: may be dropped to fit, highest first
};

struct Table {
  std::vector<Column> columns;
  std::vector<std::vector<std::string>> rows;
  std::vector<bool> separator_before;  // per row: draw a rule above it (totals)
  void AddRow(std::vector<std::string> row, bool separator = false) {
    rows.push_back(std::move(row));
    separator_before.push_back(separator);
  }
};

// Renders with box drawing; width 0 = the terminal's (COLUMNS, ioctl, else 120).
std::string RenderTable(const Table& table, int width = 0, bool color = false);
std::string RenderCsv(const std::vector<std::string>& header,
                      const std::vector<std::vector<std::string>>& rows);

std::string FormatInt(int64_t value);             // 1,234,567
std::string FormatUsd(int64_t nanos);             // $1,234.57 (rounded half up to cents)
std::string FormatUsdExact(int64_t nanos);        // 1234.567891234 (all nine decimals trimmed)
int TerminalWidth();
bool UseColor();

}  // namespace receipts::cli
