// Table and CSV renderings of a generic view (reports/view.h); JSON is reports::ToJson.
#pragma once

#include <string>

#include "reports/view.h"

namespace receipts::cli {
std::string ViewTable(const reports::ViewResult& v);
std::string ViewCsv(const reports::ViewResult& v);
std::string FormatBytes(int64_t bytes);
}  // namespace receipts::cli
