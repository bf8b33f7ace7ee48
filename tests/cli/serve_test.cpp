// `receipts serve` as a process (what `make run` starts): it scans, prints the URL, answers, and
// stops cleanly on SIGTERM. `--open` never fails: on a machine with no display, or with no
// xdg-open, it says so and the printed URL stands. The environment is synthetic (HOME is a temp
// dir, no DISPLAY): never the real home, never a real browser.
#include <fcntl.h>
#include <httplib.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <functional>
#include <regex>
#include <string>
#include <vector>

#include "support/test_support.h"

namespace receipts::testing {
namespace {

struct Proc {
  pid_t pid = -1;
  int out = -1, err = -1;
  Proc() = default;
  Proc(Proc&& o) noexcept : pid(o.pid), out(o.out), err(o.err) { o.pid = o.out = o.err = -1; }
  // A failed assertion must not leave the server running.
  ~Proc() {
    if (pid > 0 && ::waitpid(pid, nullptr, WNOHANG) == 0) {
      ::kill(pid, SIGKILL);
      ::waitpid(pid, nullptr, 0);
    }
    if (out >= 0) ::close(out);
    if (err >= 0) ::close(err);
  }
};

Proc Spawn(const std::vector<std::string>& args, const std::vector<std::string>& env) {
  int out[2], err[2];
  EXPECT_EQ(::pipe(out), 0);
  EXPECT_EQ(::pipe(err), 0);
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_adddup2(&fa, out[1], STDOUT_FILENO);
  posix_spawn_file_actions_adddup2(&fa, err[1], STDERR_FILENO);
  posix_spawn_file_actions_addclose(&fa, out[0]);
  posix_spawn_file_actions_addclose(&fa, err[0]);
  std::vector<char*> argv, envp;
  for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  for (const auto& e : env) envp.push_back(const_cast<char*>(e.c_str()));
  envp.push_back(nullptr);
  Proc p;
  EXPECT_EQ(posix_spawn(&p.pid, argv[0], &fa, nullptr, argv.data(), envp.data()), 0);
  posix_spawn_file_actions_destroy(&fa);
  ::close(out[1]);
  ::close(err[1]);
  p.out = out[0];
  p.err = err[0];
  return p;
}

// Reads `fd` into `buf` until `done(buf)` or `timeout` passes.
bool ReadUntil(int fd, std::string& buf, const std::function<bool(const std::string&)>& done,
               std::chrono::seconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!done(buf)) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) return false;
    pollfd pfd{fd, POLLIN, 0};
    if (::poll(&pfd, 1, static_cast<int>(left.count())) <= 0) continue;
    char chunk[4096];
    ssize_t n = ::read(fd, chunk, sizeof chunk);
    if (n <= 0) return done(buf);
    buf.append(chunk, static_cast<size_t>(n));
  }
  return true;
}

class ServeTest : public ::testing::Test {
 protected:
  // Starts serve --open --port 0 and returns its stderr up to the --open line, with the port.
  void ServeOpen(const std::vector<std::string>& extra_env, const std::string& want_open_line) {
    std::vector<std::string> env = {"HOME=" + tmp_.str(), "TZ=UTC", "XDG_DATA_HOME=" + tmp_.str() + "/data",
                                    "XDG_CONFIG_HOME=" + tmp_.str() + "/config"};
    env.insert(env.end(), extra_env.begin(), extra_env.end());
    Proc p = Spawn({RECEIPTS_BINARY, "serve", "--open", "--port", "0"}, env);
    std::string out, err;
    std::smatch m;
    const std::regex url(R"(receipts dashboard: (http://127\.0\.0\.1:(\d+)/)\n)");
    auto has_url = [&](const std::string& b) { return std::regex_search(b, url); };
    ASSERT_TRUE(ReadUntil(p.out, out, has_url, std::chrono::seconds(60))) << out;
    std::regex_search(out, m, url);
    std::string link = m[1];
    int port = std::stoi(m[2]);
    std::string want = std::regex_replace(want_open_line, std::regex("URL"), link);
    auto has_line = [&](const std::string& b) { return b.find(want) != std::string::npos; };
    EXPECT_TRUE(ReadUntil(p.err, err, has_line, std::chrono::seconds(10))) << err << "\nwanted: " << want;
    // It serves, and the page says where it looked (no logs here).
    httplib::Client c("127.0.0.1", port);
    auto r = c.Get("/api/v1/status");
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 200);
    EXPECT_NE(r->body.find("\"sources\":[{\"agent\":\"claude\",\"found\":false"), std::string::npos) << r->body;
    ::kill(p.pid, SIGTERM);
    int status = 0;
    ASSERT_EQ(::waitpid(p.pid, &status, 0), p.pid);
    p.pid = -1;
    EXPECT_TRUE(WIFEXITED(status));
    EXPECT_EQ(WEXITSTATUS(status), 0);
  }
  TempDir tmp_;
};

