// What the status screen accepts from a scanner or a typing resident, and what it refuses.
#include <doctest/doctest.h>

#include <random>
#include <string>

#include "qr_payload.hpp"
#include "request.hpp"

using kiosk::parse_scan_payload;
using kiosk::PayloadError;

namespace {
constexpr const char* kPortal = "https://localhost:8443";
}

TEST_CASE("our receipt's QR gives the code and the lookup token") {
  const auto url = kiosk::status_url(kPortal, "VL01-261125-0001", "620MPBXF");
  const auto p = parse_scan_payload(url, kPortal);
  CHECK(p.error == PayloadError::None);
  CHECK(p.code == "VL01-261125-0001");
  CHECK(p.token == "620MPBXF");
  // Scanners add a newline, some type in small letters, the phone page adds lang=en.
  CHECK(parse_scan_payload(url + "\r\n", kPortal).token == "620MPBXF");
  CHECK(parse_scan_payload("HTTPS://LOCALHOST:8443/c/vl01-261125-0001?t=620mpbxf", kPortal).code ==
        "VL01-261125-0001");
  CHECK(parse_scan_payload(url + "&lang=en", kPortal).error == PayloadError::None);
  CHECK(parse_scan_payload(url, "https://localhost:8443/").error == PayloadError::None);
  // A portal on the default port, and under a path.
  CHECK(parse_scan_payload("https://giaitrinh.quangtri.gov.vn/c/VL01-261125-0001?t=620MPBXF",
                           "https://giaitrinh.quangtri.gov.vn:443")
            .error == PayloadError::None);
  CHECK(parse_scan_payload("https://gov.vn/gt/c/VL01-261125-0001?t=620MPBXF", "https://gov.vn/gt")
            .error == PayloadError::None);
}

TEST_CASE("a bare case code is read, and the token is then typed") {
  const auto p = parse_scan_payload("  vl01-261125-0042 ", kPortal);
  CHECK(p.error == PayloadError::None);
  CHECK(p.code == "VL01-261125-0042");
  CHECK(p.token.empty());
}

TEST_CASE("other sites, other QR codes, damage and noise are refused with a reason") {
  const auto url = kiosk::status_url(kPortal, "VL01-261125-0001", "620MPBXF");
  struct Case {
    std::string payload;
    PayloadError want;
  };
  const Case cases[] = {
      {"", PayloadError::Empty},
      {" \r\n", PayloadError::Empty},
      {"https://evil.example/c/VL01-261125-0001?t=620MPBXF", PayloadError::ForeignUrl},
      {"http://localhost:8443/c/VL01-261125-0001?t=620MPBXF", PayloadError::ForeignUrl},
      {"https://localhost:9443/c/VL01-261125-0001?t=620MPBXF", PayloadError::ForeignUrl},
      {"https://localhost:8443@evil.example/c/VL01-261125-0001?t=620MPBXF",
       PayloadError::ForeignUrl},
      {"https://localhost:8443.evil.example/c/VL01-261125-0001?t=620MPBXF",
       PayloadError::ForeignUrl},
      {"https://localhost:8443/admin", PayloadError::ForeignUrl},
      {"https://localhost:8443/c/VL01-261125-0001?t=620MPBXF&next=https://evil",
       PayloadError::ForeignUrl},
      {"https://localhost:8443/c/VL01-261125-0001", PayloadError::BadToken},
      {"https://localhost:8443/c/VL01-261125-0001?t=620MPBXI", PayloadError::BadToken},
      {"https://localhost:8443/c/VL01-261125-0001?t=620MPB", PayloadError::BadToken},
      {"WIFI:S:guest;T:WPA;P:secret;;", PayloadError::NotOurs},
      {"8934588012345", PayloadError::NotOurs},  // a product barcode
      {"VL01-2611-0001", PayloadError::NotOurs},
      {std::string(600, 'A'), PayloadError::TooLong},
      {url + std::string(kiosk::kMaxPayloadBytes, ' '), PayloadError::TooLong},
  };
  for (const auto& c : cases) {
    CAPTURE(c.payload);
    const auto p = parse_scan_payload(c.payload, kPortal);
    CHECK(p.error == c.want);
    CHECK(p.code.empty());
    CHECK_FALSE(kiosk::payload_error_text(c.want, false).empty());
    CHECK_FALSE(kiosk::payload_error_text(c.want, true).empty());
  }
}

TEST_CASE("10 kB of noise never passes as a case") {
  std::mt19937 rng(7);
  for (int i = 0; i < 200; ++i) {
    std::string noise(std::size_t(rng() % 10'000), '\0');
    for (char& ch : noise) ch = static_cast<char>(rng());
    const auto p = parse_scan_payload(noise, kPortal);
    CHECK(p.error != PayloadError::None);
  }
}

TEST_CASE("lookup tokens are 8 Crockford base32 characters") {
  CHECK(kiosk::looks_like_lookup_token("620MPBXF"));
  CHECK(kiosk::looks_like_lookup_token("620mpbxf"));
  CHECK_FALSE(kiosk::looks_like_lookup_token("620MPBXO"));
  CHECK_FALSE(kiosk::looks_like_lookup_token("620MPBX"));
  CHECK_FALSE(kiosk::looks_like_lookup_token("620MPBX-"));
}
