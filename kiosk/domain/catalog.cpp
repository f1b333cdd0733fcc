#include "catalog.hpp"

#include <nlohmann/json.hpp>

#include "utf8.hpp"

namespace kiosk {

namespace {

using nlohmann::json;

std::string text(const json& j, const char* key) {
  const auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string{};
}

Bilingual bilingual(const json& j, const char* key) {
  return {text(j, key), text(j, (std::string(key) + "_en").c_str())};
}

std::expected<std::set<std::chrono::sys_days>, std::string> dates(const json& doc,
                                                                  const char* key) {
  std::set<std::chrono::sys_days> out;
  const auto it = doc.find(key);
  if (it == doc.end()) return out;
  if (!it->is_array()) return std::unexpected(std::string(key) + " must be a list of dates");
  for (const auto& d : *it) {
    const auto date = d.is_string() ? parse_iso_date(d.get<std::string>()) : std::nullopt;
    if (!date) return std::unexpected(std::string(key) + ": not a YYYY-MM-DD date: " + d.dump());
    out.insert(std::chrono::sys_days{*date});
  }
  return out;
}

}  // namespace

const Agency* Catalog::agency(std::string_view id) const {
  for (const auto& a : agencies)
    if (a.id == id) return &a;
  return nullptr;
}

const Field* Catalog::field(std::string_view id) const {
  for (const auto& f : fields)
    if (f.id == id) return &f;
  return nullptr;
}

std::vector<const Field*> Catalog::fields_of(const Agency& a) const {
  std::vector<const Field*> out;
  for (const auto& id : a.field_ids)
    if (const Field* f = field(id)) out.push_back(f);
  return out;
}

std::expected<Catalog, std::string> parse_catalog(std::string_view json_text) {
  const json doc = json::parse(json_text, nullptr, false);
  if (doc.is_discarded() || !doc.is_object()) return std::unexpected("catalog: not a JSON object");
  if (!is_precomposed_vietnamese(doc.dump()))
    return std::unexpected("catalog: text must be UTF-8 NFC (precomposed Vietnamese)");
  Catalog c;
  c.version = text(doc, "version");
  if (const auto fs = doc.find("fields"); fs != doc.end() && fs->is_array()) {
    for (const auto& f : *fs) {
      if (!f.is_object() || text(f, "id").empty())
        return std::unexpected("catalog: a field without an id");
      c.fields.push_back({text(f, "id"), bilingual(f, "name")});
    }
  }
  const auto ags = doc.find("agencies");
  if (ags == doc.end() || !ags->is_array() || ags->empty())
    return std::unexpected("catalog: no agencies");
  for (const auto& a : *ags) {
    if (!a.is_object() || text(a, "id").empty() || text(a, "name").empty())
      return std::unexpected("catalog: an agency without id or name");
    Agency agency{text(a, "id"),
                  bilingual(a, "name"),
                  bilingual(a, "functions"),
                  bilingual(a, "competence"),
                  text(a, "address"),
                  text(a, "phone"),
                  text(a, "email"),
                  bilingual(a, "hours"),
                  {}};
    if (const auto f = a.find("fields"); f != a.end() && f->is_array()) {
      for (const auto& id : *f) {
        if (!id.is_string() || !c.field(id.get<std::string>()))
          return std::unexpected("catalog: agency " + agency.id + " names an unknown field " +
                                 id.dump());
        agency.field_ids.push_back(id.get<std::string>());
      }
    }
    c.agencies.push_back(std::move(agency));
  }
  for (const char* list : {"procedure", "notices"}) {
    if (const auto p = doc.find(list); p != doc.end() && p->is_array()) {
      for (const auto& step : *p)
        (list[0] == 'p' ? c.procedure : c.notices).push_back(bilingual(step, "text"));
    }
  }
  if (const auto r = doc.find("processing_rules"); r != doc.end() && r->is_object()) {
    auto number = [&](const char* key, int& out) -> bool {
      const auto v = r->find(key);
      if (v == r->end()) return true;
      if (!v->is_number_integer() || v->get<int>() < 0 || v->get<int>() > 365) return false;
      out = v->get<int>();
      return true;
    };
    if (!number("acceptance_working_days", c.rules.acceptance_working_days) ||
        !number("answer_days", c.rules.answer_days) ||
        !number("extension_days", c.rules.extension_days))
      return std::unexpected("catalog: processing_rules hold whole numbers of days (0–365)");
    const std::string unit = text(*r, "answer_day_unit");
    if (unit == "working")
      c.rules.answer_unit = DayUnit::Working;
    else if (unit.empty() || unit == "calendar")
      c.rules.answer_unit = DayUnit::Calendar;
    else
      return std::unexpected("catalog: answer_day_unit is \"calendar\" or \"working\", not \"" +
                             unit + "\"");
  }
  auto holidays = dates(doc, "holidays");
  if (!holidays) return std::unexpected("catalog: " + holidays.error());
  auto saturdays = dates(doc, "working_saturdays");
  if (!saturdays) return std::unexpected("catalog: " + saturdays.error());
  c.calendar = WorkingDayCalendar(std::move(*holidays), std::move(*saturdays));
  return c;
}

}  // namespace kiosk
