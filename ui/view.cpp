#include "view.hpp"

#include "screens/screens.hpp"
#include "theme.hpp"

namespace ui {

void apply_theme() {
  ImGuiStyle& style = ImGui::GetStyle();
  style.WindowPadding = {0, 0};
  style.WindowBorderSize = 0;
  style.WindowRounding = 0;
  style.Colors[ImGuiCol_WindowBg] = ImGui::ColorConvertU32ToFloat4(theme::kBackground);
  style.Colors[ImGuiCol_Text] = ImGui::ColorConvertU32ToFloat4(theme::kText);
  ImGuiIO& io = ImGui::GetIO();
  io.IniFilename = nullptr;  // a kiosk keeps no window layout between runs
  io.LogFilename = nullptr;
}

void draw(const kiosk::State& state, const ViewContext& ctx, FrameOutput& out) {
  const ImVec2 display = ImGui::GetIO().DisplaySize;
  ImGui::SetNextWindowPos({0, 0});
  ImGui::SetNextWindowSize(display);
  ImGui::Begin("screen", nullptr,
               ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                   ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoBringToFrontOnFocus |
                   ImGuiWindowFlags_NoBackground);  // the renderer clears to the same colour
  ImGui::PushFont(ctx.fonts->body);
  using kiosk::Screen;
  const Page page{state.screen, state.shell.lang, state.shell, state.entry};
  const kiosk::RequestPath& r = state.request;
  switch (state.screen) {
    case Screen::Home: screens::home(page, ctx, out); break;
    case Screen::RequestIntro: screens::request_intro(page, ctx, out); break;
    case Screen::RequestAgency: screens::request_agency(page, r, ctx, out); break;
    case Screen::RequestField: screens::request_field(page, r, ctx, out); break;
    case Screen::RequestDecision: screens::request_decision(page, r, ctx, out); break;
    case Screen::RequestQuestion: screens::request_question(page, r, ctx, out); break;
    case Screen::RequestStanding: screens::request_standing(page, r, ctx, out); break;
    case Screen::RequestPersonal: screens::request_personal(page, r, ctx, out); break;
    case Screen::RequestConsent: screens::request_consent(page, ctx, out); break;
    case Screen::RequestSignature: screens::request_signature(page, r, ctx, out); break;
    case Screen::RequestReview: screens::request_review(page, r, ctx, out); break;
    case Screen::RequestReceipt: screens::request_receipt(page, r, ctx, out); break;
    case Screen::Rating: screens::rating(page, state.rating, ctx, out); break;
    case Screen::RatingThanks: screens::rating_thanks(page, ctx, out); break;
    case Screen::AgencyInfo: screens::agencies(page, ctx, out); break;
    case Screen::AgencyDetail: screens::agency_detail(page, state.agencies, ctx, out); break;
    case Screen::StatusLookup: screens::status_lookup(page, state.lookup, ctx, out); break;
    case Screen::StatusResult: screens::status_result(page, state.lookup, ctx, out); break;
    case Screen::PublicAnswers: screens::public_answers(page, ctx, out); break;
    case Screen::StaffPin: screens::staff_pin(page, state.pin, ctx, out); break;
    case Screen::Staff:
      if (state.staff) screens::staff(page, *state.staff, ctx, out);
      break;
    case Screen::Provisioning: screens::provisioning(page, state.provisioning, ctx, out); break;
    case Screen::Technician:
      if (state.technician) screens::technician(page, *state.technician, ctx, out);
      break;
  }
  screens::store_error_banner(page, ctx);
  ImGui::PopFont();
  ImGui::End();
  if (state.shell.idle_warning) {
    ImGui::PushFont(ctx.fonts->body);
    screens::idle_warning(page, ctx, out);
    ImGui::PopFont();
  }
}

}  // namespace ui
