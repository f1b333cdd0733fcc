// What a scanner (or a typing resident) hands the status screen: our receipt's QR payload
// (`<portal>/c/<code>?t=<token>`) or a bare case code. Everything else is refused with a reason in
// Vietnamese and English: other sites' URLs, other QR codes, garbage, floods of noise.
// Pure and small on purpose: a libFuzzer target drives it (tests/fuzz).
#pragma once

#include <string>
#include <string_view>

namespace kiosk {

enum class PayloadError {
  None,
  Empty,       // nothing was read
  TooLong,     // more than a receipt's QR can hold
  ForeignUrl,  // a web address, but not this portal's status page
  BadToken,    // our status page, but the lookup code in it is damaged
  NotOurs,     // not a receipt code at all
};

struct ScanPayload {
  PayloadError error = PayloadError::None;
  std::string code;   // "VL01-261125-0001"
  std::string token;  // "620MPBXF"; empty for a bare code (the resident types it)
};

inline constexpr std::size_t kMaxPayloadBytes = 512;

// `portal_base` is the terminal's portal URL ("https://localhost:8443"); URLs must match its
// scheme, host and port. Codes and tokens are read case-insensitively and returned in capitals.
[[nodiscard]] ScanPayload parse_scan_payload(std::string_view payload,
                                             std::string_view portal_base);

// A lookup token: 8 characters of Crockford base32 (0-9, A-Z without I, L, O, U).
[[nodiscard]] bool looks_like_lookup_token(std::string_view text);

// The resident-facing reason, in vi or en.
[[nodiscard]] std::string_view payload_error_text(PayloadError e, bool english);

}  // namespace kiosk
