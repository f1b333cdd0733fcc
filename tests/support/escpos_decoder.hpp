// Turns an ESC/POS byte stream back into what the paper would show, strictly: every byte must be
// a command the kiosk is allowed to send (ESC @, GS v 0, ESC d, GS V, DLE EOT), or decoding fails.
// One page per cut.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "raster.hpp"

namespace testsupport {

struct DecodedJob {
  std::vector<device::Raster> pages;  // one per cut
  int initialisations = 0;            // ESC @
  int bands = 0;                      // GS v 0 images
  int feed_lines = 0;                 // ESC d n, summed
  int status_queries = 0;             // DLE EOT n
  std::string error;                  // empty when every byte was understood
};

inline DecodedJob decode_escpos(const std::vector<std::uint8_t>& b) {
  DecodedJob out;
  device::Raster page;
  std::size_t i = 0;
  auto need = [&](std::size_t n) {
    if (i + n > b.size()) {
      out.error = "truncated command at byte " + std::to_string(i);
      return false;
    }
    return true;
  };
  while (i < b.size() && out.error.empty()) {
    const std::uint8_t c = b[i];
    if (c == 0x1B && need(2) && b[i + 1] == 0x40) {  // ESC @
      ++out.initialisations;
      i += 2;
    } else if (c == 0x1B && need(3) && b[i + 1] == 0x64) {  // ESC d n
      out.feed_lines += b[i + 2];
      i += 3;
    } else if (c == 0x10 && need(3) && b[i + 1] == 0x04) {  // DLE EOT n
      ++out.status_queries;
      i += 3;
    } else if (c == 0x1D && need(3) && b[i + 1] == 0x56) {  // GS V m (cut)
      i += 3;
      out.pages.push_back(std::move(page));
      page = device::Raster();
    } else if (c == 0x1D && need(8) && b[i + 1] == 0x76 && b[i + 2] == 0x30) {  // GS v 0
      const int bytes_per_row = b[i + 4] | (b[i + 5] << 8);
      const int rows = b[i + 6] | (b[i + 7] << 8);
      i += 8;
      if (!need(std::size_t(bytes_per_row) * std::size_t(rows))) break;
      if (page.width != 0 && page.width != bytes_per_row * 8) {
        out.error = "bands of different widths";
        break;
      }
      device::Raster grown(bytes_per_row * 8, page.height + rows);
      std::copy(page.dots.begin(), page.dots.end(), grown.dots.begin());
      for (int y = 0; y < rows; ++y)
        for (int x = 0; x < bytes_per_row * 8; ++x)
          if (b[i + std::size_t(y) * bytes_per_row + std::size_t(x / 8)] & (0x80 >> (x % 8)))
            grown.set(x, page.height + y);
      i += std::size_t(bytes_per_row) * rows;
      page = std::move(grown);
      ++out.bands;
    } else if (out.error.empty()) {
      out.error = "unknown byte " + std::to_string(c) + " at " + std::to_string(i);
    }
  }
  if (out.error.empty() && page.height > 0) out.error = "image after the last cut";
  return out;
}

// The QR codes zbarimg reads in a PNG, one per line ("" when none).
inline std::string zbar_read(const std::string& png) {
  const std::string cmd = "zbarimg --raw -q '" + png + "' 2>/dev/null";
  std::FILE* p = ::popen(cmd.c_str(), "r");
  if (!p) return "";
  std::string decoded;
  char buf[512];
  while (std::fgets(buf, sizeof buf, p)) decoded += buf;
  ::pclose(p);
  while (!decoded.empty() && (decoded.back() == '\n' || decoded.back() == '\r')) decoded.pop_back();
  return decoded;
}

}  // namespace testsupport
