#include "qr_payload.hpp"

#include "request.hpp"

namespace kiosk {

namespace {

char upper(char c) {
  return c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c;
}

std::string to_upper(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = upper(c);
  return out;
}

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (upper(a[i]) != upper(b[i])) return false;
  return true;
}

std::string_view trim(std::string_view s) {
  auto space = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
  while (!s.empty() && space(s.front())) s.remove_prefix(1);
  while (!s.empty() && space(s.back())) s.remove_suffix(1);
  return s;
}

struct Origin {
  std::string_view scheme, host, port;
};

// "https://host:port/rest" → origin and "/rest"; false when it is not a URL of that shape.
bool split_url(std::string_view url, Origin& o, std::string_view& rest) {
  const auto sep = url.find("://");
  if (sep == std::string_view::npos) return false;
  o.scheme = url.substr(0, sep);
  std::string_view after = url.substr(sep + 3);
  const auto slash = after.find_first_of("/?#");
  std::string_view authority = after.substr(0, slash);
  rest = slash == std::string_view::npos ? std::string_view() : after.substr(slash);
  if (authority.find('@') != std::string_view::npos) return false;  // no user:pass@ tricks
  const auto colon = authority.rfind(':');
  o.host = authority.substr(0, colon);
  o.port = colon == std::string_view::npos ? std::string_view() : authority.substr(colon + 1);
  if (o.port.empty())
    o.port = iequals(o.scheme, "https") ? "443" : iequals(o.scheme, "http") ? "80" : "";
  return !o.host.empty();
}

}  // namespace

bool looks_like_lookup_token(std::string_view t) {
  if (t.size() != 8) return false;
  for (char c : t) {
    const char u = upper(c);
    const bool digit = u >= '0' && u <= '9';
    const bool letter = u >= 'A' && u <= 'Z' && u != 'I' && u != 'L' && u != 'O' && u != 'U';
    if (!digit && !letter) return false;
  }
  return true;
}

ScanPayload parse_scan_payload(std::string_view payload, std::string_view portal_base) {
  ScanPayload out;
  if (payload.size() > kMaxPayloadBytes) {
    out.error = PayloadError::TooLong;
    return out;
  }
  const std::string_view p = trim(payload);
  if (p.empty()) {
    out.error = PayloadError::Empty;
    return out;
  }
  Origin got, ours;
  std::string_view rest, base_rest;
  if (split_url(p, got, rest)) {
    std::string_view base = portal_base;
    while (!base.empty() && base.back() == '/') base.remove_suffix(1);
    if (!split_url(base, ours, base_rest) || !iequals(got.scheme, ours.scheme) ||
        !iequals(got.host, ours.host) || got.port != ours.port ||
        rest.substr(0, base_rest.size()) != base_rest) {
      out.error = PayloadError::ForeignUrl;
      return out;
    }
    rest.remove_prefix(base_rest.size());
    if (rest.substr(0, 3) != "/c/") {
      out.error = PayloadError::ForeignUrl;
      return out;
    }
    rest.remove_prefix(3);
    const auto q = rest.find('?');
    const std::string code = to_upper(rest.substr(0, q));
    if (q == std::string_view::npos || !looks_like_case_code(code)) {
      out.error = code.empty() || !looks_like_case_code(code) ? PayloadError::ForeignUrl
                                                              : PayloadError::BadToken;
      return out;
    }
    // Query: t=<token>, and nothing but lang=…; a fragment is ignored.
    std::string_view query = rest.substr(q + 1);
    query = query.substr(0, query.find('#'));
    std::string token;
    while (!query.empty()) {
      const auto amp = query.find('&');
      const std::string_view pair = query.substr(0, amp);
      if (pair.substr(0, 2) == "t=")
        token = to_upper(pair.substr(2));
      else if (pair.substr(0, 5) != "lang=") {
        out.error = PayloadError::ForeignUrl;
        return out;
      }
      query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
    }
    if (!looks_like_lookup_token(token)) {
      out.error = PayloadError::BadToken;
      return out;
    }
    out.code = code;
    out.token = token;
    return out;
  }
  if (p.find("://") != std::string_view::npos) {  // a URL of a shape we never print
    out.error = PayloadError::ForeignUrl;
    return out;
  }
  const std::string code = to_upper(p);
  if (!looks_like_case_code(code)) {
    out.error = PayloadError::NotOurs;
    return out;
  }
  out.code = code;
  return out;
}

std::string_view payload_error_text(PayloadError e, bool en) {
  switch (e) {
    case PayloadError::None: return "";
    case PayloadError::Empty:
      return en ? "Nothing was read. Hold the receipt's QR code under the scanner."
                : "Chưa đọc được gì. Xin đưa mã QR trên phiếu tiếp nhận vào dưới máy quét.";
    case PayloadError::TooLong:
      return en ? "This is not a receipt's QR code (far too long)."
                : "Đây không phải mã QR của phiếu tiếp nhận (quá dài).";
    case PayloadError::ForeignUrl:
      return en ? "This QR code links to another website, not to a case of this service centre."
                : "Mã QR này dẫn đến trang web khác, không phải hồ sơ của trung tâm này.";
    case PayloadError::BadToken:
      return en ? "The receipt's QR code is damaged. Please type the case code and lookup code."
                : "Mã QR trên phiếu bị hỏng. Xin nhập mã hồ sơ và mã tra cứu.";
    case PayloadError::NotOurs:
      return en ? "This is not a case code. A case code looks like VL01-261125-0001."
                : "Đây không phải mã hồ sơ. Mã hồ sơ có dạng VL01-261125-0001.";
  }
  return "";
}

}  // namespace kiosk
