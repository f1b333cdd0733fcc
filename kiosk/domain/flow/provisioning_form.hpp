// Provisioning: the form (typed, or filled by a provisioning QR), the technician PIN on first
// boot, enrolling with the portal and what it answered.
#pragma once

#include <cstdint>
#include <string>
#include <variant>

#include "provisioning.hpp"
#include "step.hpp"
#include "text_entry.hpp"

namespace kiosk {

enum class Enrolment { Editing, Waiting, Failed, Done };

struct ProvisioningForm {
  std::string portal, code, ca, center, pin_new, pin_again;
  ProvisioningError error = ProvisioningError::None;  // of the fields or the scanned QR
  bool pin_mismatch = false;  // the two technician PINs differ (or are too weak)
  Enrolment enrolment = Enrolment::Editing;
  bool queue_waiting = false;            // refused for unsent submissions: offer the export
  std::string terminal_id, center_name;  // Done: who the terminal is now
  std::string error_vi, error_en;        // Failed: the portal's answer, in words
  bool pin_not_kept = false;             // Failed before enrolling: the PIN could not be saved
};

struct RequestProvision {
  bool export_queue;  // move unsent submissions (sealed) to a file first
  std::int64_t now_ms;
};
struct EventProvisioned {
  bool ok;
  bool queue_waiting = false;
  std::string terminal_id, center_name, portal_url;  // ok
  std::string error_vi, error_en;                    // not ok: the portal's answer, in words
  bool pin_not_kept = false;                         // not ok: the technician PIN was not saved
};
using ProvisioningEvent = std::variant<RequestProvision, EventProvisioned>;

// A fresh form (the URL box starts with "https://").
[[nodiscard]] ProvisioningForm fresh_provisioning_form();
[[nodiscard]] std::string* provisioning_text(ProvisioningForm& f, TextField field);
void provisioning_scanned(ProvisioningForm& f, const std::string& payload);
// `allowed`: first boot, or a technician is signed in.
void reduce_provisioning(ProvisioningForm& f, Entry& entry, const ProvisioningEvent& event,
                         Step& step, bool allowed);

}  // namespace kiosk
