// At-rest protection of personal data: sealed (libsodium crypto_box_seal) to the portal's public
// key, so the terminal cannot read what it queued.
#pragma once

#include <array>
#include <expected>
#include <string>
#include <string_view>
#include <vector>

namespace offline {

using PortalPublicKey = std::array<unsigned char, 32>;

// Reads a base64 X25519 public key (as in kiosk.json and the enrollment reply).
[[nodiscard]] std::expected<PortalPublicKey, std::string> parse_portal_key(std::string_view b64);
[[nodiscard]] std::vector<unsigned char> seal(std::string_view plaintext,
                                              const PortalPublicKey& key);
// The portal's side (and the tests'): opens a sealed box with the key pair.
[[nodiscard]] std::expected<std::string, std::string> open_sealed(
    const std::vector<unsigned char>& box, const PortalPublicKey& public_key,
    const std::array<unsigned char, 32>& secret_key);

[[nodiscard]] std::string to_base64(const std::vector<unsigned char>& bytes);
[[nodiscard]] std::expected<std::vector<unsigned char>, std::string> from_base64(
    std::string_view b64);

// Random identifiers: a UUID v4 for Idempotency-Key, 8 Crockford base32 characters for a lookup
// token (40 bits: a code alone reveals nothing, and guessing is rate-limited at the portal).
[[nodiscard]] std::string random_uuid();
[[nodiscard]] std::string random_lookup_token();

}  // namespace offline
