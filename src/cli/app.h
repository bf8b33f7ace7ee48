// The command-line surface: parses argv with CLI11 and dispatches to one command.
// Returns the process exit code (0 ok, 1 runtime error, 2 bad usage).
#pragma once

#include "sources/source.h"

namespace receipts::cli {
int Run(int argc, char** argv, const sources::Environment& env);
}  // namespace receipts::cli
