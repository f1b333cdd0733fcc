// The pieces every form screen is made of: the content area beside the on-screen keyboard, text
// boxes that take focus, the keyboard itself (Telex/VNI/plain letters, digits, dates, e-mail),
// choice buttons, the primary action, and problems put in words.
#pragma once

#include <string>

#include "view.hpp"

namespace ui {

// Where a form screen may draw: below the header, above or beside the keyboard.
struct FormArea {
  float left, top, right, bottom;
  [[nodiscard]] float width() const { return right - left; }
};

// Draws the header (title, back, cancel, language) and the keyboard when a box has focus;
// returns the area left for the screen's own content.
FormArea form_frame(const Page& s, const ViewContext& ctx, FrameOutput& out, const char* title);

// A labelled text box; tapping it gives it the keyboard. `lines` > 1 wraps and shows the end.
// Returns the height used (label, box, problem or warning line).
float text_box(const Page& s, const ViewContext& ctx, FrameOutput& out, kiosk::TextField field,
               const std::string& text, const char* label, ImVec2 pos, float width, int lines = 1);

// A large choice (agency, field, aspect, standing, rating): `selected` draws it filled.
bool choice_button(const ViewContext& ctx, FrameOutput& out, const char* name, const char* label,
                   ImVec2 pos, ImVec2 size, bool selected, const char* hint = nullptr);

// The primary action ("Tiếp tục", "Gửi yêu cầu") across the bottom of the area.
// Returns the y where it starts.
float primary_button(const ViewContext& ctx, FrameOutput& out, const char* name, const char* label,
                     const FormArea& area, bool busy = false);
[[nodiscard]] float primary_button_height(const ViewContext& ctx);

// A secondary action across `width` at y (white, outlined); true when tapped and not `busy`.
bool secondary_button(const ViewContext& ctx, FrameOutput& out, const char* name, const char* label,
                      float left, float y, float width, bool busy = false);
[[nodiscard]] float secondary_button_height(const ViewContext& ctx);

// A problem or warning line in red/amber, wrapped; returns its height (0 when none).
float problem_line(const ViewContext& ctx, kiosk::Problem p, kiosk::Lang lang, ImVec2 pos,
                   float width);
[[nodiscard]] const char* problem_text(kiosk::Problem p, kiosk::Lang lang);
[[nodiscard]] const char* warning_text(kiosk::Warning w, kiosk::Lang lang);

// A list too long for the screen, shown a page at a time with "Trang trước" / "Trang sau" (a
// touch screen with no drag-to-scroll in ImGui 1.86). Calls draw_item(index, pos) for the items of
// the current page, each `item_h` high, from `top` down to `bottom`.
template <class DrawItem>
void paged_list(const Page& s, const ViewContext& ctx, FrameOutput& out, float left, float width,
                float top, float bottom, float item_h, int count, DrawItem&& draw_item);
// The page navigation row; returns the number of items per page for the given space.
int page_layout(const Page& s, const ViewContext& ctx, FrameOutput& out, float left, float width,
                float top, float bottom, float item_h, int count, int& first);

template <class DrawItem>
void paged_list(const Page& s, const ViewContext& ctx, FrameOutput& out, float left, float width,
                float top, float bottom, float item_h, int count, DrawItem&& draw_item) {
  int first = 0;
  const int per_page = page_layout(s, ctx, out, left, width, top, bottom, item_h, count, first);
  for (int i = first; i < count && i < first + per_page; ++i)
    draw_item(i, ImVec2{left, top + float(i - first) * (item_h + 16)});
}

// "Bước 3/9" for the request path's steps.
float step_line(const Page& s, const ViewContext& ctx, ImVec2 pos);

}  // namespace ui
