// ESC/POS as thermal receipt printers speak it: initialise, the raster in bands (GS v 0), feed,
// cut; and the real-time status queries (DLE EOT n) with what their answers mean.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "printout.hpp"
#include "raster.hpp"

namespace device {

struct EscPosOptions {
  int band_rows = 128;  // rows per GS v 0 image: small enough for any printer's buffer
  int feed_lines = 5;   // past the cutter
  bool cut = true;
};

[[nodiscard]] std::vector<std::uint8_t> encode_escpos(const Raster& raster,
                                                      const EscPosOptions& options = {});

// DLE EOT 1 (printer), 2 (offline cause), 4 (roll paper): the three queries sent together.
inline constexpr std::uint8_t kStatusQuery[] = {0x10, 0x04, 0x01, 0x10, 0x04,
                                                0x02, 0x10, 0x04, 0x04};
// A status byte has fixed bits (bit 1 and 4 set, 0 and 7 clear); nullopt when any answer lacks
// them.
[[nodiscard]] std::optional<kiosk::PrinterState> state_from_status(std::uint8_t printer,
                                                                   std::uint8_t offline_cause,
                                                                   std::uint8_t paper);

}  // namespace device
