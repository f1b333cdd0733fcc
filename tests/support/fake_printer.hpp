// A network receipt printer on loopback (raw TCP, as port 9100 printers speak): answers DLE EOT
// status queries with the paper and cover state the test sets, and records every job's bytes.
#pragma once

#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <cstdint>
#include <mutex>
#include <thread>
#include <vector>

namespace testsupport {

class FakeNetworkPrinter {
 public:
  std::atomic<bool> paper_out{false};
  std::atomic<bool> cover_open{false};
  std::atomic<bool> answers_status{true};  // a printer that ignores DLE EOT stays silent

  FakeNetworkPrinter() {
    listener_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::bind(listener_, reinterpret_cast<sockaddr*>(&a), sizeof a);
    socklen_t len = sizeof a;
    ::getsockname(listener_, reinterpret_cast<sockaddr*>(&a), &len);
    port = ntohs(a.sin_port);
    ::listen(listener_, 8);
    thread_ = std::thread([this] { serve(); });
  }
  ~FakeNetworkPrinter() {
    stop_ = true;
    thread_.join();
    ::close(listener_);
  }
  FakeNetworkPrinter(const FakeNetworkPrinter&) = delete;
  FakeNetworkPrinter& operator=(const FakeNetworkPrinter&) = delete;

  int port = 0;

  [[nodiscard]] std::vector<std::vector<std::uint8_t>> jobs() {
    std::lock_guard lock(mutex_);
    return jobs_;
  }
  [[nodiscard]] int connections() {
    std::lock_guard lock(mutex_);
    return connections_;
  }

 private:
  void serve() {
    while (!stop_) {
      pollfd p{listener_, POLLIN, 0};
      if (::poll(&p, 1, 50) <= 0) continue;
      const int fd = ::accept4(listener_, nullptr, nullptr, SOCK_CLOEXEC);
      if (fd < 0) continue;
      handle(fd);
      ::close(fd);
    }
  }

  // Status queries first (answered at once); whatever else comes is the job, until the client
  // closes its side.
  void handle(int fd) {
    std::vector<std::uint8_t> job;
    std::uint8_t buf[65536];
    bool in_job = false;
    {
      std::lock_guard lock(mutex_);
      ++connections_;
    }
    while (!stop_) {
      pollfd p{fd, POLLIN, 0};
      if (::poll(&p, 1, 2000) <= 0) break;
      const ssize_t n = ::recv(fd, buf, sizeof buf, 0);
      if (n <= 0) break;
      std::size_t i = 0;
      while (!in_job && i + 2 < std::size_t(n) && buf[i] == 0x10 && buf[i + 1] == 0x04) {
        const std::uint8_t which = buf[i + 2];
        std::uint8_t answer = 0x12;  // the fixed bits: all well
        if (which == 2 && cover_open) answer |= 0x04;
        if (which == 2 && paper_out) answer |= 0x20;
        if (which == 4 && paper_out) answer |= 0x60;
        if (which == 1 && (paper_out || cover_open)) answer |= 0x08;  // offline
        if (answers_status) (void)!::send(fd, &answer, 1, MSG_NOSIGNAL);
        i += 3;
      }
      if (i < std::size_t(n)) in_job = true;
      job.insert(job.end(), buf + i, buf + n);
    }
    if (!job.empty()) {
      std::lock_guard lock(mutex_);
      jobs_.push_back(std::move(job));
    }
  }

  int listener_ = -1;
  std::atomic<bool> stop_{false};
  std::thread thread_;
  std::mutex mutex_;
  std::vector<std::vector<std::uint8_t>> jobs_;
  int connections_ = 0;
};

}  // namespace testsupport
