// The catalog: the bodies a resident may ask, their fields, how they work, and the calendar.
// Same shape as the portal's GET /api/v1/catalog (docs/api.md); the demo one is in assets/demo.
#pragma once

#include <expected>
#include <string>
#include <string_view>
#include <vector>

#include "calendar.hpp"
#include "words.hpp"

namespace kiosk {

// A text in both languages; English falls back to Vietnamese when the catalog has none.
struct Bilingual {
  std::string vi;
  std::string en;
  [[nodiscard]] const std::string& in(Lang lang) const {
    return lang == Lang::En && !en.empty() ? en : vi;
  }
};

struct Field {
  std::string id;  // "dat-dai"
  Bilingual name;  // "Đất đai"
};

struct Agency {
  std::string id;
  Bilingual name;
  Bilingual functions;   // chức năng, nhiệm vụ
  Bilingual competence;  // thẩm quyền giải trình
  std::string address;
  std::string phone;
  std::string email;
  Bilingual hours;
  std::vector<std::string> field_ids;
};

struct Catalog {
  std::string version;
  std::vector<Agency> agencies;
  std::vector<Field> fields;
  std::vector<Bilingual> procedure;  // the steps and time limits of an explanation request
  std::vector<Bilingual> notices;
  ProcessingRules rules;
  WorkingDayCalendar calendar;

  [[nodiscard]] const Agency* agency(std::string_view id) const;
  [[nodiscard]] const Field* field(std::string_view id) const;
  [[nodiscard]] std::vector<const Field*> fields_of(const Agency& a) const;
};

// Parses a catalog document; the error says what is wrong and where, in English, for logs and CLIs.
[[nodiscard]] std::expected<Catalog, std::string> parse_catalog(std::string_view json);

}  // namespace kiosk