TEST_F(ServeTest, OpenWithoutADisplayPrintsTheUrl) {
  ServeOpen({"PATH=/usr/bin:/bin"},
            "receipts: --open: no display to open a browser on; open URL in a browser\n");
}

TEST_F(ServeTest, OpenWithoutXdgOpenPrintsTheUrl) {
  // A display, but no xdg-open on PATH (an empty directory).
  std::filesystem::create_directories(tmp_.path() / "bin");
  ServeOpen({"DISPLAY=:99", "PATH=" + tmp_.str() + "/bin"},
            "receipts: --open: xdg-open is not installed; open URL in a browser\n");
}

// Stderr says whether new log lines are watched for: not with --no-scan.
TEST_F(ServeTest, SaysWhetherItWatches) {
  std::vector<std::string> env = {"HOME=" + tmp_.str(), "TZ=UTC", "PATH=/usr/bin:/bin",
                                  "XDG_DATA_HOME=" + tmp_.str() + "/data",
                                  "XDG_CONFIG_HOME=" + tmp_.str() + "/config"};
  for (bool scan : {true, false}) {
    std::vector<std::string> args = {RECEIPTS_BINARY, "serve", "--port", "0"};
    if (!scan) args.push_back("--no-scan");
    Proc p = Spawn(args, env);
    std::string err;
    const std::string want = scan ? "watching for new log lines every 3 s; Ctrl-C to stop\n"
                                  : "serving the store as it is (--no-scan: no new log lines are read); "
                                    "Ctrl-C to stop\n";
    auto has = [&](const std::string& b) { return b.find(want) != std::string::npos; };
    EXPECT_TRUE(ReadUntil(p.err, err, has, std::chrono::seconds(30))) << err;
    EXPECT_EQ(err.find(scan ? "--no-scan" : "watching"), std::string::npos) << err;
    ::kill(p.pid, SIGTERM);
    int status = 0;
    ASSERT_EQ(::waitpid(p.pid, &status, 0), p.pid);
    p.pid = -1;
  }
}

// `receipts` carries no HTTP stack: its `serve` runs `receipts-serve` from its own directory
// (the process that answers, above). Without it, a clear error and exit code 1.
TEST_F(ServeTest, ServeRunsTheServerExecutableBesideReceipts) {
  FILE* ldd = ::popen((std::string("ldd ") + RECEIPTS_BINARY).c_str(), "r");
  ASSERT_NE(ldd, nullptr);
  std::string libs;
  char buf[4096];
  for (size_t n; (n = std::fread(buf, 1, sizeof buf, ldd)) > 0;) libs.append(buf, n);
  EXPECT_EQ(::pclose(ldd), 0);
  EXPECT_NE(libs.find("libsqlite3"), std::string::npos) << libs;  // ldd did list the libraries
  EXPECT_EQ(libs.find("httplib"), std::string::npos) << libs;
  EXPECT_EQ(libs.find("libssl"), std::string::npos) << libs;

  std::filesystem::path alone = tmp_.path() / "alone";
  std::filesystem::create_directories(alone);
  std::filesystem::copy_file(RECEIPTS_BINARY, alone / "receipts");
  Proc p = Spawn({(alone / "receipts").string(), "serve", "--port", "0"},
                 {"HOME=" + tmp_.str(), "PATH=/usr/bin:/bin"});
  std::string err;
  ReadUntil(p.err, err, [](const std::string&) { return false; }, std::chrono::seconds(10));  // EOF
  ::kill(p.pid, SIGKILL);  // (a no-op once it has exited, as it should have)
  int status = 0;
  ASSERT_EQ(::waitpid(p.pid, &status, 0), p.pid);
  p.pid = -1;
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 1) << status;
  EXPECT_EQ(err, "receipts: cannot run " + (alone / "receipts-serve").string() +
                     " (the dashboard server, installed beside receipts): No such file or directory\n");
}

}  // namespace
}  // namespace receipts::testing
