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
                   ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoBringToFrontOnFocus);
  ImGui::PushFont(ctx.fonts->body);
  switch (state.screen) {
    case kiosk::Screen::Home: screens::home(state, ctx, out); break;
    case kiosk::Screen::RequestIntro:
    case kiosk::Screen::StatusLookup:
    case kiosk::Screen::Rating:
    case kiosk::Screen::AgencyInfo: screens::coming_soon(state, ctx, out); break;
    default: screens::coming_soon(state, ctx, out); break;
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
