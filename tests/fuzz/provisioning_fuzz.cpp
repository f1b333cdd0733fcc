// libFuzzer target for the provisioning QR parser: whatever is scanned at first boot, the parser
// answers with a complete, well-formed provisioning or a reason, never a crash; what it accepts
// survives a round trip through the QR it would print.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "provisioning.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view payload(reinterpret_cast<const char*>(data), size);
  const auto r = kiosk::parse_provisioning_qr(payload);
  if (r.error == kiosk::ProvisioningError::None) {
    const auto& p = r.value;
    if (!p.portal_url.starts_with("https://") || p.code.size() != 8 || p.ca_sha256.size() != 64 ||
        p.center_id.empty())
      std::abort();
    const auto again = kiosk::parse_provisioning_qr(kiosk::provisioning_qr(p));
    if (again.error != kiosk::ProvisioningError::None || again.value.portal_url != p.portal_url ||
        again.value.code != p.code || again.value.ca_sha256 != p.ca_sha256 ||
        again.value.center_id != p.center_id)
      std::abort();
  } else if (!r.value.portal_url.empty() || kiosk::provisioning_error_text(r.error, true).empty()) {
    std::abort();
  }
  return 0;
}
