// Receipt printer transports: a file (tests, debugging), /dev/usb/lp*, raw TCP 9100, a CUPS queue.
// Each sends a job's ESC/POS bytes and reads the printer's state where the transport allows.
#pragma once

#include <cstdint>
#include <expected>
#include <memory>
#include <span>
#include <string>

#include "config.hpp"
#include "printout.hpp"

namespace device {

struct PrintFailure {
  kiosk::PrinterState state = kiosk::PrinterState::Error;
  std::string detail;  // for staff and logs (no job content)
};

class PrinterTransport {
 public:
  virtual ~PrinterTransport() = default;
  // The printer's state now; Unknown when the transport cannot ask.
  [[nodiscard]] virtual kiosk::PrinterState status() = 0;
  // Checks the state where it can be read, then sends the job: a printer known to be out of paper
  // or open is not sent to, so the job stays whole in the queue.
  [[nodiscard]] virtual std::expected<void, PrintFailure> send(
      std::span<const std::uint8_t> bytes) = 0;
  [[nodiscard]] virtual std::string describe() const = 0;  // "tcp 10.0.0.5:9100"
};

// The transport the configuration names; "off" (or "auto" with no USB printer) gives nullptr.
[[nodiscard]] std::expected<std::unique_ptr<PrinterTransport>, std::string> open_printer(
    const kiosk::PrinterConfig& config);

}  // namespace device
