// A serial 2D scanner (/dev/ttyACM*, /dev/ttyUSB*): a thread that opens the port raw (termios),
// reads lines (CR or LF ends a scan), hands each to a callback, and when the scanner is unplugged
// waits and opens it again. Nothing it reads is logged: a scan may carry a lookup token.
#pragma once

#include <atomic>
#include <chrono>
#include <filesystem>
#include <functional>
#include <string>
#include <thread>
#include <vector>

namespace device {

struct SerialScannerConfig {
  // A device path, or empty: the first of /dev/ttyACM* and /dev/ttyUSB* that opens.
  std::filesystem::path port;
  int baud = 9600;
  std::chrono::milliseconds retry{1000};  // between attempts to (re)open
  std::size_t max_line = 4096;            // longer lines are noise: dropped
};

enum class ScannerState { Searching, Connected };

class SerialScanner {
 public:
  using OnScan = std::function<void(std::string)>;
  using OnState = std::function<void(ScannerState, const std::string& port)>;

  SerialScanner(SerialScannerConfig config, OnScan on_scan, OnState on_state = {});
  ~SerialScanner();  // stops and joins
  SerialScanner(const SerialScanner&) = delete;
  SerialScanner& operator=(const SerialScanner&) = delete;

  void start();
  void stop();

 private:
  void loop();
  [[nodiscard]] int open_port(std::string& opened) const;

  SerialScannerConfig config_;
  OnScan on_scan_;
  OnState on_state_;
  std::atomic<bool> stop_{false};
  int wake_[2] = {-1, -1};  // a pipe: stop() interrupts poll()
  std::thread thread_;
};

// The candidate ports on this machine, in order.
[[nodiscard]] std::vector<std::filesystem::path> serial_scanner_ports();

}  // namespace device
