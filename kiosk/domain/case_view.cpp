#include "case_view.hpp"

#include <nlohmann/json.hpp>

namespace kiosk {

namespace {
using nlohmann::json;

std::string str(const json& j, const char* key) {
  return j.is_object() && j.contains(key) && j[key].is_string() ? j[key].get<std::string>() : "";
}

// {"agency": {"id", "name"}, "field": {"id", "name"}} as the portal writes them.
template <class T>
void read_agency_and_field(const json& j, T& out) {
  if (j.contains("agency")) {
    out.agency_id = str(j["agency"], "id");
    out.agency_name = str(j["agency"], "name");
  }
  if (j.contains("field")) {
    out.field_id = str(j["field"], "id");
    out.field_name = str(j["field"], "name");
  }
}
}  // namespace

bool parse_case_view(std::string_view text, CaseView& out) {
  const json j = json::parse(text, nullptr, false);
  if (!j.is_object() || str(j, "code").empty() || str(j, "status").empty()) return false;
  CaseView v;
  v.code = str(j, "code");
  v.status = str(j, "status");
  read_agency_and_field(j, v);
  v.received_at = str(j, "received_at");
  if (j.contains("deadlines")) {
    v.acceptance_due = str(j["deadlines"], "acceptance_due");
    v.answer_due = str(j["deadlines"], "answer_due");
  }
  if (j.contains("history") && j["history"].is_array())
    for (const json& h : j["history"])
      v.history.push_back({str(h, "at"), str(h, "status"), str(h, "note")});
  if (j.contains("answer")) {
    v.answer_summary = str(j["answer"], "summary");
    v.document_url = str(j["answer"], "document_url");
  }
  out = std::move(v);
  return true;
}

bool case_view_from_submission(std::string_view text, CaseView& out) {
  const json j = json::parse(text, nullptr, false);
  if (!j.is_object() || str(j, "code").empty()) return false;
  CaseView v;
  v.source = CaseSource::Outbox;
  v.code = str(j, "code");
  v.status = "queued";
  v.agency_id = str(j, "agency_id");
  v.field_id = str(j, "field_id");
  v.received_at = str(j, "created_at");
  if (j.contains("deadlines")) {
    v.acceptance_due = str(j["deadlines"], "acceptance_due");
    v.answer_due = str(j["deadlines"], "answer_due");
  }
  v.history.push_back({v.received_at, "queued", ""});
  out = std::move(v);
  return true;
}

std::vector<PublicAnswer> parse_public_answers(std::string_view text) {
  std::vector<PublicAnswer> out;
  const json j = json::parse(text, nullptr, false);
  if (!j.is_object() || !j.contains("answers") || !j["answers"].is_array()) return out;
  for (const json& a : j["answers"]) {
    if (!a.is_object() || str(a, "summary").empty()) continue;
    PublicAnswer p;
    read_agency_and_field(a, p);
    p.answered_at = str(a, "answered_at");
    p.question = str(a, "question");
    p.summary = str(a, "summary");
    p.document_url = str(a, "document_url");
    out.push_back(std::move(p));
  }
  return out;
}

DeadlineStanding deadline_standing(Date due, Date today, const WorkingDayCalendar& calendar) {
  const auto d = std::chrono::sys_days(due), t = std::chrono::sys_days(today);
  if (t <= d) return {false, calendar.working_days_between(today, due)};
  return {true, static_cast<int>((t - d).count())};
}

bool acceptance_pending(std::string_view s) {
  return s == "queued" || s == "received" || s == "supplement_requested";
}

bool answer_pending(std::string_view s) {
  return s == "queued" || s == "received" || s == "accepted" || s == "extended" ||
         s == "supplement_requested";
}

}  // namespace kiosk
