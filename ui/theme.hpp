// Colours and measures shared by the screens. High contrast: white text on these fills is ≥ 4.5:1.
#pragma once

#include <imgui.h>

namespace ui::theme {

inline constexpr ImU32 rgb(unsigned r, unsigned g, unsigned b, unsigned a = 255) {
  return IM_COL32(r, g, b, a);
}

inline constexpr ImU32 kBackground = rgb(0xF3, 0xF5, 0xF8);
inline constexpr ImU32 kHeader = rgb(0x0B, 0x3D, 0x6E);
inline constexpr ImU32 kHeaderText = rgb(0xFF, 0xFF, 0xFF);
inline constexpr ImU32 kText = rgb(0x1A, 0x1F, 0x2B);
inline constexpr ImU32 kMutedText = rgb(0x4A, 0x55, 0x68);
inline constexpr ImU32 kTileRequest = rgb(0x0B, 0x5C, 0xAD);
inline constexpr ImU32 kTileStatus = rgb(0x0F, 0x6E, 0x56);
inline constexpr ImU32 kTileRating = rgb(0x9A, 0x46, 0x08);
inline constexpr ImU32 kTileAgencies = rgb(0x5B, 0x3F, 0xA8);
inline constexpr ImU32 kButton = rgb(0xFF, 0xFF, 0xFF);
inline constexpr ImU32 kButtonBorder = rgb(0x0B, 0x3D, 0x6E);
inline constexpr ImU32 kOnline = rgb(0x0F, 0x6E, 0x56);
inline constexpr ImU32 kOffline = rgb(0x9A, 0x46, 0x08);
inline constexpr ImU32 kError = rgb(0xB3, 0x26, 0x1E);
inline constexpr ImU32 kScrim = rgb(0x00, 0x00, 0x00, 0xA0);

inline constexpr float kMargin = 48.0f;
inline constexpr float kGap = 28.0f;
inline constexpr float kRounding = 18.0f;

}  // namespace ui::theme
