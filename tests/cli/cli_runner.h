// Runs the receipts binary with a synthetic environment (env -i: never the real home) and
// captures stdout, stderr and the exit code.
#pragma once

#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <fstream>
#include <map>
#include <sstream>
#include <string>

namespace receipts::testing {

struct CliOutput {
  int code = 0;
  std::string out, err;
};

inline CliOutput RunCli(const std::string& args, const std::map<std::string, std::string>& env,
                        const std::string& scratch_dir) {
  std::string cmd = "env -i TZ=UTC COLUMNS=200 NO_COLOR=1";
  for (const auto& [k, v] : env) cmd += " " + k + "='" + v + "'";
  cmd += std::string(" ") + RECEIPTS_BINARY + " " + args + " 2>" + scratch_dir + "/stderr";
  CliOutput o;
  FILE* p = ::popen(cmd.c_str(), "r");
  std::array<char, 4096> buf;
  size_t n;
  while ((n = std::fread(buf.data(), 1, buf.size(), p)) > 0) o.out.append(buf.data(), n);
  int status = ::pclose(p);
  o.code = WEXITSTATUS(status);
  std::ifstream err(scratch_dir + "/stderr");
  std::stringstream ss;
  ss << err.rdbuf();
  o.err = ss.str();
  return o;
}

}  // namespace receipts::testing
