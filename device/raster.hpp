// A 1-bit image the width of the paper: what a thermal printer prints, dot for dot.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace device {

// Paper as the printer sees it: printable dots across at 203 dpi (8 dots a millimetre).
enum class Paper { Mm80, Mm58 };
[[nodiscard]] int paper_dots(Paper p);                              // 576 or 384
[[nodiscard]] bool parse_paper(std::string_view text, Paper& out);  // "80" or "58"

struct Raster {
  int width = 0;
  int height = 0;
  std::vector<std::uint8_t> dots;  // row-major, 1 = black

  Raster() = default;
  Raster(int w, int h) : width(w), height(h), dots(std::size_t(w) * std::size_t(h), 0) {}
  [[nodiscard]] bool at(int x, int y) const { return dots[std::size_t(y) * width + x] != 0; }
  void set(int x, int y) {
    if (x >= 0 && y >= 0 && x < width && y < height) dots[std::size_t(y) * width + x] = 1;
  }
  void fill(int x, int y, int w, int h) {
    for (int yy = y; yy < y + h; ++yy)
      for (int xx = x; xx < x + w; ++xx) set(xx, yy);
  }
};

// Writes the raster as a black-on-white greyscale PNG; false when the file cannot be written.
[[nodiscard]] bool write_png(const Raster& r, const std::string& path);

}  // namespace device
