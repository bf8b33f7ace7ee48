// The JSON shape of each report (ccusage-compatible, DESIGN.md §1), shared by every surface
// that speaks JSON. Costs are USD numbers; exact integer nano-dollars ride along in
// `*CostNanos` fields.
#pragma once

#include <nlohmann/json.hpp>

#include "reports/report.h"

namespace receipts::reports {

nlohmann::ordered_json ToJson(const GroupedReport& report, bool breakdown);
nlohmann::ordered_json ToJson(const SessionDetail& detail);
nlohmann::ordered_json ToJson(const BlocksReport& report);

// nanos → USD as a JSON number (exact up to double precision: 2^53 nanos ≈ $9M).
double NanosToUsd(int64_t nanos);

}  // namespace receipts::reports
