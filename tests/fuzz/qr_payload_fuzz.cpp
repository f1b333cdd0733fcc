// libFuzzer target for the scan payload parser: whatever a scanner types, the parser answers with a
// case or a reason, never a crash, and a case it accepts is always well-formed.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "qr_payload.hpp"
#include "request.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view payload(reinterpret_cast<const char*>(data), size);
  const auto p = kiosk::parse_scan_payload(payload, "https://localhost:8443");
  if (p.error == kiosk::PayloadError::None) {
    if (!kiosk::looks_like_case_code(p.code)) std::abort();
    if (!p.token.empty() && !kiosk::looks_like_lookup_token(p.token)) std::abort();
    if (size > kiosk::kMaxPayloadBytes) std::abort();
  } else if (!p.code.empty() || kiosk::payload_error_text(p.error, false).empty()) {
    std::abort();
  }
  return 0;
}
