#include "provisioning.hpp"

#include <cctype>

namespace kiosk {

namespace {

constexpr std::string_view kPrefix = "giaitrinh-provision:v1?";

bool crockford(char c) {
  return (c >= '0' && c <= '9') ||
         (c >= 'A' && c <= 'Z' && c != 'I' && c != 'L' && c != 'O' && c != 'U');
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// %XX decoding; false on a broken escape or a control character.
bool percent_decode(std::string_view in, std::string& out) {
  out.clear();
  for (std::size_t i = 0; i < in.size(); ++i) {
    char c = in[i];
    if (c == '%') {
      if (i + 2 >= in.size()) return false;
      const int hi = hex_value(in[i + 1]), lo = hex_value(in[i + 2]);
      if (hi < 0 || lo < 0) return false;
      c = char(hi * 16 + lo);
      i += 2;
    } else if (c == '+') {
      c = ' ';
    }
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) return false;
    out += c;
  }
  return true;
}

bool check_portal(std::string_view url, std::string& out) {
  constexpr std::string_view scheme = "https://";
  if (!url.starts_with(scheme)) return false;
  std::string_view rest = url.substr(scheme.size());
  while (rest.ends_with('/')) rest.remove_suffix(1);
  if (rest.empty() || rest.size() > 253 + 6) return false;
  const auto colon = rest.find(':');
  const std::string_view host = rest.substr(0, colon);
  if (host.empty() || host.front() == '-' || host.front() == '.') return false;
  for (char c : host)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '.')) return false;
  if (colon != std::string_view::npos) {
    const std::string_view port = rest.substr(colon + 1);
    if (port.empty() || port.size() > 5) return false;
    int n = 0;
    for (char c : port) {
      if (c < '0' || c > '9') return false;
      n = n * 10 + (c - '0');
    }
    if (n < 1 || n > 65535) return false;
  }
  out = "https://";
  for (char c : rest) out += char(std::tolower(static_cast<unsigned char>(c)));
  return true;
}

bool check_code(std::string_view code, std::string& out) {
  out.clear();
  for (char c : code) {
    if (c == '-' || c == ' ') continue;
    const char u = char(std::toupper(static_cast<unsigned char>(c)));
    if (!crockford(u)) return false;
    out += u;
  }
  return out.size() == 8;
}

bool check_fingerprint(std::string_view hex, std::string& out) {
  out.clear();
  for (char c : hex) {
    if (c == ':' || c == ' ') continue;
    if (hex_value(c) < 0) return false;
    out += char(std::tolower(static_cast<unsigned char>(c)));
  }
  return out.size() == 64;
}

bool check_center(std::string_view id) {
  if (id.size() > 64) return false;
  for (char c : id)
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) return false;
  return true;
}

}  // namespace

ProvisioningResult check_provisioning(std::string_view portal, std::string_view code,
                                      std::string_view ca_sha256, std::string_view center) {
  ProvisioningResult r;
  if (!check_portal(portal, r.value.portal_url))
    r.error = ProvisioningError::BadPortal;
  else if (!check_code(code, r.value.code))
    r.error = ProvisioningError::BadCode;
  else if (!check_fingerprint(ca_sha256, r.value.ca_sha256))
    r.error = ProvisioningError::BadFingerprint;
  else if (!check_center(center))
    r.error = ProvisioningError::BadCenter;
  else
    r.value.center_id = std::string(center);
  if (r.error != ProvisioningError::None) r.value = {};
  return r;
}

ProvisioningResult parse_provisioning_qr(std::string_view payload) {
  while (!payload.empty() &&
         (payload.back() == '\n' || payload.back() == '\r' || payload.back() == ' '))
    payload.remove_suffix(1);
  if (payload.size() > kMaxProvisioningBytes) return {ProvisioningError::TooLong, {}};
  if (!payload.starts_with(kPrefix)) return {ProvisioningError::NotProvisioning, {}};
  std::string_view query = payload.substr(kPrefix.size());
  std::string portal, code, ca, center;
  bool seen[4] = {false, false, false, false};
  while (!query.empty()) {
    const auto amp = query.find('&');
    const std::string_view pair = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view{} : query.substr(amp + 1);
    const auto eq = pair.find('=');
    if (eq == std::string_view::npos) return {ProvisioningError::NotProvisioning, {}};
    const std::string_view key = pair.substr(0, eq);
    std::string value;
    if (!percent_decode(pair.substr(eq + 1), value))
      return {ProvisioningError::NotProvisioning, {}};
    int slot = key == "portal" ? 0 : key == "code" ? 1 : key == "ca" ? 2 : key == "center" ? 3 : -1;
    if (slot < 0) continue;  // a newer portal may add fields
    if (seen[slot]) return {ProvisioningError::NotProvisioning, {}};  // one value each
    seen[slot] = true;
    (slot == 0 ? portal : slot == 1 ? code : slot == 2 ? ca : center) = std::move(value);
  }
  if (!seen[0]) return {ProvisioningError::BadPortal, {}};
  if (!seen[1]) return {ProvisioningError::BadCode, {}};
  if (!seen[2]) return {ProvisioningError::BadFingerprint, {}};
  if (!seen[3] || center.empty()) return {ProvisioningError::BadCenter, {}};
  return check_provisioning(portal, code, ca, center);
}

std::string provisioning_qr(const Provisioning& p) {
  std::string portal;
  for (char c : p.portal_url) {
    if (std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '.') {
      portal += c;
    } else {
      static constexpr char kHex[] = "0123456789ABCDEF";
      portal += '%';
      portal += kHex[static_cast<unsigned char>(c) >> 4];
      portal += kHex[static_cast<unsigned char>(c) & 15];
    }
  }
  return std::string(kPrefix) + "portal=" + portal + "&code=" + p.code + "&ca=" + p.ca_sha256 +
         "&center=" + p.center_id;
}

std::string_view provisioning_error_text(ProvisioningError e, bool en) {
  switch (e) {
    case ProvisioningError::NotProvisioning:
      return en ? "This is not a provisioning QR code." : "Đây không phải mã QR cấu hình máy.";
    case ProvisioningError::TooLong:
      return en ? "The code is too long to be a provisioning QR."
                : "Mã quá dài, không phải mã QR cấu hình máy.";
    case ProvisioningError::BadPortal:
      return en ? "The portal address must be https://host[:port]."
                : "Địa chỉ cổng dịch vụ phải có dạng https://tên-máy[:cổng].";
    case ProvisioningError::BadCode:
      return en ? "The enrollment code is 8 letters and digits (XXXX-XXXX)."
                : "Mã đăng ký gồm 8 chữ và số (XXXX-XXXX).";
    case ProvisioningError::BadFingerprint:
      return en ? "The CA fingerprint is 64 hexadecimal digits (SHA-256)."
                : "Dấu vân tay CA gồm 64 chữ số hệ 16 (SHA-256).";
    case ProvisioningError::BadCenter:
      return en ? "The centre id is lower-case letters, digits and '-'."
                : "Mã trung tâm chỉ gồm chữ thường, số và dấu '-'.";
    case ProvisioningError::None: break;
  }
  return "";
}

}  // namespace kiosk
