// The reference portal: the server side of docs/api.md over HTTPS (cpp-httplib + OpenSSL) with
// SQLite storage. For the demo, the integration tests, and as the contract real back-ends follow.
// Sealed personal data is kept sealed; the portal checks it opens and never logs it.
#pragma once

#include <filesystem>
#include <memory>
#include <string>

namespace portal {

struct PortalConfig {
  std::filesystem::path db_file;
  std::filesystem::path cert_file;        // server certificate (PEM)
  std::filesystem::path key_file;         // its private key (PEM)
  std::filesystem::path secret_key_file;  // base64 X25519 secret key: opens sealed personal data
  std::filesystem::path catalog_file;     // the catalog served to terminals
  std::string demo_token;                 // non-empty: a terminal token seeded for the demo/tests
  std::string demo_terminal_id = "VL01";
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

  struct Impl;

 private:
  explicit Portal(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace portal
