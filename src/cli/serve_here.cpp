// The `receipts-serve` executable's side of `receipts serve`: it carries the HTTP stack and
// serves in this process (serve.cpp).
#include "cli/serve.h"

namespace receipts::cli {

int ExecServeBinary(int, char**, const sources::Environment&) { return -1; }

}  // namespace receipts::cli
