#include "sealing.hpp"

#include <sodium.h>

#include <cstdio>
#include <stdexcept>

namespace offline {

namespace {

void ensure_sodium() {
  static const bool ready = sodium_init() >= 0;
  if (!ready) throw std::runtime_error("libsodium failed to initialise");
}

}  // namespace

std::string to_base64(const std::vector<unsigned char>& bytes) {
  std::string out(sodium_base64_encoded_len(bytes.size(), sodium_base64_VARIANT_ORIGINAL), '\0');
  sodium_bin2base64(out.data(), out.size(), bytes.data(), bytes.size(),
                    sodium_base64_VARIANT_ORIGINAL);
  out.resize(out.size() - 1);  // the terminating NUL
  return out;
}

std::expected<std::vector<unsigned char>, std::string> from_base64(std::string_view b64) {
  std::vector<unsigned char> out(b64.size());
  std::size_t len = 0;
  if (sodium_base642bin(out.data(), out.size(), b64.data(), b64.size(), nullptr, &len, nullptr,
                        sodium_base64_VARIANT_ORIGINAL) != 0)
    return std::unexpected("not base64");
  out.resize(len);
  return out;
}

std::expected<PortalPublicKey, std::string> parse_portal_key(std::string_view b64) {
  ensure_sodium();
  auto bytes = from_base64(b64);
  if (!bytes || bytes->size() != crypto_box_PUBLICKEYBYTES)
    return std::unexpected("the portal's public key is not 32 bytes of base64");
  PortalPublicKey key{};
  std::copy(bytes->begin(), bytes->end(), key.begin());
  return key;
}

std::vector<unsigned char> seal(std::string_view plaintext, const PortalPublicKey& key) {
  ensure_sodium();
  std::vector<unsigned char> box(plaintext.size() + crypto_box_SEALBYTES);
  crypto_box_seal(box.data(), reinterpret_cast<const unsigned char*>(plaintext.data()),
                  plaintext.size(), key.data());
  return box;
}

std::expected<std::string, std::string> open_sealed(
    const std::vector<unsigned char>& box, const PortalPublicKey& public_key,
    const std::array<unsigned char, 32>& secret_key) {
  ensure_sodium();
  if (box.size() < crypto_box_SEALBYTES) return std::unexpected("sealed box too short");
  std::string plain(box.size() - crypto_box_SEALBYTES, '\0');
  if (crypto_box_seal_open(reinterpret_cast<unsigned char*>(plain.data()), box.data(), box.size(),
                           public_key.data(), secret_key.data()) != 0)
    return std::unexpected("sealed box does not open with this key");
  return plain;
}

std::string random_uuid() {
  ensure_sodium();
  unsigned char b[16];
  randombytes_buf(b, sizeof b);
  b[6] = static_cast<unsigned char>((b[6] & 0x0F) | 0x40);  // version 4
  b[8] = static_cast<unsigned char>((b[8] & 0x3F) | 0x80);  // RFC 4122 variant
  char out[37];
  std::snprintf(out, sizeof out,
                "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x", b[0], b[1],
                b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12], b[13], b[14],
                b[15]);
  return out;
}

std::string random_lookup_token() {
  ensure_sodium();
  static constexpr char kCrockford[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
  std::string token;
  for (int i = 0; i < 8; ++i) token.push_back(kCrockford[randombytes_uniform(32)]);
  return token;
}

}  // namespace offline
