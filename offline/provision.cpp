#include "provision.hpp"
#include "outbox.hpp"

#include <curl/curl.h>
#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstring>

#include <chrono>
#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>

#include "calendar.hpp"
#include "http.hpp"
#include "sql.hpp"

namespace offline {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

constexpr const char* kConfigName = "provisioned.json";
constexpr const char* kCaName = "portal-ca.pem";
constexpr std::size_t kMaxCaBytes = 64 * 1024;

ProvisionFailure fail(ProvisionError kind, std::string detail) {
  return {kind, std::move(detail)};
}

// Owner-only file, written whole and flushed to disk before it is renamed into place.
bool write_private(const fs::path& file, std::string_view bytes) {
  const fs::path tmp = file.string() + ".tmp";
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) return false;
  std::size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n <= 0) {
      ::close(fd);
      return false;
    }
    done += std::size_t(n);
  }
  const bool ok = ::fchmod(fd, 0600) == 0 && ::fsync(fd) == 0;
  if (::close(fd) != 0 || !ok) return false;
  std::error_code ec;
  fs::rename(tmp, file, ec);
  return !ec;
}

size_t collect(char* data, size_t size, size_t n, void* out) {
  auto* s = static_cast<std::string*>(out);
  if (s->size() + size * n > kMaxCaBytes) return 0;  // not a certificate: stop reading
  s->append(data, size * n);
  return size * n;
}

// The CA certificate the portal hands out. TLS cannot be verified yet (the terminal has no CA):
// what comes back is trusted only if its SHA-256 matches the fingerprint the technician brought.
std::expected<std::string, ProvisionFailure> fetch_ca(const std::string& portal, long timeout_ms) {
  std::unique_ptr<CURL, void (*)(CURL*)> curl(curl_easy_init(), curl_easy_cleanup);
  if (!curl) return std::unexpected(fail(ProvisionError::Unreachable, "curl"));
  std::string body;
  const std::string url = portal + "/api/v1/ca.pem";
  curl_easy_setopt(curl.get(), CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl.get(), CURLOPT_SSL_VERIFYPEER, 0L);  // pinned by fingerprint below
  curl_easy_setopt(curl.get(), CURLOPT_SSL_VERIFYHOST, 0L);
  curl_easy_setopt(curl.get(), CURLOPT_TIMEOUT_MS, timeout_ms);
  curl_easy_setopt(curl.get(), CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl.get(), CURLOPT_WRITEFUNCTION, collect);
  curl_easy_setopt(curl.get(), CURLOPT_WRITEDATA, &body);
  const CURLcode rc = curl_easy_perform(curl.get());
  long status = 0;
  curl_easy_getinfo(curl.get(), CURLINFO_RESPONSE_CODE, &status);
  if (rc != CURLE_OK)
    return std::unexpected(fail(ProvisionError::Unreachable, curl_easy_strerror(rc)));
  if (status != 200)
    return std::unexpected(
        fail(ProvisionError::NoCa, "GET /api/v1/ca.pem: HTTP " + std::to_string(status)));
  return body;
}

ProvisionError enrollment_error(long status, const std::string& body) {
  const json j = json::parse(body, nullptr, false);
  std::string code;
  if (j.is_object() && j.contains("error") && j["error"].is_object())
    code = j["error"].value("code", "");
  if (status == 409) return ProvisionError::CodeUsed;
  if (status == 404 && code == "enrollment_code_expired") return ProvisionError::CodeExpired;
  if (status == 404) return ProvisionError::CodeUnknown;
  return ProvisionError::Refused;
}

}  // namespace

std::string_view provision_error_vi(ProvisionError e) {
  switch (e) {
    case ProvisionError::Unreachable:
      return "Không kết nối được cổng dịch vụ (mạng, DNS hoặc TLS).";
    case ProvisionError::NoCa: return "Cổng dịch vụ không cung cấp chứng chỉ CA.";
    case ProvisionError::WrongFingerprint:
      return "Chứng chỉ CA của cổng dịch vụ không khớp dấu vân tay đã cho: không kết nối.";
    case ProvisionError::CodeUnknown: return "Mã đăng ký không đúng.";
    case ProvisionError::CodeExpired: return "Mã đăng ký đã hết hạn: xin mã mới từ quản trị viên.";
    case ProvisionError::CodeUsed:
      return "Mã đăng ký này đã được dùng: xin mã mới từ quản trị viên.";
    case ProvisionError::Refused: return "Cổng dịch vụ từ chối đăng ký máy.";
    case ProvisionError::QueueNotEmpty:
      return "Máy còn hồ sơ chưa gửi: chờ gửi xong, hoặc xuất hàng đợi ra tệp trước khi cấu hình "
             "lại.";
    case ProvisionError::Storage: return "Không ghi được cấu hình vào máy.";
  }
  return "";
}

