// The app's paper and staff mode: receipts' print jobs, the status slip, the PIN check, and what
// the staff screen shows and does. Part of App (app.hpp); the loop is in app.cpp.
#include <chrono>

#include "app.hpp"
#include "log.hpp"
#include "outbox.hpp"
#include "pins.hpp"
#include "print_queue.hpp"

namespace app {

using kiosk::PrinterState;

namespace {

constexpr int kStaffJobsShown = 30;

std::string today_iso() {
  return kiosk::format_iso_date(kiosk::vietnam_date(std::chrono::system_clock::now()));
}

}  // namespace

offline::PrintJobInput App::receipt_job(const kiosk::Receipt& receipt,
                                        const kiosk::RequestDraft& draft) const {
  kiosk::ReceiptFacts facts;
  facts.receipt = receipt;
  if (catalog_) {
    if (const kiosk::Agency* a = catalog_->agency(receipt.agency_id))
      facts.agency_name = a->name.vi;
    if (const kiosk::Field* f = catalog_->field(receipt.field_id)) facts.field_name = f->name.vi;
  }
  facts.status_url =
      kiosk::status_url(options_.config.portal.url, receipt.code, receipt.lookup_token);
  return {offline::PrintKind::Receipt, receipt.code, kiosk::receipt_facts_json(facts),
          masked_requester_json(draft)};
}

void App::start_printer() {
  if (printer_ || !store_ || !options_.screenshot.empty()) return;
  // Paper must not come out of an unattended printer long after its resident left.
  if (auto n = offline::fail_interrupted_print_jobs(*store_); n && *n > 0)
    log_info("printer: %d interrupted job(s) wait for staff", *n);
  printer_ = std::make_unique<PrintWorker>(
      store_file(), options_.config,
      [this](const PrintOutcome& o) {
        queue_.post([this, o] {
          dispatch(kiosk::EventPrinted{std::string(offline::print_kind_id(o.kind)), o.case_code,
                                       o.printed, o.state});
        });
      },
      [this](PrinterState) {
        queue_.post([this] {
          if (printer_)
            dispatch(kiosk::EventPrinterState{{printer_->state(), printer_->describe()}});
        });
      });
}

void App::print_status_slip(const kiosk::EffectPrintStatusSlip& fx) {
  const auto now = std::chrono::system_clock::now();
  const std::string url =
      fx.token.empty() ? "" : kiosk::status_url(options_.config.portal.url, fx.code, fx.token);
  const kiosk::WorkingDayCalendar calendar =
      catalog_ ? catalog_->calendar : kiosk::WorkingDayCalendar{};
  kiosk::CaseView view = fx.view;  // the paper names the body and field in the catalog's words
  if (catalog_) {
    if (const kiosk::Agency* a = catalog_->agency(view.agency_id)) view.agency_name = a->name.vi;
    if (const kiosk::Field* f = catalog_->field(view.field_id)) view.field_name = f->name.vi;
  }
  const kiosk::Printout slip =
      kiosk::status_slip_printout(view, url, print_header(options_.config),
                                  kiosk::rfc3339_vietnam(now), kiosk::vietnam_date(now), calendar);
  if (!store_ || !printer_) {
    dispatch(kiosk::EventPrinted{"status_slip", fx.view.code, false,
                                 printer_ ? PrinterState::Error : PrinterState::Disabled});
    return;
  }
  auto queued = offline::enqueue_print(
      *store_, {offline::PrintKind::StatusSlip, fx.view.code, kiosk::printout_json(slip), ""}, now);
  if (!queued) {
    log_error("printer: cannot queue a status slip: %s", queued.error().detail.c_str());
    dispatch(kiosk::EventPrinted{"status_slip", fx.view.code, false, PrinterState::Error});
    return;
  }
  printer_->wake();
}

namespace {

// One PIN box for both roles. A PIN that is one role's is checked as that role's (its lockout
// applies, its count resets); a PIN that is neither counts as a wrong try for both, so guessing
// one role's PIN is throttled like the other's.
kiosk::EventPinChecked check_either_pin(offline::Store& store, const std::string& pin,
                                        std::chrono::system_clock::time_point now) {
  using offline::PinRole;
  // Each hash is verified once (Argon2id is slow on purpose); the counts follow the match.
  for (PinRole role : {PinRole::Technician, PinRole::Staff}) {
    if (!offline::pin_matches(store, role, pin)) continue;
    const auto c = offline::record_pin_try(store, role, true, now);
    return {c.verdict,
            role == PinRole::Technician ? kiosk::PinRole::Technician : kiosk::PinRole::Staff,
            c.tries_left, c.wait_s};
  }
  kiosk::EventPinChecked out{kiosk::PinVerdict::NotSet, kiosk::PinRole::Staff, 99, 0};
  for (PinRole role : {PinRole::Staff, PinRole::Technician}) {
    const auto c = offline::record_pin_try(store, role, false, now);
    if (c.verdict == kiosk::PinVerdict::NotSet) continue;
    if (c.verdict == kiosk::PinVerdict::Unavailable)
      return {c.verdict, kiosk::PinRole::Staff, 0, 0};
    if (out.verdict != kiosk::PinVerdict::Locked) out.verdict = c.verdict;  // Wrong or Locked
    out.wait_s = std::max(out.wait_s, c.wait_s);
    out.tries_left = std::min(out.tries_left, c.tries_left);
  }
  if (out.verdict == kiosk::PinVerdict::NotSet) out.tries_left = 0;
  return out;
}

}  // namespace

void App::check_pin(const std::string& pin) {
  pin_job_.start(queue_, [this, pin = pin, file = store_file()]() mutable -> UiQueue::Task {
    kiosk::EventPinChecked result{kiosk::PinVerdict::Unavailable, kiosk::PinRole::Staff, 0, 0};
    if (auto store = offline::Store::open(file)) {
      result = check_either_pin(*store, pin, std::chrono::system_clock::now());
    }
    std::fill(pin.begin(), pin.end(), '\0');
    log_info("PIN (%s): %s", result.role == kiosk::PinRole::Technician ? "technician" : "staff",
             result.verdict == kiosk::PinVerdict::Ok       ? "accepted"
             : result.verdict == kiosk::PinVerdict::Wrong  ? "wrong"
             : result.verdict == kiosk::PinVerdict::Locked ? "locked"
             : result.verdict == kiosk::PinVerdict::NotSet ? "not set"
                                                           : "unavailable");
    return [this, result] { dispatch(result); };
  });
}

void App::load_staff(kiosk::StaffNotice notice) {
  if (!state_.staff) return;
  kiosk::StaffOverview o;
  if (store_) {
    if (auto today = offline::cases_of_day(*store_, today_iso())) o.today = std::move(*today);
    if (auto jobs = offline::recent_print_jobs(*store_, kStaffJobsShown))
      for (const offline::PrintJob& j : *jobs)
        o.jobs.push_back({j.id, std::string(offline::print_kind_id(j.kind)), j.case_code, j.state,
                          j.last_error, j.created_at});
    if (auto rows = offline::attention_rows(*store_))
      for (const offline::AttentionRow& a : *rows)
        o.attention.push_back({a.case_code, a.kind, a.created_at, a.reason});
  }
  dispatch(kiosk::EventStaffData{std::move(o), std::move(notice)});
}

void App::reprint(const kiosk::EffectReprint& fx) {
  if (!store_) return;
  bool queued = false;
  std::string what = fx.case_code;
  if (fx.job_id != 0) {
    queued = offline::requeue_print_job(*store_, fx.job_id).value_or(false);
    what = "#" + std::to_string(fx.job_id);
  } else if (auto id = offline::reprint_receipt(*store_, fx.case_code); id && *id) {
    queued = true;
  }
  if (queued && printer_) printer_->wake();
  log_info("staff: reprint %s %s", what.c_str(), queued ? "queued" : "not found");
  load_staff({queued ? kiosk::StaffNote::Queued : kiosk::StaffNote::NoSuchReceipt, what, {}, {}});
}

void App::staff_print(kiosk::StaffPrint what) {
  if (!store_) return;
  const auto now = std::chrono::system_clock::now();
  const kiosk::PrintHeader header = print_header(options_.config);
  offline::PrintJobInput job;
  if (what == kiosk::StaffPrint::TestPage) {
    job.kind = offline::PrintKind::Test;
    job.facts = kiosk::printout_json(kiosk::test_page_printout(
        header, printer_ ? printer_->describe() : "off", kiosk::rfc3339_vietnam(now)));
  } else {
    job.kind = offline::PrintKind::Summary;
    const std::string day = today_iso();
    job.facts = kiosk::printout_json(kiosk::daily_summary_printout(
        kiosk::vietnam_date(now),
        offline::cases_of_day(*store_, day).value_or(std::vector<kiosk::DayCase>{}),
        offline::failed_prints_of_day(*store_, day).value_or(0), header,
        kiosk::rfc3339_vietnam(now)));
  }
  if (auto queued = offline::enqueue_print(*store_, job, now); !queued) {
    log_error("printer: cannot queue: %s", queued.error().detail.c_str());
    load_staff(
        {kiosk::StaffNote::CannotQueue, {}, queued.error().message_vi, queued.error().message_en});
    return;
  }
  if (printer_) printer_->wake();
  load_staff({what == kiosk::StaffPrint::TestPage ? kiosk::StaffNote::PrintingTest
                                                  : kiosk::StaffNote::PrintingSummary,
              {},
              {},
              {}});
}

}  // namespace app
