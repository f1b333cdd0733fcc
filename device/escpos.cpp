#include "escpos.hpp"

#include <algorithm>

namespace device {

std::vector<std::uint8_t> encode_escpos(const Raster& r, const EscPosOptions& o) {
  std::vector<std::uint8_t> out = {0x1B, 0x40};  // ESC @: initialise
  const int bytes_per_row = (r.width + 7) / 8;
  const int band = std::clamp(o.band_rows, 1, 2047);
  out.reserve(out.size() + std::size_t(bytes_per_row) * r.height + 16 * (r.height / band + 2));
  for (int top = 0; top < r.height; top += band) {
    const int rows = std::min(band, r.height - top);
    // GS v 0 m xL xH yL yH: m = 0 (normal size), x in bytes, y in dots.
    out.insert(out.end(), {0x1D, 0x76, 0x30, 0x00, std::uint8_t(bytes_per_row & 0xFF),
                           std::uint8_t(bytes_per_row >> 8), std::uint8_t(rows & 0xFF),
                           std::uint8_t(rows >> 8)});
    for (int y = top; y < top + rows; ++y) {
      const std::uint8_t* row = r.dots.data() + std::size_t(y) * r.width;
      for (int bx = 0; bx < bytes_per_row; ++bx) {
        std::uint8_t byte = 0;
        for (int bit = 0; bit < 8; ++bit) {
          const int x = bx * 8 + bit;
          if (x < r.width && row[x]) byte |= std::uint8_t(0x80 >> bit);
        }
        out.push_back(byte);
      }
    }
  }
  out.insert(out.end(), {0x1B, 0x64, std::uint8_t(std::clamp(o.feed_lines, 0, 255))});  // ESC d n
  if (o.cut) out.insert(out.end(), {0x1D, 0x56, 0x01});  // GS V 1: partial cut
  return out;
}

std::optional<kiosk::PrinterState> state_from_status(std::uint8_t printer,
                                                     std::uint8_t offline_cause,
                                                     std::uint8_t paper) {
  for (std::uint8_t b : {printer, offline_cause, paper})
    if ((b & 0x93) != 0x12) return std::nullopt;
  if (paper & 0x60) return kiosk::PrinterState::PaperOut;          // roll paper end sensor
  if (offline_cause & 0x20) return kiosk::PrinterState::PaperOut;  // stopped at paper end
  if (offline_cause & 0x04) return kiosk::PrinterState::CoverOpen;
  if (offline_cause & 0x40) return kiosk::PrinterState::Error;
  if (printer & 0x08) return kiosk::PrinterState::Offline;
  return kiosk::PrinterState::Ready;
}

}  // namespace device
