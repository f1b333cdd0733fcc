#include "serial_scanner.hpp"

#include <fcntl.h>
#include <poll.h>
#include <termios.h>
#include <unistd.h>
#include <cerrno>

#include <algorithm>

namespace device {

namespace {

speed_t speed_of(int baud) {
  switch (baud) {
    case 4800: return B4800;
    case 19200: return B19200;
    case 38400: return B38400;
    case 57600: return B57600;
    case 115200: return B115200;
    default: return B9600;
  }
}

}  // namespace

std::vector<std::filesystem::path> serial_scanner_ports() {
  std::vector<std::filesystem::path> out;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator("/dev", ec)) {
    const std::string name = entry.path().filename().string();
    if (name.rfind("ttyACM", 0) == 0 || name.rfind("ttyUSB", 0) == 0) out.push_back(entry.path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

SerialScanner::SerialScanner(SerialScannerConfig config, OnScan on_scan, OnState on_state)
    : config_(std::move(config)), on_scan_(std::move(on_scan)), on_state_(std::move(on_state)) {}

SerialScanner::~SerialScanner() {
  stop();
}

void SerialScanner::start() {
  if (thread_.joinable()) return;
  stop_ = false;
  if (pipe2(wake_, O_CLOEXEC | O_NONBLOCK) != 0) return;
  thread_ = std::thread([this] { loop(); });
}

void SerialScanner::stop() {
  stop_ = true;
  if (wake_[1] >= 0) {
    const char c = 0;
    (void)!write(wake_[1], &c, 1);
  }
  if (thread_.joinable()) thread_.join();
  for (int& fd : wake_)
    if (fd >= 0) {
      close(fd);
      fd = -1;
    }
}

int SerialScanner::open_port(std::string& opened) const {
  std::vector<std::filesystem::path> candidates;
  if (config_.port.empty())
    candidates = serial_scanner_ports();
  else
    candidates.push_back(config_.port);
  for (const auto& p : candidates) {
    const int fd = open(p.c_str(), O_RDONLY | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) continue;
    termios t{};
    if (tcgetattr(fd, &t) == 0) {  // raw: bytes as they come, no echo, no line editing
      cfmakeraw(&t);
      cfsetispeed(&t, speed_of(config_.baud));
      cfsetospeed(&t, speed_of(config_.baud));
      t.c_cflag |= CLOCAL | CREAD;
      tcsetattr(fd, TCSANOW, &t);
    }
    opened = p.string();
    return fd;
  }
  return -1;
}

void SerialScanner::loop() {
  bool announced_search = false;
  while (!stop_) {
    std::string port;
    const int fd = open_port(port);
    if (fd < 0) {
      if (!announced_search && on_state_) on_state_(ScannerState::Searching, "");
      announced_search = true;
      pollfd w{wake_[0], POLLIN, 0};
      poll(&w, 1, static_cast<int>(config_.retry.count()));
      continue;
    }
    announced_search = false;
    if (on_state_) on_state_(ScannerState::Connected, port);
    std::string line;
    bool dropping = false;  // inside an over-long line: skip to its end
    while (!stop_) {
      pollfd fds[2] = {{fd, POLLIN, 0}, {wake_[0], POLLIN, 0}};
      if (poll(fds, 2, -1) < 0) continue;
      if (fds[1].revents) break;
      if (fds[0].revents & (POLLHUP | POLLERR | POLLNVAL)) {
        // Data may still be waiting behind a hangup: read it first.
        if (!(fds[0].revents & POLLIN)) break;
      }
      char buf[512];
      const ssize_t n = read(fd, buf, sizeof buf);
      if (n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR)) break;  // unplugged
      for (ssize_t i = 0; i < n; ++i) {
        const char c = buf[i];
        if (c == '\r' || c == '\n') {
          if (!dropping && !line.empty()) on_scan_(line);
          line.clear();
          dropping = false;
        } else if (line.size() >= config_.max_line) {
          line.clear();
          dropping = true;
        } else if (!dropping) {
          line.push_back(c);
        }
      }
    }
    close(fd);
    if (!stop_ && on_state_) on_state_(ScannerState::Searching, "");
    announced_search = true;
  }
}

}  // namespace device
