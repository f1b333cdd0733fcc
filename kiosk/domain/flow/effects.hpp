// Effects: what the app must do after a reduction. One flat set, so the app's runner visits it
// exhaustively: an effect added here and not run there is a compile error.
#pragma once

#include <cstdint>
#include <string>
#include <variant>

#include "case_view.hpp"
#include "provisioning.hpp"
#include "request.hpp"
#include "words.hpp"

namespace kiosk {

struct EffectWipeSession {};  // forget everything the resident entered
struct EffectWakeAt {
  std::int64_t at_ms;
};  // the next moment a Tick is needed
struct EffectRedraw {};
struct EffectSubmitRequest {
  RequestDraft draft;
};  // commit to the outbox, then answer EventSubmitted or EventSubmitFailed
struct EffectSubmitRating {
  RatingDraft rating;
};  // commit to the outbox, then answer EventRatingSaved or EventRatingFailed
struct EffectLookupStatus {
  std::string code, token;
  std::string phone4;  // instead of the token: the last 4 digits of the phone (online only)
};  // outbox, then the portal (short timeout), then the cache; answer EventLookupDone
struct EffectPrintStatusSlip {
  CaseView view;
  std::string code, token;  // the QR's status URL when the token is known
};
struct EffectCheckPin {
  std::string pin;
};                          // answer EventPinChecked
struct EffectLoadStaff {};  // answer EventStaffData
struct EffectReprint {
  std::int64_t job_id;
  std::string case_code;  // when job_id is 0
};                        // queue it again, then EventStaffData with a note
struct EffectStaffPrint {
  StaffPrint what;
};
struct EffectLoadTechInfo {};  // answer EventTechInfo
struct EffectCheckNetwork {};  // answer EventNetworkChecked
struct EffectProvision {
  Provisioning target;
  std::string technician_pin;  // first boot: set it before enrolling
  bool export_queue = false;
};  // answer EventProvisioned

using Effect = std::variant<EffectWipeSession, EffectWakeAt, EffectRedraw, EffectSubmitRequest,
                            EffectSubmitRating, EffectLookupStatus, EffectPrintStatusSlip,
                            EffectCheckPin, EffectLoadStaff, EffectReprint, EffectStaffPrint,
                            EffectLoadTechInfo, EffectCheckNetwork, EffectProvision>;

}  // namespace kiosk
