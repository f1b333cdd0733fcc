#include "provisioning_form.hpp"

#include "overloaded.hpp"
#include "pin_policy.hpp"
#include "utf8.hpp"

namespace kiosk {

ProvisioningForm fresh_provisioning_form() {
  ProvisioningForm f;
  f.portal = "https://";
  return f;
}

std::string* provisioning_text(ProvisioningForm& f, TextField field) {
  switch (field) {
    case TextField::ProvPortal: return &f.portal;
    case TextField::ProvCode: return &f.code;
    case TextField::ProvCa: return &f.ca;
    case TextField::ProvCenter: return &f.center;
    case TextField::TechPinNew: return &f.pin_new;
    case TextField::TechPinAgain: return &f.pin_again;
    default: return nullptr;
  }
}

void provisioning_scanned(ProvisioningForm& f, const std::string& payload) {
  const ProvisioningResult p = parse_provisioning_qr(payload);  // a provisioning QR fills the form
  f.error = p.error;
  if (f.enrolment == Enrolment::Failed) f.enrolment = Enrolment::Editing;
  if (p.error != ProvisioningError::None) return;
  f.portal = p.value.portal_url;
  f.code = p.value.code;
  f.ca = p.value.ca_sha256;
  f.center = p.value.center_id;
}

void reduce_provisioning(ProvisioningForm& f, Entry& entry, const ProvisioningEvent& event,
                         Step& step, bool allowed) {
  std::visit(
      Overloaded{
          [&](const RequestProvision& e) {
            if (step.screen != Screen::Provisioning || f.enrolment == Enrolment::Waiting) return;
            if (!allowed) return;
            if (f.enrolment == Enrolment::Failed) f.enrolment = Enrolment::Editing;
            f.queue_waiting = false;
            std::string pin;
            if (!step.shell.technician_pin_set) {  // first boot: the technician chooses a PIN
              f.pin_mismatch = check_new_pin(f.pin_new) != PinShape::Ok || f.pin_new != f.pin_again;
              if (f.pin_mismatch) return;
              pin = f.pin_new;
            }
            const ProvisioningResult p =
                check_provisioning(tidy_spaces(f.portal), tidy_spaces(f.code), tidy_spaces(f.ca),
                                   tidy_spaces(f.center));
            f.error = p.error;
            if (p.error != ProvisioningError::None) return;
            entry.focus = TextField::None;
            f.enrolment = Enrolment::Waiting;
            f.pin_new.clear();
            f.pin_again.clear();
            step.emit(EffectProvision{p.value, pin, e.export_queue});
          },
          [&](const EventProvisioned& e) {
            if (f.enrolment != Enrolment::Waiting) return;
            f.enrolment = e.ok ? Enrolment::Done : Enrolment::Failed;
            f.queue_waiting = e.queue_waiting;
            f.terminal_id = e.terminal_id;
            f.center_name = e.center_name;
            f.error_vi = e.error_vi;
            f.error_en = e.error_en;
            f.pin_not_kept = e.pin_not_kept;
            if (e.ok) f.code.clear();  // spent
          },
      },
      event);
}

}  // namespace kiosk