std::string_view provision_error_en(ProvisionError e) {
  switch (e) {
    case ProvisionError::Unreachable: return "The portal cannot be reached (network, DNS or TLS).";
    case ProvisionError::NoCa: return "The portal does not hand out its CA certificate.";
    case ProvisionError::WrongFingerprint:
      return "The portal's CA certificate does not match the fingerprint given: not connecting.";
    case ProvisionError::CodeUnknown: return "The enrollment code is not known.";
    case ProvisionError::CodeExpired:
      return "The enrollment code has expired: ask the administrator for a new one.";
    case ProvisionError::CodeUsed:
      return "The enrollment code was already used: ask the administrator for a new one.";
    case ProvisionError::Refused: return "The portal refused to enroll the terminal.";
    case ProvisionError::QueueNotEmpty:
      return "Submissions are still waiting to be sent: let them drain, or export the queue to a "
             "file before provisioning again.";
    case ProvisionError::Storage: return "The configuration cannot be written on the terminal.";
  }
  return "";
}

std::optional<std::string> pem_sha256(std::string_view pem) {
  constexpr std::string_view begin = "-----BEGIN CERTIFICATE-----";
  constexpr std::string_view end = "-----END CERTIFICATE-----";
  const auto b = pem.find(begin);
  if (b == std::string_view::npos) return std::nullopt;
  const auto e = pem.find(end, b);
  if (e == std::string_view::npos) return std::nullopt;
  const std::string_view b64 = pem.substr(b + begin.size(), e - b - begin.size());
  if (sodium_init() < 0) return std::nullopt;
  std::string der(b64.size(), '\0');
  std::size_t der_len = 0;
  if (sodium_base642bin(reinterpret_cast<unsigned char*>(der.data()), der.size(), b64.data(),
                        b64.size(), " \r\n\t", &der_len, nullptr,
                        sodium_base64_VARIANT_ORIGINAL) != 0 ||
      der_len == 0)
    return std::nullopt;
  unsigned char hash[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(hash, reinterpret_cast<const unsigned char*>(der.data()), der_len);
  char hex[2 * crypto_hash_sha256_BYTES + 1];
  sodium_bin2hex(hex, sizeof hex, hash, sizeof hash);
  return std::string(hex);
}

std::expected<int, std::string> export_queue(Store& store, const fs::path& file) {
  auto rows = unsent_rows(store);
  if (!rows) return std::unexpected("store: " + rows.error().detail);
  std::string lines;
  std::vector<std::int64_t> ids;
  for (const OutboxRow& row : *rows) {
    std::string sealed;
    if (!row.sealed.empty()) {
      sealed.resize(sodium_base64_encoded_len(row.sealed.size(), sodium_base64_VARIANT_ORIGINAL));
      sodium_bin2base64(sealed.data(), sealed.size(), row.sealed.data(), row.sealed.size(),
                        sodium_base64_VARIANT_ORIGINAL);
      sealed.resize(std::strlen(sealed.c_str()));
    }
    ids.push_back(row.id);
    lines += json{{"kind", row.kind},
                  {"idempotency_key", row.idempotency_key},
                  {"body", json::parse(row.body, nullptr, false)},
                  {"sealed_personal", sealed},
                  {"state", row.state},
                  {"created_at", row.created_at},
                  {"case_code", row.case_code}}
                 .dump() +
             "\n";
  }
  if (!write_private(file, lines)) return std::unexpected("cannot write " + file.string());
  if (auto removed = remove_unsent(store, ids); !removed)
    return std::unexpected("store: " + removed.error().detail);
  return int(ids.size());
}

std::expected<std::optional<ProvisionedConfig>, std::string> load_provisioned(
    const fs::path& state_dir) {
  const fs::path file = state_dir / kConfigName;
  std::error_code ec;
  if (!fs::exists(file, ec)) return std::optional<ProvisionedConfig>{};
  std::ifstream in(file);
  const json j = json::parse(in, nullptr, false);
  if (!j.is_object()) return std::unexpected(file.string() + " is not a JSON object");
  ProvisionedConfig c;
  c.portal_url = j.value("portal_url", "");
  c.token = j.value("token", "");
  c.terminal_id = j.value("terminal_id", "");
  c.portal_public_key = j.value("portal_public_key", "");
  c.center_id = j.value("center_id", "");
  c.center_name = j.value("center_name", "");
  c.center_address = j.value("center_address", "");
  c.ca_file = state_dir / j.value("ca_file", kCaName);
  c.provisioned_at = j.value("provisioned_at", "");
  c.catalog_version = j.value("catalog_version", "");
  if (c.portal_url.empty() || c.token.empty() || c.terminal_id.empty())
    return std::unexpected(file.string() + " lacks portal_url, token or terminal_id");
  return std::optional<ProvisionedConfig>{std::move(c)};
}

std::expected<ProvisionedConfig, ProvisionFailure> provision(const ProvisionRequest& req) {
  const kiosk::Provisioning& t = req.target;
  std::error_code ec;
  fs::create_directories(req.state_dir, ec);
  auto store = Store::open(req.state_dir / "kiosk.db");
  if (!store) return std::unexpected(fail(ProvisionError::Storage, store.error().detail));

  // 1. Submissions still waiting stay with the portal that has their key: refuse, or export them.
  const auto waiting = unsent_count(*store);
  if (!waiting) return std::unexpected(fail(ProvisionError::Storage, waiting.error().detail));
  if (*waiting > 0 && req.export_queue_to.empty())
    return std::unexpected(fail(ProvisionError::QueueNotEmpty,
                                std::to_string(*waiting) + " submission(s) not yet sent"));

  // 2. The CA, pinned by its fingerprint.
  auto ca = fetch_ca(t.portal_url, req.timeout_ms);
  if (!ca) return std::unexpected(ca.error());
  const auto fingerprint = pem_sha256(*ca);
  if (!fingerprint) return std::unexpected(fail(ProvisionError::NoCa, "not a PEM certificate"));
  if (fingerprint->size() != t.ca_sha256.size() ||
      sodium_memcmp(fingerprint->data(), t.ca_sha256.data(), fingerprint->size()) != 0)
    return std::unexpected(fail(ProvisionError::WrongFingerprint, "got sha256 " + *fingerprint));
  const fs::path ca_trial = req.state_dir / "portal-ca.pem.trial";
  if (!write_private(ca_trial, *ca))
    return std::unexpected(fail(ProvisionError::Storage, "cannot write " + ca_trial.string()));

  // 3. Enrollment, over TLS verified against that CA.
  SyncConfig sc;
  sc.portal_url = t.portal_url;
  sc.ca_file = ca_trial;
  std::unique_ptr<CURL, void (*)(CURL*)> curl(curl_easy_init(), curl_easy_cleanup);
  http::configure(curl.get(), sc, req.timeout_ms);
  const std::string body = json{
      {"enrollment_code", t.code},
      {"hardware_id", req.hardware_id},
      {"app_version",
       req.app_version}}.dump();
  const http::Response r = http::call(curl.get(), sc, "/api/v1/terminals/enroll", {}, &body);
  auto abandon = [&](ProvisionFailure f) {
    fs::remove(ca_trial, ec);
    return std::unexpected(std::move(f));
  };
  if (r.transport != CURLE_OK)
    return abandon(fail(ProvisionError::Unreachable, curl_easy_strerror(r.transport)));
  if (r.status != 201)
    return abandon(fail(enrollment_error(r.status, r.body), "HTTP " + std::to_string(r.status)));
  const json answer = json::parse(r.body, nullptr, false);
  ProvisionedConfig c;
  if (answer.is_object()) {
    c.terminal_id = answer.value("terminal_id", "");
    c.token = answer.value("token", "");
    c.portal_public_key = answer.value("portal_public_key", "");
    if (answer.contains("center") && answer["center"].is_object()) {
      c.center_id = answer["center"].value("id", "");
      c.center_name = answer["center"].value("name", "");
      c.center_address = answer["center"].value("address", "");
    }
  }
  if (c.terminal_id.empty() || c.token.empty() || c.portal_public_key.empty())
    return abandon(fail(ProvisionError::Refused, "the enrollment answer lacks fields"));
  if (!t.center_id.empty() && !c.center_id.empty() && c.center_id != t.center_id)
    return abandon(fail(ProvisionError::Refused,
                        "the code is for centre " + c.center_id + ", not " + t.center_id));

  // 4. The queue leaves (sealed) before the configuration changes.
  if (*waiting > 0) {
    auto exported = export_queue(*store, req.export_queue_to);
    if (!exported) return abandon(fail(ProvisionError::Storage, exported.error()));
  }

  // 5. Commit: the CA, then the configuration (its rename is the moment the terminal changes).
  c.portal_url = t.portal_url;
  c.ca_file = req.state_dir / kCaName;
  c.provisioned_at = kiosk::rfc3339_vietnam(std::chrono::system_clock::now());
  fs::rename(ca_trial, c.ca_file, ec);
  if (ec) return abandon(fail(ProvisionError::Storage, ec.message()));
  const json doc = {
      {"portal_url", c.portal_url},         {"token", c.token},
      {"terminal_id", c.terminal_id},       {"portal_public_key", c.portal_public_key},
      {"center_id", c.center_id},           {"center_name", c.center_name},
      {"center_address", c.center_address}, {"ca_file", kCaName},
      {"provisioned_at", c.provisioned_at}};
  if (!write_private(req.state_dir / kConfigName, doc.dump(2)))
    return std::unexpected(
        fail(ProvisionError::Storage, std::string("cannot write ") + kConfigName));
  (void)set_setting(*store, "catalog_etag", "");  // the new portal's catalog, whatever we had

  // 6. The catalog, so the terminal is ready to take requests.
  sc.token = c.token;
  sc.ca_file = c.ca_file;
  http::configure(curl.get(), sc, req.timeout_ms);
  if (auto pulled = fetch_catalog(curl.get(), sc, *store); pulled && pulled->changed)
    c.catalog_version = pulled->version;
  return c;
}

}  // namespace offline
