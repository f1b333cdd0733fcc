// The reference portal: the server side of docs/api.md over HTTPS (cpp-httplib + OpenSSL), on top
// of the Service (service.hpp). For the demo, the integration tests, and as the contract real
// back-ends follow. It logs one line per call (method, path, status, time): never a body, a query
// string or a header, so no personal data and no token reaches a log.
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

#include "limits.hpp"
#include "service.hpp"

namespace portal {

// Faults the portal can inject on the submission endpoints (requests, ratings and their batches),
// so the terminal's retries are tested against the real server. Each hits every n-th such call
// (0: never), counted separately.
struct Faults {
  int status_500_every = 0;  // 500 before anything is stored
  int status_429_every = 0;  // 429 with Retry-After: retry_after_s, nothing stored
  int retry_after_s = 1;
  int drop_after_commit_every = 0;  // stores the submission, then drops the connection mid-reply
  int slow_every = 0;               // stores it, then waits slow_ms before replying
  int slow_ms = 0;
};
// "500:3", "429:2:1" (every 2nd, Retry-After 1 s), "drop:2", "slow:2:3000"; adds to `faults`.
[[nodiscard]] bool parse_fault(std::string_view spec, Faults& faults);

struct PortalConfig {
  ServiceConfig service;
  std::filesystem::path cert_file;  // server certificate (PEM)
  std::filesystem::path key_file;   // its private key (PEM)
  // The CA certificate terminals pin at provisioning, served at GET /api/v1/ca.pem (terminals
  // check it against the fingerprint the technician brings); empty: not served.
  std::filesystem::path ca_file;
  std::string demo_token;  // non-empty: a terminal token seeded for the demo/tests
  std::string demo_terminal_id = "VL01";
  Faults faults;
  bool access_log = true;
  ServerLimits limits;
  // Wrong lookups (token or phone digits) per client address and per terminal, and wrong
  // enrollment codes per client address.
  BucketRule lookup_guesses{10, 1.0 / 6};
  BucketRule enroll_guesses{5, 1.0 / 60};
};

class Portal {
 public:
  [[nodiscard]] static std::unique_ptr<Portal> create(const PortalConfig& config,
                                                      std::string& error);
  ~Portal();
  Portal(const Portal&) = delete;
  Portal& operator=(const Portal&) = delete;

  // Binds to host:port (port 0: any free port); returns the port, or -1.
  [[nodiscard]] int bind(const std::string& host, int port);
  void run();  // serves until stop()
  void stop();
  [[nodiscard]] bool running() const;  // run() is accepting connections
  void set_faults(const Faults& faults);
  // Calls on the submission endpoints so far (single and batch), faulted ones included.
  [[nodiscard]] long submission_calls() const;
  [[nodiscard]] Service& service();
  // One request as bytes (what a client would send after TLS), answered as bytes, through the
  // same parser, checks and routes: for the robustness run.
  [[nodiscard]] std::string serve_bytes(std::string_view request, const std::string& client_ip);

  struct Impl;

 private:
  explicit Portal(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace portal
