#include "printing.hpp"

#include <nlohmann/json.hpp>

#include "escpos.hpp"
#include "log.hpp"
#include "printer.hpp"
#include "receipt_render.hpp"
#include "store.hpp"

namespace app {

using kiosk::PrinterState;

kiosk::PrintHeader print_header(const kiosk::KioskConfig& c) {
  kiosk::PrintHeader h;
  h.center_name = c.centre.name_vi;
  h.center_address = c.centre.address;
  h.hotline = c.centre.hotline;
  h.terminal_id = c.centre.terminal_id;
  return h;
}

device::Paper paper_of(const kiosk::KioskConfig& c) {
  return c.devices.printer.paper_mm == 58 ? device::Paper::Mm58 : device::Paper::Mm80;
}

std::string masked_requester_json(const kiosk::RequestDraft& d) {
  const std::string phone = d.personal.phone.empty() ? "" : kiosk::mask_phone(d.personal.phone);
  return nlohmann::json{{"name", kiosk::mask_name(d.personal.full_name)}, {"phone", phone}}.dump();
}

std::expected<kiosk::Printout, std::string> printout_of(const offline::PrintJob& job,
                                                        const kiosk::PrintHeader& header,
                                                        std::string_view printed_at) {
  if (job.kind != offline::PrintKind::Receipt) return kiosk::parse_printout(job.facts);
  auto facts = kiosk::parse_receipt_facts(job.facts);
  if (!facts) return std::unexpected(facts.error());
  const auto requester = nlohmann::json::parse(job.requester, nullptr, false);
  if (requester.is_object()) {
    facts->requester_masked = requester.value("name", "");
    facts->phone_masked = requester.value("phone", "");
  }
  return kiosk::receipt_printout(*facts, header, printed_at);
}

PrintWorker::PrintWorker(std::filesystem::path db_file, kiosk::KioskConfig config,
                         std::function<void(const PrintOutcome&)> done,
                         std::function<void(PrinterState)> state_changed)
    : db_file_(std::move(db_file)),
      config_(std::move(config)),
      done_(std::move(done)),
      state_changed_(std::move(state_changed)) {
  thread_ = std::thread([this] { run(); });
}

PrintWorker::~PrintWorker() {
  {
    std::lock_guard lock(mutex_);
    stop_ = true;
  }
  cv_.notify_all();
  thread_.join();
}

void PrintWorker::wake() {
  {
    std::lock_guard lock(mutex_);
    wake_ = true;
  }
  cv_.notify_all();
}

std::string PrintWorker::describe() const {
  std::lock_guard lock(mutex_);
  return describe_;
}

void PrintWorker::run() {
  auto store = offline::Store::open(db_file_);
  auto opened = device::open_printer(config_.devices.printer);
  std::unique_ptr<device::PrinterTransport> printer;
  std::string description = "off";
  if (opened && *opened) {
    printer = std::move(*opened);
    description = printer->describe();
  } else if (!opened) {
    description = "config: " + opened.error();
    log_error("printer: %s", opened.error().c_str());
  }
  std::unique_ptr<device::PrintFonts> fonts;
  if (auto f = device::PrintFonts::open(config_.assets_dir + "/fonts"); f) {
    fonts = std::move(*f);
  } else {
    log_error("printer: %s", f.error().c_str());
  }
  {
    std::lock_guard lock(mutex_);
    describe_ = description;
  }
  const kiosk::PrintHeader header = print_header(config_);
  const device::Paper paper = paper_of(config_);
  if (fonts && printer) device::warm_up(*fonts, paper);
  auto set_state = [&](PrinterState s) {
    if (state_.exchange(s) == s) return;
    if (store)  // for the heartbeat, which the sync thread sends
      (void)offline::set_setting(*store, "printer.state", kiosk::printer_state_id(s));
    if (state_changed_) state_changed_(s);
  };
  set_state(!printer ? (opened ? PrinterState::Disabled : PrinterState::Error) : printer->status());

  while (true) {
    {
      std::unique_lock lock(mutex_);
      cv_.wait_for(lock, std::chrono::seconds(30), [&] { return wake_ || stop_; });
      if (stop_) return;
      wake_ = false;
    }
    if (!store) continue;
    // Every queued job, oldest first; a failure fails that job and the ones behind it wait for
    // the next wake (staff's reprint or a new receipt), not for a printer that is still out.
    while (true) {
      auto taken = offline::take_print_job(*store);
      if (!taken) {
        log_error("printer: store: %s", taken.error().detail.c_str());
        break;
      }
      if (!*taken) break;
      const offline::PrintJob& job = **taken;
      PrintOutcome outcome{job.id, job.kind, job.case_code, false, PrinterState::Unknown, ""};
      const auto now = std::chrono::system_clock::now();
      auto printout = printout_of(job, header, kiosk::rfc3339_vietnam(now));
      if (!printer) {
        outcome.state = opened ? PrinterState::Disabled : PrinterState::Error;
        outcome.detail = description;
      } else if (!printout || !fonts) {
        outcome.state = PrinterState::Error;
        outcome.detail = !printout ? printout.error() : "fonts missing";
      } else {
        const auto bytes = device::encode_escpos(device::render_printout(*printout, *fonts, paper));
        if (auto sent = printer->send(bytes); sent) {
          outcome.printed = true;
          outcome.state = PrinterState::Ready;
        } else {
          outcome.state = sent.error().state;
          outcome.detail = sent.error().detail;
        }
      }
      set_state(outcome.state);
      const std::string error =
          outcome.printed
              ? ""
              : std::string(kiosk::printer_state_id(outcome.state)) + ": " + outcome.detail;
      if (auto r = offline::finish_print_job(*store, job.id, outcome.printed, error, now); !r)
        log_error("printer: store: %s", r.error().detail.c_str());
      if (outcome.printed)
        log_info("printer: job %lld (%s) printed", static_cast<long long>(job.id),
                 std::string(offline::print_kind_id(job.kind)).c_str());
      else
        log_error("printer: job %lld (%s) failed: %s", static_cast<long long>(job.id),
                  std::string(offline::print_kind_id(job.kind)).c_str(), error.c_str());
      if (done_) done_(outcome);
    }
    if (printer) set_state(printer->status());
  }
}

}  // namespace app
