// The reference portal as its own process on a free loopback port, for the benches: started with
// a demo token, ready when it accepts connections, stopped with SIGTERM.
#pragma once

#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <sstream>
#include <string>
#include <thread>

#include "demo.hpp"

inline const std::string kBenchToken = "bench-token-VL01";

inline int free_port() {
  const int s = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bind(s, reinterpret_cast<sockaddr*>(&a), sizeof a);
  socklen_t len = sizeof a;
  getsockname(s, reinterpret_cast<sockaddr*>(&a), &len);
  close(s);
  return ntohs(a.sin_port);
}

struct PortalProcess {
  pid_t pid = -1;
  int port = 0;
  PortalProcess(const std::filesystem::path& dir, const std::filesystem::path& ca,
                const std::string& token) {
    port = free_port();
    const std::string db = (dir / "portal.db").string(), cert = (ca / "server.pem").string(),
                      key = (ca / "server.key").string(), p = std::to_string(port);
    pid = fork();
    if (pid == 0) {
      execl(PORTAL_BINARY, PORTAL_BINARY, "serve", "--db", db.c_str(), "--cert", cert.c_str(),
            "--key", key.c_str(), "--secret-key",
            KIOSK_SOURCE_DIR "/portal/demo/portal_secret_key.b64", "--catalog",
            KIOSK_SHARE_DIR "/demo/catalog.json", "--port", p.c_str(), "--demo-token",
            token.c_str(), "--quiet", static_cast<char*>(nullptr));
      _exit(127);
    }
    // Ready when it accepts a connection.
    for (int i = 0; i < 500; ++i) {
      const int s = socket(AF_INET, SOCK_STREAM, 0);
      sockaddr_in a{};
      a.sin_family = AF_INET;
      a.sin_port = htons(static_cast<std::uint16_t>(port));
      a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
      const bool up = connect(s, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0;
      close(s);
      if (up) return;
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    std::fprintf(stderr, "bench: the portal did not start\n");
    std::exit(1);
  }
  ~PortalProcess() { stop(); }
  void stop() {
    if (pid <= 0) return;
    kill(pid, SIGTERM);
    waitpid(pid, nullptr, 0);
    pid = -1;
  }
  // utime + stime of the process, in seconds.
  [[nodiscard]] double cpu_s() const {
    const std::string s = demo::read_file("/proc/" + std::to_string(pid) + "/stat");
    std::istringstream rest(s.substr(s.rfind(')') + 2));
    std::string field;
    double ticks = 0;
    for (int i = 3; i <= 15 && rest >> field; ++i)
      if (i == 14 || i == 15) ticks += std::stod(field);
    return ticks / double(sysconf(_SC_CLK_TCK));
  }
  [[nodiscard]] std::string url() const { return "https://localhost:" + std::to_string(port); }
};
