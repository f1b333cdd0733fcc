// What a technician gives a new terminal: the portal's URL, a one-time enrollment code, the
// SHA-256 fingerprint of the portal's CA certificate and the centre's id, typed or scanned from a
// provisioning QR:
//   giaitrinh-provision:v1?portal=https%3A%2F%2Fcong.quangtri.gov.vn&code=K7Q2-9XWM
//       &ca=<64 hex digits>&center=vinh-linh
// Pure and small on purpose: a libFuzzer target drives it (tests/fuzz).
#pragma once

#include <string>
#include <string_view>

namespace kiosk {

enum class ProvisioningError {
  None,
  NotProvisioning,  // not a provisioning QR (a receipt, another site, garbage)
  TooLong,
  BadPortal,       // not an https:// URL with a host (and optional port), nothing else
  BadCode,         // not 8 Crockford base32 characters (a dash and spaces are allowed)
  BadFingerprint,  // not 64 hex digits (colons allowed, as openssl prints them)
  BadCenter,       // not 1–64 of a-z, 0-9 and "-"
};

struct Provisioning {
  std::string portal_url;  // "https://cong.quangtri.gov.vn" (no trailing slash)
  std::string code;        // "K7Q29XWM": capitals, no dash
  std::string ca_sha256;   // 64 lower-case hex digits
  std::string center_id;   // may be empty when typed: the portal's enrollment names it
};

struct ProvisioningResult {
  ProvisioningError error = ProvisioningError::None;
  Provisioning value;
};

inline constexpr std::size_t kMaxProvisioningBytes = 1024;

[[nodiscard]] ProvisioningResult parse_provisioning_qr(std::string_view payload);
// The same checks on the fields typed one by one (`center` may be empty).
[[nodiscard]] ProvisioningResult check_provisioning(std::string_view portal, std::string_view code,
                                                    std::string_view ca_sha256,
                                                    std::string_view center);
// The QR a portal administrator prints for a terminal (the inverse of parse_provisioning_qr).
[[nodiscard]] std::string provisioning_qr(const Provisioning& p);

[[nodiscard]] std::string_view provisioning_error_text(ProvisioningError e, bool english);

}  // namespace kiosk
