#include "request.hpp"

#include <cstdio>

namespace kiosk {

std::string format_case_code(std::string_view terminal_id, Date received, std::int64_t sequence) {
  char tail[32];
  std::snprintf(tail, sizeof tail, "-%02d%02u%02u-%04lld", int(received.year()) % 100,
                unsigned(received.month()), unsigned(received.day()),
                static_cast<long long>(sequence));
  return std::string(terminal_id) + tail;
}

bool looks_like_case_code(std::string_view t) {
  // <terminal: 1–16 of A–Z 0–9> - <6 digits> - <4+ digits>
  const auto first = t.find('-');
  if (first == std::string_view::npos || first == 0 || first > 16) return false;
  for (char c : t.substr(0, first))
    if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))) return false;
  const auto rest = t.substr(first + 1);
  if (rest.size() < 11 || rest[6] != '-' || rest.size() > 16) return false;
  for (std::size_t i = 0; i < rest.size(); ++i)
    if (i != 6 && (rest[i] < '0' || rest[i] > '9')) return false;
  return true;
}

std::string status_url(std::string_view base, std::string_view code, std::string_view token) {
  std::string url(base);
  while (!url.empty() && url.back() == '/') url.pop_back();
  return url + "/c/" + std::string(code) + "?t=" + std::string(token);
}

std::string_view standing_name(Standing s) {
  switch (s) {
    case Standing::Self: return "self";
    case Standing::Authorised: return "authorised";
    case Standing::Representing: return "representing";
  }
  return "self";
}

}  // namespace kiosk
