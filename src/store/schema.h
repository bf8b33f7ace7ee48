// The numbered migrations of the store schema (documented in docs/SCHEMA.md).
#pragma once

#include <string_view>
#include <vector>

namespace receipts::store {
// Migration i (0-based) brings the schema from version i to i+1.
const std::vector<std::string_view>& Migrations();
}  // namespace receipts::store
