// Provisioning a terminal: fetch the portal's CA and pin it by the SHA-256 fingerprint the
// technician brought (provisioning QR or typed), enroll with the one-time code, keep the token and
// configuration with owner-only permissions in the state folder, pull the catalog. Either all of it
// is kept, or nothing changes. A terminal with submissions not yet sent refuses to be
// re-provisioned unless its queue is first exported (still sealed) to a file.
#pragma once

#include <expected>
#include <filesystem>
#include <optional>
#include <string>

#include "provisioning.hpp"
#include "store.hpp"

namespace offline {

enum class ProvisionError {
  Unreachable,       // DNS, connection, TLS: the portal could not be reached
  NoCa,              // the portal did not hand out its CA certificate
  WrongFingerprint,  // the CA it handed out is not the one the technician brought
  CodeUnknown,
  CodeExpired,
  CodeUsed,
  Refused,        // any other answer from the portal
  QueueNotEmpty,  // submissions wait to be sent to the portal the terminal has now
  Storage,        // the state folder or the store cannot be written
};

struct ProvisionFailure {
  ProvisionError kind;
  std::string detail;  // for technicians and logs: no secrets
};
[[nodiscard]] std::string_view provision_error_vi(ProvisionError e);
[[nodiscard]] std::string_view provision_error_en(ProvisionError e);

// What provisioning leaves in the state folder (provisioned.json, portal-ca.pem; both 0600).
struct ProvisionedConfig {
  std::string portal_url, token, terminal_id, portal_public_key;
  std::string center_id, center_name, center_address;
  std::filesystem::path ca_file;
  std::string provisioned_at;
  std::string catalog_version;  // the catalog pulled right after enrolling ("" if that failed)
};

struct ProvisionRequest {
  kiosk::Provisioning target;
  std::filesystem::path state_dir;
  std::string hardware_id, app_version;
  std::filesystem::path export_queue_to;  // non-empty: unsent rows go there first (sealed)
  long timeout_ms = 10'000;
};

[[nodiscard]] std::expected<ProvisionedConfig, ProvisionFailure> provision(
    const ProvisionRequest& request);

// The configuration a previous provisioning left, if any.
[[nodiscard]] std::expected<std::optional<ProvisionedConfig>, std::string> load_provisioned(
    const std::filesystem::path& state_dir);

// The SHA-256 of the first certificate in a PEM text (of its DER bytes, as `openssl x509
// -fingerprint -sha256` prints it), 64 lower-case hex digits; nullopt when there is none.
[[nodiscard]] std::optional<std::string> pem_sha256(std::string_view pem);

// Writes every unsent row (body, sealed personal data in base64, key) as JSON lines to `file`
// (0600, fsynced), then removes them from the outbox in one transaction; returns how many.
[[nodiscard]] std::expected<int, std::string> export_queue(Store& store,
                                                           const std::filesystem::path& file);

}  // namespace offline
