// One function per screen; each takes the page (language, shell, text entry) and its own area's
// state, draws it, and appends the events the user caused.
#pragma once

#include "../form.hpp"
#include "../view.hpp"

namespace ui::screens {

void home(const Page& s, const ViewContext& ctx, FrameOutput& out);
void request_intro(const Page& s, const ViewContext& ctx, FrameOutput& out);
void request_agency(const Page& s, const kiosk::RequestPath& r, const ViewContext& ctx,
                    FrameOutput& out);
void request_field(const Page& s, const kiosk::RequestPath& r, const ViewContext& ctx,
                   FrameOutput& out);
void request_decision(const Page& s, const kiosk::RequestPath& r, const ViewContext& ctx,
                      FrameOutput& out);
void request_question(const Page& s, const kiosk::RequestPath& r, const ViewContext& ctx,
                      FrameOutput& out);
void request_standing(const Page& s, const kiosk::RequestPath& r, const ViewContext& ctx,
                      FrameOutput& out);
void request_personal(const Page& s, const kiosk::RequestPath& r, const ViewContext& ctx,
                      FrameOutput& out);
void request_consent(const Page& s, const ViewContext& ctx, FrameOutput& out);
void request_signature(const Page& s, const kiosk::RequestPath& r, const ViewContext& ctx,
                       FrameOutput& out);
void request_review(const Page& s, const kiosk::RequestPath& r, const ViewContext& ctx,
                    FrameOutput& out);
void request_receipt(const Page& s, const kiosk::RequestPath& r, const ViewContext& ctx,
                     FrameOutput& out);
void rating(const Page& s, const kiosk::RatingForm& r, const ViewContext& ctx, FrameOutput& out);
void rating_thanks(const Page& s, const ViewContext& ctx, FrameOutput& out);
void agencies(const Page& s, const ViewContext& ctx, FrameOutput& out);
void agency_detail(const Page& s, const kiosk::AgencyPages& a, const ViewContext& ctx,
                   FrameOutput& out);
void status_lookup(const Page& s, const kiosk::StatusLookup& l, const ViewContext& ctx,
                   FrameOutput& out);
void status_result(const Page& s, const kiosk::StatusLookup& l, const ViewContext& ctx,
                   FrameOutput& out);
void public_answers(const Page& s, const ViewContext& ctx, FrameOutput& out);
void staff_pin(const Page& s, const kiosk::PinEntry& p, const ViewContext& ctx, FrameOutput& out);
void staff(const Page& s, const kiosk::StaffDesk& d, const ViewContext& ctx, FrameOutput& out);
void provisioning(const Page& s, const kiosk::ProvisioningForm& f, const ViewContext& ctx,
                  FrameOutput& out);
void technician(const Page& s, const kiosk::TechnicianDesk& t, const ViewContext& ctx,
                FrameOutput& out);
void idle_warning(const Page& s, const ViewContext& ctx, FrameOutput& out);

// Shared pieces of every screen.
float header(const Page& s, const ViewContext& ctx, FrameOutput& out, const char* title);
void store_error_banner(const Page& s, const ViewContext& ctx);
// The printer's state in words (green when ready) and a test-page button named `test_button`:
// staff mode's and technician mode's printer tab.
void printer_panel(const Page& s, const ViewContext& ctx, FrameOutput& out, const FormArea& area,
                   float y, const char* test_button);
[[nodiscard]] float store_error_banner_height(const Page& s, const ViewContext& ctx);

}  // namespace ui::screens
