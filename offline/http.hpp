// HTTPS calls to the portal with libcurl, shared by the sync engine and the status lookup: TLS
// verified against the provisioned CA only (there is no switch to turn it off), bearer token.
// Internal to offline/.
#pragma once

#include <curl/curl.h>

#include <string>
#include <vector>

#include "sync.hpp"

namespace offline::http {

struct Response {
  CURLcode transport = CURLE_OK;
  long status = 0;
  long retry_after_s = -1;
  std::string etag;
  std::string body;
};

// TLS (the configured CA only, peer and host verified), timeouts, keep-alive.
void configure(CURL* curl, const SyncConfig& c, long timeout_ms);

// One call on a configured handle. POST when `body` is given, else GET.
[[nodiscard]] Response call(CURL* curl, const SyncConfig& c, const std::string& path,
                            const std::vector<std::string>& extra_headers, const std::string* body);

}  // namespace offline::http
