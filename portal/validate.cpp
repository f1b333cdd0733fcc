#include "validate.hpp"

#include <array>
#include <cstdint>
#include <initializer_list>

#include "calendar.hpp"
#include "request.hpp"
#include "utf8.hpp"
#include "validation.hpp"

namespace portal {

namespace {

using nlohmann::json;

// Counts nesting while nlohmann's (iterative) parser walks the text, and stops it at the limit.
struct DepthLimit : nlohmann::json_sax<json> {
  int depth = 0;
  bool too_deep = false;
  bool enter() {
    if (++depth <= kMaxJsonDepth) return true;
    too_deep = true;
    return false;
  }
  bool null() override { return true; }
  bool boolean(bool) override { return true; }
  bool number_integer(number_integer_t) override { return true; }
  bool number_unsigned(number_unsigned_t) override { return true; }
  bool number_float(number_float_t, const string_t&) override { return true; }
  bool string(string_t&) override { return true; }
  bool binary(binary_t&) override { return true; }
  bool start_object(std::size_t) override { return enter(); }
  bool key(string_t&) override { return true; }
  bool end_object() override { return --depth, true; }
  bool start_array(std::size_t) override { return enter(); }
  bool end_array() override { return --depth, true; }
  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception&) override {
    return false;
  }
};

Problem problem(std::string code, std::string vi, std::string en, int status = 400) {
  return {std::move(code), std::move(vi), std::move(en), status};
}
Problem bad_field(const std::string& field) {
  return problem("bad_" + field, "Trường \"" + field + "\" thiếu hoặc không hợp lệ.",
                 "The field \"" + field + "\" is missing or not valid.");
}

bool is_string(const json& b, const char* key) {
  return b.contains(key) && b[key].is_string();
}
std::string str(const json& b, const char* key) {
  return b[key].get<std::string>();
}

// A string of 1..max code points (0..max when empty is allowed), well-formed NFC.
bool text_ok(const json& v, std::size_t max, bool allow_empty) {
  if (!v.is_string()) return false;
  const auto& s = v.get_ref<const std::string&>();
  if (s.empty()) return allow_empty;
  return kiosk::count_code_points(s) <= max && kiosk::is_precomposed_vietnamese(s);
}

// An integer (not 1.0, not a float) within [lo, hi], whatever its JSON width.
bool int_in(const json& v, std::int64_t lo, std::int64_t hi) {
  if (v.is_number_unsigned()) {
    const auto u = v.get<std::uint64_t>();
    return u <= static_cast<std::uint64_t>(hi) && static_cast<std::int64_t>(u) >= lo;
  }
  if (!v.is_number_integer()) return false;
  const auto i = v.get<std::int64_t>();
  return i >= lo && i <= hi;
}

bool only_keys(const json& b, std::initializer_list<const char*> allowed) {
  for (const auto& [k, _] : b.items()) {
    bool known = false;
    for (const char* a : allowed) known = known || k == a;
    if (!known) return false;
  }
  return true;
}

bool digits(std::string_view s, std::size_t from, std::size_t n) {
  for (std::size_t i = from; i < from + n; ++i)
    if (s[i] < '0' || s[i] > '9') return false;
  return true;
}

bool is_base64(std::string_view s) {
  if (s.empty() || s.size() % 4 != 0) return false;
  std::size_t pad = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    const bool b64 = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                     c == '+' || c == '/';
    if (c == '=') {
      if (i + 2 < s.size()) return false;
      ++pad;
    } else if (!b64 || pad > 0) {
      return false;
    }
  }
  return pad <= 2;
}

}  // namespace

std::optional<json> parse_json(std::string_view text) {
  DepthLimit limit;
  if (!json::sax_parse(text, &limit, json::input_format_t::json, false) || limit.too_deep)
    return std::nullopt;
  json out = json::parse(text, nullptr, false);
  if (out.is_discarded()) return std::nullopt;
  return out;
}

bool is_uuid(std::string_view s) {
  if (s.size() != 36) return false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (i == 8 || i == 13 || i == 18 || i == 23) {
      if (c != '-') return false;
    } else if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
      return false;
    }
  }
  return s[14] == '4' && (s[19] == '8' || s[19] == '9' || s[19] == 'a' || s[19] == 'b');
}

bool is_lookup_token(std::string_view s) {
  static constexpr std::string_view kAlphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
  if (s.size() != 8) return false;
  for (char c : s)
    if (kAlphabet.find(c) == std::string_view::npos) return false;
  return true;
}

