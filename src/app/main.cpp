// receipts: spend analytics for AI coding agents. Thin entry point.
#include "cli/app.h"

int main(int argc, char** argv) {
  return receipts::cli::Run(argc, argv, receipts::sources::Environment::FromProcess());
}
