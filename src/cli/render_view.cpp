// See render_view.h.
#include "cli/render_view.h"

#include <fmt/format.h>

#include "cli/render.h"
#include "cli/table.h"
#include "core/time.h"

namespace receipts::cli {
namespace {
using reports::ColType;
using reports::Value;

std::string Cell(const reports::ColumnDef& c, const Value& v, const Zone& zone, bool csv) {
  if (std::holds_alternative<std::monostate>(v)) return "";
  if (auto* s = std::get_if<std::string>(&v)) return *s;
  if (auto* d = std::get_if<double>(&v)) return csv ? fmt::format("{:.4f}", *d) : fmt::format("{:.1f}%", *d);
  int64_t i = std::get<int64_t>(v);
  switch (c.type) {
    case ColType::kNanos: return csv ? FormatUsdExact(i) : FormatUsd(i);
    case ColType::kBytes: return csv ? std::to_string(i) : FormatBytes(i);
    case ColType::kTime: {
      if (csv) return format_iso8601_ms(i);
      std::string local = format_iso8601_ms(i + zone.offset_ms(i));
      return local.substr(0, 10) + " " + local.substr(11, 5);
    }
    default: return csv ? std::to_string(i) : FormatInt(i);
  }
}

}  // namespace

std::string FormatBytes(int64_t b) {
  if (b < 1024) return fmt::format("{} B", b);
  if (b < 1024 * 1024) return fmt::format("{:.1f} KB", b / 1024.0);
  if (b < 1024LL * 1024 * 1024) return fmt::format("{:.1f} MB", b / (1024.0 * 1024));
  return fmt::format("{:.2f} GB", b / (1024.0 * 1024 * 1024));
}

std::string ViewTable(const reports::ViewResult& v) {
  Zone zone = Zone::Find(v.zone).value_or(Zone::Utc());
  Table t;
  for (const auto& c : v.columns) {
    bool right = c.type != ColType::kText && c.type != ColType::kTime;
    t.columns.push_back({c.header, right, c.drop_priority});
  }
  for (const auto& r : v.rows) {
    std::vector<std::string> cells;
    for (size_t i = 0; i < v.columns.size(); ++i) {
      cells.push_back(i < r.cells.size() ? Cell(v.columns[i], r.cells[i], zone, false) : "");
    }
    t.AddRow(std::move(cells));
  }
  if (!v.totals.empty()) {
    std::vector<std::string> cells;
    for (size_t i = 0; i < v.columns.size(); ++i) {
      cells.push_back(i < v.totals.size() ? Cell(v.columns[i], v.totals[i], zone, false) : "");
    }
    t.AddRow(std::move(cells), true);
  }
  std::string out;
  for (const auto& n : v.notes) {
    if (n.rfind("Session ", 0) == 0) out += n + "\n";
  }
  if (v.rows.empty()) {
    out += "Nothing to show for the selected range.\n";
  } else {
    out += RenderTable(t, 0, UseColor());
  }
  for (const auto& n : v.notes) {
    if (n.rfind("Session ", 0) != 0) out += n + "\n";
  }
  bool money = false;
  for (const auto& c : v.columns) money |= c.type == ColType::kNanos;
  if (money) out += Footer(v.unpriced_models, v.mode, v.zone);
  return out;
}

std::string ViewCsv(const reports::ViewResult& v) {
  Zone zone = Zone::Utc();
  std::vector<std::string> header;
  for (const auto& c : v.columns) {
    header.push_back(c.type == ColType::kNanos ? c.key.substr(0, c.key.size() - 5) + "Usd" : c.key);
  }
  std::vector<std::vector<std::string>> rows;
  auto add = [&](const std::vector<Value>& cells) {
    std::vector<std::string> row;
    for (size_t i = 0; i < v.columns.size(); ++i) {
      row.push_back(i < cells.size() ? Cell(v.columns[i], cells[i], zone, true) : "");
    }
    rows.push_back(std::move(row));
  };
  for (const auto& r : v.rows) add(r.cells);
  if (!v.totals.empty()) add(v.totals);
  return RenderCsv(header, rows);
}

}  // namespace receipts::cli
