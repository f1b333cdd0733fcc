// Everything a terminal can be told at start, as one plain aggregate with its defaults.
#pragma once

#include <algorithm>
#include <cmath>
#include <string>

#include "flow/shell.hpp"
#include "vietnamese_input.hpp"
#include "words.hpp"

namespace kiosk {

// The receipt printer: how to reach it and its paper.
struct PrinterConfig {
  // "auto": the first /dev/usb/lp*; "usb" (target: a /dev/usb/lp* path), "tcp" (host[:port], 9100
  // by default), "cups" (a CUPS queue name), "file" (appends each job's bytes), "off".
  std::string transport = "auto";
  std::string target;
  int paper_mm = 80;  // 80 or 58
};

// Who takes the requests: printed on every receipt.
struct CentreConfig {
  std::string name_vi = "Trung tâm Phục vụ hành chính công";
  std::string name_en = "Public Administrative Service Centre";
  std::string address;  // printed on receipts
  std::string hotline;  // printed on receipts
  std::string terminal_id = "KIOSK-DEMO";
};

// The terminal's screen and how the window is made.
struct DisplayConfig {
  bool landscape = false;  // portrait 1080×1920 unless told otherwise
  int width = 1080;        // logical pixels the UI is laid out in
  int height = 1920;
  double diagonal_inch = 21.5;  // to turn millimetres into pixels for touch targets
  double window_scale = 0;      // 0: fit the window to the display; 1: one window pixel per logical
  bool fullscreen = false;
  std::string renderer = "auto";  // SDL render driver: auto, software, opengl, opengles2
};

// The portal the terminal syncs with; provisioning fills it.
struct PortalConfig {
  std::string url;         // "https://portal.example.gov.vn": the receipt QR points there
  std::string public_key;  // base64 X25519: personal data is sealed to it
  std::string token;       // bearer token from enrollment; empty: not provisioned
  std::string ca_file;     // the only CA trusted for the portal (PEM)
};

// The devices around the screen.
struct DevicesConfig {
  // The serial 2D scanner: "" finds the first /dev/ttyACM* or /dev/ttyUSB*; "off" uses none (a
  // keyboard-wedge scanner needs no setting).
  std::string scanner_port;
  // The camera that reads QR codes on the status screen: "" uses /dev/video0 when it exists,
  // "off" none, or a device path.
  std::string camera_device;
  PrinterConfig printer;
};

// How the terminal meets a resident: language, keyboard, patience.
struct InputConfig {
  Lang default_lang = Lang::Vi;
  InputMethod input_method = InputMethod::Telex;
  ToneStyle tone_style = ToneStyle::Modern;  // hoà (modern) or hòa (classic)
  IdlePolicy idle;
};

struct KioskConfig {
  CentreConfig centre;
  DisplayConfig display;
  PortalConfig portal;
  DevicesConfig devices;
  InputConfig input;
  std::string state_dir;     // empty: $XDG_STATE_HOME/giaitrinh-kiosk or ~/.local/state/…
  std::string assets_dir;    // empty: found next to the executable or in the install prefix
  std::string catalog_file;  // the catalog to start from until the portal sends one
};

// Pixels per millimetre of the physical screen, from its size in pixels and its diagonal.
[[nodiscard]] inline double pixels_per_mm(int width_px, int height_px, double diagonal_inch) {
  const double diagonal_px = std::sqrt(double(width_px) * width_px + double(height_px) * height_px);
  return diagonal_px / (diagonal_inch * 25.4);
}

// The logical size the UI is laid out in on an output of out_w × out_h pixels: the layout that
// suits the output's shape (landscape when it is wider than tall), scaled so that it fills the
// output exactly (same aspect, so nothing is cut off and no bars are left) with its short side at
// least 1080 and its long side at least what that layout needs (1440 across for landscape, 1600
// down for portrait). 1920×1080 and 1080×1920 map to themselves; 3840×2160 to 1920×1080;
// 1366×768 to 1921×1080; 1280×1024 to 1440×1152.
struct LayoutSize {
  int width = 1080;
  int height = 1920;
  [[nodiscard]] bool landscape() const { return width > height; }
};
inline constexpr int kLayoutShortSide = 1080;
inline constexpr int kLandscapeMinWidth = 1440;
inline constexpr int kPortraitMinHeight = 1600;
[[nodiscard]] inline LayoutSize layout_for_output(int out_w, int out_h) {
  if (out_w <= 0 || out_h <= 0) return {};
  const bool landscape = out_w > out_h;
  const double short_side = landscape ? out_h : out_w;
  const double long_side = landscape ? out_w : out_h;
  const double need_long = landscape ? kLandscapeMinWidth : kPortraitMinHeight;
  const double k = std::max(kLayoutShortSide / short_side, need_long / long_side);
  return {int(std::lround(out_w * k)), int(std::lround(out_h * k))};
}

// The smallest side a touch target may have: 15 mm on the terminal's own screen.
inline constexpr double kMinTouchMm = 15.0;
[[nodiscard]] inline float min_touch_px(const KioskConfig& c) {
  return float(std::ceil(
      kMinTouchMm * pixels_per_mm(c.display.width, c.display.height, c.display.diagonal_inch)));
}

}  // namespace kiosk
