// A receipt's facts and a centre's header as the tests and the receipt bench print them.
#pragma once

#include <chrono>
#include <string>

#include "printout.hpp"

namespace demo_paper {

inline kiosk::Date day(int y, unsigned m, unsigned d) {
  return kiosk::Date{std::chrono::year{y}, std::chrono::month{m}, std::chrono::day{d}};
}

inline kiosk::ReceiptFacts receipt_facts(int sequence = 42,
                                         std::string agency = "Uỷ ban nhân dân xã Vĩnh Linh") {
  kiosk::ReceiptFacts f;
  auto& r = f.receipt;
  r.received = day(2026, 11, 25);
  r.code = kiosk::format_case_code("VL01", r.received, sequence);
  r.lookup_token = "ABCD2345";
  r.created_at = "2026-11-25T10:20:30+07:00";
  r.deadlines = {day(2026, 12, 2), day(2026, 12, 17)};
  r.agency_id = "ubnd-xa-vinh-linh";
  r.field_id = "dat-dai";
  f.agency_name = std::move(agency);
  f.field_name = "Đất đai";
  f.status_url = kiosk::status_url("https://cong.quangtri.gov.vn", r.code, r.lookup_token);
  f.requester_masked = kiosk::mask_name("Lê Văn An");
  f.phone_masked = kiosk::mask_phone("0912345678");
  return f;
}

inline kiosk::PrintHeader header() {
  kiosk::PrintHeader h;
  h.center_name = "Trung tâm Phục vụ hành chính công xã Vĩnh Linh";
  h.center_address = "Số 1 đường Lê Duẩn, xã Vĩnh Linh, tỉnh Quảng Trị";
  h.hotline = "0233 3822 000";
  h.terminal_id = "VL01";
  return h;
}

}  // namespace demo_paper
