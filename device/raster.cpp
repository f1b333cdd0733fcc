#include "raster.hpp"

#include <string_view>

#include <stb_image_write.h>  // Debian's libstb

namespace device {

int paper_dots(Paper p) {
  return p == Paper::Mm58 ? 384 : 576;
}

bool parse_paper(std::string_view text, Paper& out) {
  if (text == "80" || text == "80mm") {
    out = Paper::Mm80;
    return true;
  }
  if (text == "58" || text == "58mm") {
    out = Paper::Mm58;
    return true;
  }
  return false;
}

bool write_png(const Raster& r, const std::string& path) {
  if (r.width <= 0 || r.height <= 0) return false;
  std::vector<unsigned char> grey(r.dots.size());
  for (std::size_t i = 0; i < grey.size(); ++i) grey[i] = r.dots[i] ? 0 : 255;
  return stbi_write_png(path.c_str(), r.width, r.height, 1, grey.data(), r.width) != 0;
}

}  // namespace device