bool is_vietnam_time(std::string_view s) {
  // 2026-11-25T09:14:03+07:00
  if (s.size() != 25 || s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':' ||
      s[16] != ':' || s.substr(19) != "+07:00")
    return false;
  if (!digits(s, 0, 4) || !digits(s, 5, 2) || !digits(s, 8, 2) || !digits(s, 11, 2) ||
      !digits(s, 14, 2) || !digits(s, 17, 2))
    return false;
  const auto date = kiosk::parse_iso_date(s.substr(0, 10));
  if (!date || int(date->year()) < 2020 || int(date->year()) > 2099) return false;
  const int h = (s[11] - '0') * 10 + (s[12] - '0');
  const int m = (s[14] - '0') * 10 + (s[15] - '0');
  const int sec = (s[17] - '0') * 10 + (s[18] - '0');
  return h < 24 && m < 60 && sec < 60;
}

bool is_https_url(std::string_view url) {
  if (url.rfind("https://", 0) != 0 || url.size() <= 8 || url.size() > 2000) return false;
  for (unsigned char c : url)
    if (c <= 0x20 || c >= 0x7f || c == '"' || c == '<' || c == '>' || c == '\\' || c == '`')
      return false;
  return true;
}

std::optional<Problem> check_submission(const json& b, const std::string& terminal,
                                        const kiosk::Catalog& catalog) {
  if (!b.is_object())
    return problem("bad_json", "Nội dung không phải một đối tượng JSON.",
                   "The body is not a JSON object.");
  if (!only_keys(b, {"code", "lookup_token", "created_at", "agency_id", "field_id", "channel",
                     "terminal_id", "content", "decision", "impact", "aspects", "standing",
                     "people_count", "deadlines", "sealed_personal"}))
    return problem("unknown_field", "Yêu cầu có trường không có trong hợp đồng API.",
                   "The request has a field the contract does not define.");
  for (const char* key : {"code", "lookup_token", "created_at", "agency_id", "field_id", "channel",
                          "terminal_id", "content", "impact", "standing", "sealed_personal"})
    if (!is_string(b, key)) return bad_field(key);
  const std::string code = str(b, "code");
  if (!kiosk::looks_like_case_code(code) || code.size() > 40) return bad_field("code");
  if (str(b, "terminal_id") != terminal || code.substr(0, code.find('-')) != terminal)
    return problem("wrong_terminal", "Mã hồ sơ không thuộc máy đã gửi nó.",
                   "The case code does not belong to the terminal that sent it.");
  if (!is_lookup_token(str(b, "lookup_token"))) return bad_field("lookup_token");
  if (!is_vietnam_time(str(b, "created_at"))) return bad_field("created_at");
  if (str(b, "channel") != "kiosk") return bad_field("channel");
  const kiosk::Agency* agency = catalog.agency(str(b, "agency_id"));
  if (!agency)
    return problem("unknown_agency", "Cơ quan không có trong danh mục.",
                   "The body is not in the catalog.");
  const std::string field = str(b, "field_id");
  bool field_of_agency = false;
  for (const auto& f : agency->field_ids) field_of_agency = field_of_agency || f == field;
  if (!catalog.field(field) || !field_of_agency)
    return problem("unknown_field_id", "Lĩnh vực không có trong danh mục của cơ quan này.",
                   "The field is not in this body's catalog.");
  for (const std::size_t max : {std::string::npos, kiosk::kQuestionMaxChars})
    if (!text_ok(b["content"], max, false))  // empty or not NFC: 400; too long: 413
      return problem("bad_content",
                     "Nội dung câu hỏi trống, dài quá 4.000 ký tự hoặc không ở dạng NFC.",
                     "The question is empty, longer than 4,000 characters or not NFC.",
                     max == std::string::npos ? 400 : 413);
  if (!text_ok(b["impact"], 1000, true)) return bad_field("impact");
  if (!b.contains("decision") || !b["decision"].is_object() ||
      !only_keys(b["decision"], {"number", "date"}) || !is_string(b["decision"], "number") ||
      !is_string(b["decision"], "date") || !text_ok(b["decision"]["number"], 60, true))
    return bad_field("decision");
  if (const std::string d = str(b["decision"], "date"); !d.empty()) {
    // dd/mm/yyyy, a real day
    if (d.size() != 10 || d[2] != '/' || d[5] != '/' || !digits(d, 0, 2) || !digits(d, 3, 2) ||
        !digits(d, 6, 4) ||
        !kiosk::parse_iso_date(d.substr(6, 4) + "-" + d.substr(3, 2) + "-" + d.substr(0, 2)))
      return bad_field("decision");
  }
  if (!b.contains("aspects") || !b["aspects"].is_array() || b["aspects"].empty() ||
      b["aspects"].size() > 4)
    return bad_field("aspects");
  unsigned seen = 0;
  for (const json& a : b["aspects"]) {
    static constexpr std::array<const char*, 4> kAspects = {"legal_basis", "competence",
                                                            "procedure", "content"};
    unsigned bit = 0;
    for (std::size_t i = 0; i < kAspects.size(); ++i)
      if (a.is_string() && a.get_ref<const std::string&>() == kAspects[i]) bit = 1u << i;
    if (!bit || (seen & bit)) return bad_field("aspects");
    seen |= bit;
  }
  const std::string standing = str(b, "standing");
  if (standing != "self" && standing != "authorised" && standing != "representing")
    return bad_field("standing");
  if (b.contains("people_count") != (standing == "representing") ||
      (b.contains("people_count") && !int_in(b["people_count"], 2, 1000)))
    return bad_field("people_count");
  if (!b.contains("deadlines") || !b["deadlines"].is_object() ||
      !only_keys(b["deadlines"], {"acceptance_due", "answer_due"}))
    return bad_field("deadlines");
  for (const char* k : {"acceptance_due", "answer_due"})
    if (!is_string(b["deadlines"], k) || str(b["deadlines"], k).size() != 10 ||
        !kiosk::parse_iso_date(str(b["deadlines"], k)))
      return bad_field("deadlines");
  const auto& sealed = b["sealed_personal"].get_ref<const std::string&>();
  if (sealed.size() > kMaxSealedPersonalB64)
    return problem("sealed_personal_too_large", "Dữ liệu cá nhân vượt giới hạn.",
                   "The personal data is over its limit.", 413);
  if (!is_base64(sealed)) return bad_field("sealed_personal");
  return std::nullopt;
}

