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
  switch (state.screen) {
    case Screen::Home: screens::home(state, ctx, out); break;
    case Screen::RequestIntro: screens::request_intro(state, ctx, out); break;
    case Screen::RequestAgency: screens::request_agency(state, ctx, out); break;
    case Screen::RequestField: screens::request_field(state, ctx, out); break;
    case Screen::RequestDecision: screens::request_decision(state, ctx, out); break;
    case Screen::RequestQuestion: screens::request_question(state, ctx, out); break;
    case Screen::RequestStanding: screens::request_standing(state, ctx, out); break;
    case Screen::RequestPersonal: screens::request_personal(state, ctx, out); break;
    case Screen::RequestConsent: screens::request_consent(state, ctx, out); break;
    case Screen::RequestSignature: screens::request_signature(state, ctx, out); break;
    case Screen::RequestReview: screens::request_review(state, ctx, out); break;
    case Screen::RequestReceipt: screens::request_receipt(state, ctx, out); break;
    case Screen::Rating: screens::rating(state, ctx, out); break;
    case Screen::RatingThanks: screens::rating_thanks(state, ctx, out); break;
    case Screen::AgencyInfo: screens::agencies(state, ctx, out); break;
    case Screen::AgencyDetail: screens::agency_detail(state, ctx, out); break;
    case Screen::StatusLookup: screens::status_lookup(state, ctx, out); break;
    case Screen::StatusResult: screens::status_result(state, ctx, out); break;
    case Screen::PublicAnswers: screens::public_answers(state, ctx, out); break;
    case Screen::StaffPin: screens::staff_pin(state, ctx, out); break;
    case Screen::Staff: screens::staff(state, ctx, out); break;
    case Screen::Provisioning: screens::provisioning(state, ctx, out); break;
    case Screen::Technician: screens::technician(state, ctx, out); break;
  }
  screens::store_error_banner(state, ctx);
  ImGui::PopFont();
  ImGui::End();
  if (state.idle_warning) {
    ImGui::PushFont(ctx.fonts->body);
    screens::idle_warning(state, ctx, out);
    ImGui::PopFont();
  }
}

}  // namespace ui
