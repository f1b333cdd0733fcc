// Lays a Printout out on paper and draws it into a 1-bit raster with the kiosk's own Noto Sans
// (FreeType), so Vietnamese never depends on a printer's code pages; the QR with libqrencode.
#pragma once

#include <expected>
#include <memory>
#include <string>
#include <vector>

#include "printout.hpp"
#include "raster.hpp"

namespace device {

// The two faces, opened once; glyphs are cached per size, so a printer thread keeps one.
class PrintFonts {
 public:
  // fonts_dir holds NotoSans-Regular.ttf and NotoSans-Bold.ttf.
  [[nodiscard]] static std::expected<std::unique_ptr<PrintFonts>, std::string> open(
      const std::string& fonts_dir);
  ~PrintFonts();
  PrintFonts(const PrintFonts&) = delete;
  PrintFonts& operator=(const PrintFonts&) = delete;

  struct Impl;
  [[nodiscard]] Impl& impl() { return *impl_; }

 private:
  explicit PrintFonts(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// One line of text where it lands: for layout checks (nothing past the paper's edge).
struct LaidLine {
  std::string text;
  kiosk::BlockStyle style;
  int x = 0, y = 0;   // top-left, in dots
  int width = 0;      // ink advance, in dots
  int max_width = 0;  // the room the line had
  int pixel_size = 0;
};

[[nodiscard]] std::vector<LaidLine> lay_out(const kiosk::Printout& p, PrintFonts& fonts,
                                            Paper paper);
[[nodiscard]] Raster render_printout(const kiosk::Printout& p, PrintFonts& fonts, Paper paper);

// Renders every Vietnamese letter in every style once, so the first resident's receipt does not
// wait for FreeType (the printer thread calls it when it starts).
void warm_up(PrintFonts& fonts, Paper paper);

// The QR's modules (libqrencode, level M); empty when the text cannot be encoded.
struct QrModules {
  int size = 0;
  std::vector<std::uint8_t> dark;  // size × size
};
[[nodiscard]] QrModules encode_qr(const std::string& text);

}  // namespace device