std::optional<Problem> check_personal(std::string_view plain) {
  const auto p = parse_json(plain);
  if (!p || !p->is_object())
    return problem("sealed_personal_unreadable", "Dữ liệu cá nhân không đọc được.",
                   "The personal data cannot be read.", 422);
  if (!p->contains("consent") || !(*p)["consent"].is_boolean() || !(*p)["consent"].get<bool>())
    return problem("no_consent", "Không có sự đồng ý xử lý dữ liệu cá nhân của người yêu cầu.",
                   "The requester's consent to processing personal data is missing.", 422);
  if (!text_ok(p->value("full_name", json()), kiosk::kNameMaxChars, false))
    return problem("bad_personal", "Thiếu họ và tên người yêu cầu.",
                   "The requester's full name is missing.", 422);
  for (const char* k : {"address", "phone", "mailing_address", "cccd", "email",
                        "signature_svg_path", "principal_name"})
    if (p->contains(k) && !(*p)[k].is_string())
      return problem("bad_personal", "Dữ liệu cá nhân có trường sai kiểu.",
                     "A personal data field has the wrong type.", 422);
  return std::nullopt;
}

std::optional<Problem> check_rating(const json& b, const std::string& terminal) {
  if (!b.is_object() ||
      !only_keys(b, {"id", "created_at", "terminal_id", "channel", "score", "comment"}))
    return problem("bad_rating", "Đánh giá không hợp lệ.", "The rating is not valid.");
  if (!is_string(b, "id") || !is_uuid(str(b, "id"))) return bad_field("id");
  if (!is_string(b, "created_at") || !is_vietnam_time(str(b, "created_at")))
    return bad_field("created_at");
  if (!is_string(b, "terminal_id") || str(b, "terminal_id") != terminal)
    return problem("wrong_terminal", "Đánh giá không thuộc máy đã gửi nó.",
                   "The rating does not belong to the terminal that sent it.");
  if (!is_string(b, "channel") || str(b, "channel") != "kiosk") return bad_field("channel");
  if (!b.contains("score") || !int_in(b["score"], 1, 4))
    return problem("score_out_of_range", "Mức đánh giá từ 1 đến 4.", "A score is 1 to 4.", 422);
  if (!b.contains("comment") || !text_ok(b["comment"], 1000, true)) return bad_field("comment");
  return std::nullopt;
}

