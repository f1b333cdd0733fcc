// HTTPS for the portal that holds against slow and idle clients. cpp-httplib parses requests and
// routes them; this class owns what httplib 0.11 (Debian 12) leaves open, and that no Debian
// library offers in a form that fits it:
// - TLS itself (OpenSSL): TLS 1.2 minimum, AEAD suites only (no CBC-SHA), no renegotiation or
//   compression, and a deadline for the handshake;
// - a deadline for a whole request's headers (httplib only times each read, so one header line
//   every few seconds held a worker forever), extended by the handlers for a body they accept, at
//   a minimum rate, and for the reply;
// - keep-alive: an idle limit and a request count per connection;
// - workers that grow on demand up to a cap (httplib's pool is fixed at 8), and a cap of
//   concurrent connections per client address.
#pragma once

#include <httplib.h>

#include <chrono>
#include <cstddef>
#include <map>
#include <mutex>
#include <string>
#include <string_view>

#include "limits.hpp"

struct ssl_ctx_st;

namespace portal {

class TlsServer : public httplib::Server {
 public:
  TlsServer(const std::string& cert_file, const std::string& key_file, ServerLimits limits);
  ~TlsServer() override;
  [[nodiscard]] bool is_valid() const override { return ctx_ != nullptr; }

  // From a handler (same thread as the connection): allow `bytes` more to move at the minimum
  // rate, past the current deadline; ask to close the connection after this reply (its body was
  // left unread).
  static void allow_transfer(std::size_t bytes);
  static void close_after_reply();

  // One request given as bytes, answered as bytes, through the same parser and routes but without
  // a socket: for the robustness run (tests/fuzz).
  [[nodiscard]] std::string serve_bytes(std::string_view request, const std::string& client_ip);

  [[nodiscard]] const ServerLimits& limits() const { return limits_; }

 private:
  bool process_and_close_socket(socket_t sock) override;
  bool take_client_slot(const std::string& ip);
  void give_client_slot(const std::string& ip);

  ssl_ctx_st* ctx_ = nullptr;
  ServerLimits limits_;
  std::mutex clients_mutex_;
  std::map<std::string, std::size_t> clients_;
};

}  // namespace portal
