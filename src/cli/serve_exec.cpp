// The `receipts` executable's side of `receipts serve`: it carries no HTTP stack (cpp-httplib,
// and through it OpenSSL, whose initialisation cost ~7 ms at every start of every command, a
// tenth of a warm report), so it runs `receipts-serve`, installed beside it, with the same
// arguments and environment.
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <string>
#include <vector>

#include "cli/serve.h"

namespace receipts::cli {

int ExecServeBinary(int argc, char** argv, const sources::Environment& env) {
  std::error_code ec;
  std::filesystem::path self = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (ec) {
    std::fprintf(stderr, "receipts: cannot find this executable to run %s beside it: %s\n",
                 kServeBinary, ec.message().c_str());
    return 1;
  }
  std::string path = (self.parent_path() / kServeBinary).string();
  std::vector<char*> args;
  std::string arg0 = path;
  args.push_back(arg0.data());
  for (int i = 1; i < argc; ++i) args.push_back(argv[i]);
  args.push_back(nullptr);
  std::vector<std::string> vars;
  for (const auto& [k, v] : env.vars) vars.push_back(k + "=" + v);
  std::vector<char*> envp;
  for (auto& kv : vars) envp.push_back(kv.data());
  envp.push_back(nullptr);
  std::fflush(nullptr);
  ::execve(path.c_str(), args.data(), envp.data());
  std::fprintf(stderr, "receipts: cannot run %s (the dashboard server, installed beside receipts): %s\n",
               path.c_str(), std::strerror(errno));
  return 1;
}

int RunServeCommand(const Context&, const ServeFlags&) {
  std::fprintf(stderr, "receipts: serve runs in %s\n", kServeBinary);  // ExecServeBinary did not return
  return 1;
}

}  // namespace receipts::cli