std::optional<Problem> check_heartbeat(const json& b) {
  const auto bad =
      problem("bad_heartbeat", "Nhịp báo không hợp lệ.", "The heartbeat is not valid.");
  if (!b.is_object() || !only_keys(b, {"queue_depth", "oldest_queued_at", "printer", "scanner",
                                       "app_version", "uptime_s"}))
    return bad;
  if (!b.contains("queue_depth") || !int_in(b["queue_depth"], 0, 1'000'000'000)) return bad;
  if (!b.contains("uptime_s") || !int_in(b["uptime_s"], 0, 100LL * 365 * 86400)) return bad;
  if (!is_string(b, "app_version") || str(b, "app_version").empty() ||
      str(b, "app_version").size() > 64 || !kiosk::is_precomposed_vietnamese(str(b, "app_version")))
    return bad;
  if (b.contains("oldest_queued_at") && !b["oldest_queued_at"].is_null() &&
      !(b["oldest_queued_at"].is_string() && is_vietnam_time(str(b, "oldest_queued_at"))))
    return bad;
  auto one_of = [&](const char* key, std::initializer_list<const char*> states) {
    if (!b.contains(key)) return true;
    if (!b[key].is_string()) return false;
    for (const char* s : states)
      if (b[key].get_ref<const std::string&>() == s) return true;
    return false;
  };
  if (!one_of("printer",
              {"ready", "paper_out", "cover_open", "offline", "error", "disabled", "unknown"}) ||
      !one_of("scanner", {"connected", "disconnected", "wedge", "unknown"}))
    return bad;
  return std::nullopt;
}

std::optional<Problem> check_enroll(const json& b) {
  if (!b.is_object() || !is_string(b, "enrollment_code") || str(b, "enrollment_code").empty() ||
      str(b, "enrollment_code").size() > 32)
    return problem("missing_enrollment_code", "Thiếu mã đăng ký.",
                   "The enrollment code is missing.");
  if (!only_keys(b, {"enrollment_code", "hardware_id", "app_version"}) ||
      !is_string(b, "hardware_id") || str(b, "hardware_id").size() > 128 ||
      !is_string(b, "app_version") || str(b, "app_version").size() > 64)
    return problem("bad_enrollment", "Yêu cầu đăng ký máy không hợp lệ.",
                   "The enrollment request is not valid.");
  return std::nullopt;
}

std::optional<Problem> check_batch(const json& b, const char* item_name) {
  const auto bad = problem("bad_batch", "Lô gửi không hợp lệ.", "The batch is not valid.");
  if (!b.is_object() || !only_keys(b, {"items"}) || !b.contains("items") ||
      !b["items"].is_array() || b["items"].empty())
    return bad;
  if (b["items"].size() > kMaxBatch)
    return problem("batch_too_large", "Một lô gửi tối đa 100 mục.",
                   "A batch holds at most 100 items.", 413);
  for (const json& item : b["items"])
    if (!item.is_object() || !only_keys(item, {"idempotency_key", item_name}) ||
        !is_string(item, "idempotency_key") || !is_uuid(str(item, "idempotency_key")) ||
        !item.contains(item_name))
      return bad;
  return std::nullopt;
}

json stored_submission(const json& b) {
  json out = {{"code", b["code"]},
              {"lookup_token", b["lookup_token"]},
              {"created_at", b["created_at"]},
              {"agency_id", b["agency_id"]},
              {"field_id", b["field_id"]},
              {"channel", b["channel"]},
              {"terminal_id", b["terminal_id"]},
              {"content", b["content"]},
              {"decision", {{"number", b["decision"]["number"]}, {"date", b["decision"]["date"]}}},
              {"impact", b["impact"]},
              {"aspects", json::array()},
              {"standing", b["standing"]},
              {"deadlines",
               {{"acceptance_due", b["deadlines"]["acceptance_due"]},
                {"answer_due", b["deadlines"]["answer_due"]}}}};
  for (const json& a : b["aspects"]) out["aspects"].push_back(a.get<std::string>());
  if (b.contains("people_count")) out["people_count"] = b["people_count"].get<std::int64_t>();
  return out;
}

json stored_rating(const json& b) {
  return {{"id", b["id"]},
          {"created_at", b["created_at"]},
          {"terminal_id", b["terminal_id"]},
          {"channel", b["channel"]},
          {"score", b["score"].get<std::int64_t>()},
          {"comment", b["comment"]}};
}

json stored_heartbeat(const json& b) {
  json out = {{"queue_depth", b["queue_depth"].get<std::int64_t>()},
              {"app_version", b["app_version"]},
              {"uptime_s", b["uptime_s"].get<std::int64_t>()}};
  for (const char* k : {"oldest_queued_at", "printer", "scanner"})
    if (b.contains(k)) out[k] = b[k];
  return out;
}

}  // namespace portal
