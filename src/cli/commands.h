// The commands behind each verb. Each writes to stdout/stderr and returns an exit code.
#pragma once

#include <optional>
#include <string>

#include "cli/context.h"
#include "reports/view.h"

namespace receipts::cli {

int RunGroupedCommand(const Context& ctx, reports::GroupBy by);
int RunSessionCommand(const Context& ctx, const std::string& id);
// token_limit: "" (none), a positive number, or "max" (the largest completed block).
int RunBlocksCommand(const Context& ctx, const std::string& token_limit);
int RunScanCommand(const Context& ctx);
int RunViewCommand(const Context& ctx, const std::string& name, const reports::ViewParams& params);
int RunSqlCommand(const Context& ctx, const std::string& sql);
int RunDoctorCommand(const Context& ctx);
int RunDemoCommand(const Context& ctx, int64_t bytes, bool keep);
int RunPricingList(const Context& ctx);
int RunPricingShow(const Context& ctx, const std::string& model);

// Prints "receipts: <message>" to stderr and returns 1.
int Fail(const std::string& message);

}  // namespace receipts::cli
