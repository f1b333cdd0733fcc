// Paper for the app: the header every slip carries, queued jobs turned into printouts, and the
// printer thread that takes jobs from the store's print queue, renders and sends them.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <expected>
#include <filesystem>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

#include "config.hpp"
#include "print_queue.hpp"
#include "printout.hpp"
#include "raster.hpp"
#include "request.hpp"

namespace app {

[[nodiscard]] kiosk::PrintHeader print_header(const kiosk::KioskConfig& c);
[[nodiscard]] device::Paper paper_of(const kiosk::KioskConfig& c);
// {"name": "Nguyễn *** An", "phone": "0912 *** 678"}: all a receipt shows of the requester.
[[nodiscard]] std::string masked_requester_json(const kiosk::RequestDraft& draft);
// The printout a queued job stands for, as it prints now.
[[nodiscard]] std::expected<kiosk::Printout, std::string> printout_of(
    const offline::PrintJob& job, const kiosk::PrintHeader& header, std::string_view printed_at);

struct PrintOutcome {
  std::int64_t job_id = 0;
  offline::PrintKind kind = offline::PrintKind::Receipt;
  std::string case_code;
  bool printed = false;
  kiosk::PrinterState state = kiosk::PrinterState::Unknown;
  std::string detail;  // for staff and logs: the transport's words, no job content
};

// The printer thread: its own store connection; wakes when told a job was queued, and every
// 30 s to read the printer's state. Results arrive through `done` on this thread.
class PrintWorker {
 public:
  PrintWorker(std::filesystem::path db_file, kiosk::KioskConfig config,
              std::function<void(const PrintOutcome&)> done,
              std::function<void(kiosk::PrinterState)> state_changed);
  ~PrintWorker();
  PrintWorker(const PrintWorker&) = delete;
  PrintWorker& operator=(const PrintWorker&) = delete;

  void wake();
  [[nodiscard]] kiosk::PrinterState state() const { return state_.load(); }
  [[nodiscard]] std::string describe() const;

 private:
  void run();
  std::filesystem::path db_file_;
  kiosk::KioskConfig config_;
  std::function<void(const PrintOutcome&)> done_;
  std::function<void(kiosk::PrinterState)> state_changed_;
  std::atomic<kiosk::PrinterState> state_{kiosk::PrinterState::Unknown};
  mutable std::mutex mutex_;
  std::condition_variable cv_;
  bool wake_ = false, stop_ = false;
  std::string describe_;
  std::thread thread_;
};

}  // namespace app
