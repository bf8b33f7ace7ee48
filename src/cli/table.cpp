// See table.h.
#include "cli/table.h"

#include <sys/ioctl.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <fmt/format.h>

namespace receipts::cli {
namespace {

size_t DisplayWidth(const std::string& s) {
  size_t w = 0;
  for (unsigned char c : s) {
    if ((c & 0xC0) != 0x80) ++w;  // count UTF-8 lead bytes only
  }
  return w;
}

std::string Pad(const std::string& s, size_t width, bool right) {
  size_t w = DisplayWidth(s);
  if (w >= width) return s;
  std::string pad(width - w, ' ');
  return right ? pad + s : s + pad;
}

std::string Rule(const std::vector<size_t>& widths, const char* l, const char* m, const char* r) {
  std::string out = l;
  for (size_t i = 0; i < widths.size(); ++i) {
    for (size_t k = 0; k < widths[i] + 2; ++k) out += "─";
    out += i + 1 < widths.size() ? m : r;
  }
  return out + "\n";
}

}  // namespace

int TerminalWidth() {
  if (const char* cols = std::getenv("COLUMNS")) {
    int c = std::atoi(cols);
    if (c > 20) return c;
  }
  struct winsize ws{};
  if (::isatty(STDOUT_FILENO) && ::ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 20) {
    return ws.ws_col;
  }
  return 120;
}

bool UseColor() {
  const char* no_color = std::getenv("NO_COLOR");
  return (!no_color || !*no_color) && ::isatty(STDOUT_FILENO);
}

std::string RenderTable(const Table& table, int width, bool color) {
  if (width <= 0) width = TerminalWidth();
  std::vector<size_t> keep;
  for (size_t i = 0; i < table.columns.size(); ++i) keep.push_back(i);
  auto widths_for = [&](const std::vector<size_t>& cols) {
    std::vector<size_t> w;
    for (size_t c : cols) {
      size_t m = DisplayWidth(table.columns[c].header);
      for (const auto& row : table.rows) m = std::max(m, c < row.size() ? DisplayWidth(row[c]) : 0);
      w.push_back(m);
    }
    return w;
  };
  auto total = [](const std::vector<size_t>& w) {
    size_t t = 1;
    for (size_t x : w) t += x + 3;
    return t;
  };
  std::vector<size_t> widths = widths_for(keep);
  while (total(widths) > static_cast<size_t>(width)) {
    auto victim = std::max_element(keep.begin(), keep.end(), [&](size_t a, size_t b) {
      return table.columns[a].drop_priority < table.columns[b].drop_priority;
    });
    if (victim == keep.end() || table.columns[*victim].drop_priority == 0) break;
    keep.erase(victim);
    widths = widths_for(keep);
  }
  std::string out = Rule(widths, "┌", "┬", "┐");
  std::string header = "│";
  for (size_t i = 0; i < keep.size(); ++i) {
    std::string h = Pad(table.columns[keep[i]].header, widths[i], false);
    header += " " + (color ? "\033[36m" + h + "\033[0m" : h) + " │";
  }
  out += header + "\n" + Rule(widths, "├", "┼", "┤");
  for (size_t r = 0; r < table.rows.size(); ++r) {
    if (table.separator_before[r]) out += Rule(widths, "├", "┼", "┤");
    std::string line = "│";
    for (size_t i = 0; i < keep.size(); ++i) {
      const auto& row = table.rows[r];
      std::string cell = keep[i] < row.size() ? row[keep[i]] : "";
      line += " " + Pad(cell, widths[i], table.columns[keep[i]].right) + " │";
    }
    out += line + "\n";
  }
  out += Rule(widths, "└", "┴", "┘");
  return out;
}

std::string RenderCsv(const std::vector<std::string>& header,
                      const std::vector<std::vector<std::string>>& rows) {
  auto quote = [](const std::string& s) {
    if (s.find_first_of(",\"\n\r") == std::string::npos) return s;
    std::string q = "\"";
    for (char c : s) q += c == '"' ? std::string("\"\"") : std::string(1, c);
    return q + "\"";
  };
  std::string out;
  auto line = [&](const std::vector<std::string>& cells) {
    for (size_t i = 0; i < cells.size(); ++i) out += (i ? "," : "") + quote(cells[i]);
    out += "\n";
  };
  line(header);
  for (const auto& r : rows) line(r);
  return out;
}

std::string FormatInt(int64_t v) {
  std::string digits = std::to_string(v < 0 ? -v : v);
  std::string out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return v < 0 ? "-" + out : out;
}

std::string FormatUsd(int64_t nanos) {
  bool neg = nanos < 0;
  int64_t a = neg ? -nanos : nanos;
  int64_t cents = (a + 5'000'000) / 10'000'000;
  return fmt::format("{}${}.{:02d}", neg ? "-" : "", FormatInt(cents / 100), cents % 100);
}

std::string FormatUsdExact(int64_t nanos) {
  bool neg = nanos < 0;
  int64_t a = neg ? -nanos : nanos;
  std::string frac = fmt::format("{:09d}", a % 1'000'000'000);
  while (frac.size() > 2 && frac.back() == '0') frac.pop_back();
  return fmt::format("{}{}.{}", neg ? "-" : "", a / 1'000'000'000, frac);
}

}  // namespace receipts::cli
