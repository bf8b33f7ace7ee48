// Text renderings (table and CSV) of the report rows; JSON lives in reports/json.h.
#pragma once

#include <string>

#include "reports/report.h"

namespace receipts::cli {

std::string GroupedTable(const reports::GroupedReport& r, bool breakdown);
std::string GroupedCsv(const reports::GroupedReport& r, bool breakdown);
std::string SessionTable(const reports::SessionDetail& d);
std::string SessionCsv(const reports::SessionDetail& d);
std::string BlocksTable(const reports::BlocksReport& r, const std::string& zone);
std::string BlocksCsv(const reports::BlocksReport& r);
// Footer lines: cost mode, zone, unpriced models (never a silent $0).
std::string Footer(const std::vector<std::string>& unpriced_models, reports::CostMode mode,
                   const std::string& zone);

}  // namespace receipts::cli
