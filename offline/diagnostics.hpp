// What a technician checks from a shell or the technician screen: can the terminal reach its
// portal (DNS, TCP, TLS against the provisioned CA, the token), and how far its clock is from
// the portal's.
#pragma once

#include <optional>
#include <string>

#include "sync.hpp"

namespace offline {

struct PortalCheck {
  bool dns = false;      // the name resolved
  bool connect = false;  // TCP connected
  bool tls = false;      // the certificate chains to the provisioned CA and names the host
  long http_status = 0;  // of GET /api/v1/catalog with the token (200/304: the token works)
  bool token_ok = false;
  double dns_ms = 0, connect_ms = 0, tls_ms = 0, total_ms = 0;
  std::optional<long long> clock_skew_s;  // portal's Date minus the terminal's clock
  std::string error;                      // curl's words when a step failed
};

[[nodiscard]] PortalCheck check_portal(const SyncConfig& config, long timeout_ms = 5000);

}  // namespace offline
