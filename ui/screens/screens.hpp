// One function per screen; each draws the state and appends the events the resident caused.
#pragma once

#include "../form.hpp"
#include "../view.hpp"

namespace ui::screens {

void home(const kiosk::State& s, const ViewContext& ctx, FrameOutput& out);
void request_intro(const kiosk::State& s, const ViewContext& ctx, FrameOutput& out);
void request_agency(const kiosk::State& s, const ViewContext& ctx, FrameOutput& out);
void request_field(const kiosk::State& s, const ViewContext& ctx, FrameOutput& out);
void request_decision(const kiosk::State& s, const ViewContext& ctx, FrameOutput& out);
void request_question(const kiosk::State& s, const ViewContext& ctx, FrameOutput& out);
void request_standing(const kiosk::State& s, const ViewContext& ctx, FrameOutput& out);
void request_personal(const kiosk::State& s, const ViewContext& ctx, FrameOutput& out);
void request_consent(const kiosk::State& s, const ViewContext& ctx, FrameOutput& out);
void request_signature(const kiosk::State& s, const ViewContext& ctx, FrameOutput& out);
void request_review(const kiosk::State& s, const ViewContext& ctx, FrameOutput& out);
void request_receipt(const kiosk::State& s, const ViewContext& ctx, FrameOutput& out);
void rating(const kiosk::State& s, const ViewContext& ctx, FrameOutput& out);
void rating_thanks(const kiosk::State& s, const ViewContext& ctx, FrameOutput& out);
void agencies(const kiosk::State& s, const ViewContext& ctx, FrameOutput& out);
void agency_detail(const kiosk::State& s, const ViewContext& ctx, FrameOutput& out);
void status_lookup(const kiosk::State& s, const ViewContext& ctx, FrameOutput& out);
void status_result(const kiosk::State& s, const ViewContext& ctx, FrameOutput& out);
void public_answers(const kiosk::State& s, const ViewContext& ctx, FrameOutput& out);
void staff_pin(const kiosk::State& s, const ViewContext& ctx, FrameOutput& out);
void staff(const kiosk::State& s, const ViewContext& ctx, FrameOutput& out);
void provisioning(const kiosk::State& s, const ViewContext& ctx, FrameOutput& out);
void technician(const kiosk::State& s, const ViewContext& ctx, FrameOutput& out);
void idle_warning(const kiosk::State& s, const ViewContext& ctx, FrameOutput& out);

// Shared pieces of every screen.
float header(const kiosk::State& s, const ViewContext& ctx, FrameOutput& out, const char* title);
void store_error_banner(const kiosk::State& s, const ViewContext& ctx);
// The printer's state in words (green when ready) and a test-page button named `test_button`:
// staff mode's and technician mode's printer tab.
void printer_panel(const kiosk::State& s, const ViewContext& ctx, FrameOutput& out,
                   const FormArea& area, float y, const char* test_button);
[[nodiscard]] float store_error_banner_height(const kiosk::State& s, const ViewContext& ctx);

}  // namespace ui::screens
