#include "printout.hpp"

#include <nlohmann/json.hpp>

#include "case_state.hpp"
#include "utf8.hpp"

namespace kiosk {

namespace {

using nlohmann::json;

std::vector<std::string> words_of(std::string_view text) {
  std::vector<std::string> words;
  std::string word;
  for (char c : text) {
    if (c == ' ' || c == '\t' || c == '\n') {
      if (!word.empty()) words.push_back(std::move(word));
      word.clear();
    } else {
      word += c;
    }
  }
  if (!word.empty()) words.push_back(std::move(word));
  return words;
}

std::string first_letter(std::string_view word) {
  std::vector<char32_t> cps;
  if (!decode_utf8(word, cps) || cps.empty()) return "";
  std::string out;
  append_utf8(out, cps.front());
  return out;
}

PrintBlock heading(std::string text) {
  return {BlockStyle::Heading, std::move(text), true};
}
PrintBlock label(std::string text) {
  return {BlockStyle::Label, std::move(text), false};
}
PrintBlock body(std::string text) {
  return {BlockStyle::Body, std::move(text), false};
}
PrintBlock small(std::string text, bool centred = false) {
  return {BlockStyle::Small, std::move(text), centred};
}
PrintBlock rule() {
  return {BlockStyle::Rule, "", false};
}
PrintBlock gap() {
  return {BlockStyle::Gap, "", false};
}

void add_field(std::vector<PrintBlock>& out, std::string name, std::string value) {
  if (value.empty()) return;
  out.push_back(label(std::move(name)));
  out.push_back(body(std::move(value)));
}

constexpr std::string_view kWeekdays[] = {"Chủ nhật", "Thứ Hai", "Thứ Ba", "Thứ Tư",
                                          "Thứ Năm",  "Thứ Sáu", "Thứ Bảy"};

std::string weekday_date(Date d) {
  const std::chrono::weekday wd{std::chrono::sys_days{d}};
  return std::string(kWeekdays[wd.c_encoding()]) + ", " + format_vi_date(d);
}

void add_center_footer(std::vector<PrintBlock>& out, const PrintHeader& h) {
  out.push_back(rule());
  if (!h.center_name.empty()) out.push_back(small(h.center_name, true));
  if (!h.center_address.empty()) out.push_back(small(h.center_address, true));
  if (!h.hotline.empty()) out.push_back(small("Đường dây nóng: " + h.hotline, true));
}

}  // namespace

std::string mask_name(std::string_view full_name) {
  const auto words = words_of(full_name);
  if (words.empty()) return "";
  if (words.size() == 1) return first_letter(words[0]) + "***";
  if (words.size() == 2) return words[0] + " " + first_letter(words[1]) + "***";
  return words.front() + " *** " + words.back();
}

std::string mask_phone(std::string_view phone) {
  std::string digits;
  if (phone.starts_with("+84")) {
    digits = "0";
    phone.remove_prefix(3);
  }
  for (char c : phone)
    if (c >= '0' && c <= '9') digits += c;
  if (digits.size() < 7) return "***";
  return digits.substr(0, 4) + " *** " + digits.substr(digits.size() - 3);
}

std::string format_vi_datetime(std::string_view t) {
  // "2026-11-25T14:05:09+07:00" -> "14:05 25/11/2026"
  if (t.size() < 16 || t[4] != '-' || t[7] != '-' || t[10] != 'T' || t[13] != ':')
    return std::string(t);
  return std::string(t.substr(11, 5)) + " " + std::string(t.substr(8, 2)) + "/" +
         std::string(t.substr(5, 2)) + "/" + std::string(t.substr(0, 4));
}

Printout receipt_printout(const ReceiptFacts& f, const PrintHeader& h,
                          std::string_view printed_at) {
  const Receipt& r = f.receipt;
  Printout p;
  p.qr = f.status_url;
  p.beside = {
      {BlockStyle::Heading, "PHIẾU TIẾP NHẬN YÊU CẦU GIẢI TRÌNH", false},
      small("Tiếp nhận lúc " + format_vi_datetime(r.created_at)),
      small("Mã tra cứu: " + r.lookup_token),
  };
  auto& b = p.blocks;
  b.push_back(small("Mã hồ sơ:"));
  b.push_back({BlockStyle::Code, r.code, true});
  b.push_back(rule());
  add_field(b, "Thủ tục:", "Tiếp nhận yêu cầu giải trình (Nghị định 59/2019/NĐ-CP)");
  add_field(b, "Nơi tiếp nhận:",
            h.center_name + (h.center_address.empty() ? "" : ", ") + h.center_address);
  add_field(b, "Thời điểm tiếp nhận:", format_vi_datetime(r.created_at));
  add_field(b, "Cơ quan giải trình:", f.agency_name.empty() ? r.agency_id : f.agency_name);
  add_field(b, "Lĩnh vực:", f.field_name.empty() ? r.field_id : f.field_name);
  add_field(b, "Người yêu cầu:", f.requester_masked);
  add_field(b, "Điện thoại:", f.phone_masked);
  b.push_back(rule());
  b.push_back(label("Thời hạn theo quy định:"));
  b.push_back(body("Thông báo tiếp nhận chậm nhất: " + weekday_date(r.deadlines.acceptance_due)));
  b.push_back(
      body("Trả lời giải trình dự kiến chậm nhất: " + weekday_date(r.deadlines.answer_due)));
  b.push_back(
      small("Thời hạn giải trình tính từ ngày thông báo tiếp nhận; có thể gia hạn một "
            "lần, không quá 15 ngày, và phải thông báo."));
  b.push_back(rule());
  b.push_back(label("Theo dõi hồ sơ:"));
  b.push_back(
      body("Đưa mã QR của phiếu này vào máy quét tại Trung tâm, hoặc quét bằng điện "
           "thoại để xem trên trang:"));
  b.push_back(small(f.status_url));
  add_center_footer(b, h);
  b.push_back(small("Phát hành bởi " + h.issuing_system + ", máy " + h.terminal_id + ", lúc " +
                        format_vi_datetime(printed_at),
                    true));
  b.push_back(small("Xin giữ phiếu để tra cứu. Cảm ơn ông/bà.", true));
  return p;
}

Printout status_slip_printout(const CaseView& v, std::string_view status_url, const PrintHeader& h,
                              std::string_view printed_at, Date today,
                              const WorkingDayCalendar& calendar) {
  Printout p;
  p.qr = std::string(status_url);
  auto& b = p.blocks;
  if (p.qr.empty())
    b.push_back(heading("PHIẾU TÌNH TRẠNG HỒ SƠ"));
  else
    p.beside = {{BlockStyle::Heading, "PHIẾU TÌNH TRẠNG HỒ SƠ", false},
                small("In lúc " + format_vi_datetime(printed_at))};
  b.push_back(small("Mã hồ sơ:"));
  b.push_back({BlockStyle::Code, v.code, true});
  const CaseStateText state = case_state_text(v.status);
  b.push_back(rule());
  add_field(b, "Tình trạng:", std::string(state.vi));
  add_field(b, "Cơ quan giải trình:", v.agency_name.empty() ? v.agency_id : v.agency_name);
  add_field(b, "Lĩnh vực:", v.field_name.empty() ? v.field_id : v.field_name);
  add_field(b, "Tiếp nhận lúc:", format_vi_datetime(v.received_at));
  auto deadline_line = [&](std::string name, const std::string& iso, bool pending) {
    const auto due = parse_iso_date(iso);
    if (!due) return;
    std::string text = weekday_date(*due);
    if (pending) {
      const DeadlineStanding st = deadline_standing(*due, today, calendar);
      text += st.overdue ? " (quá hạn " + std::to_string(st.days) + " ngày)"
                         : " (còn " + std::to_string(st.days) + " ngày làm việc)";
    }
    add_field(b, std::move(name), text);
  };
  deadline_line("Hạn thông báo tiếp nhận:", v.acceptance_due, acceptance_pending(v.status));
  deadline_line("Hạn trả lời giải trình:", v.answer_due, answer_pending(v.status));
  if (!v.history.empty()) {
    b.push_back(label("Diễn biến:"));
    for (const CaseEvent& e : v.history) {
      std::string line =
          format_vi_datetime(e.at) + " – " + std::string(case_state_text(e.status).vi);
      if (!e.note.empty()) line += ": " + e.note;
      b.push_back(body(line));
    }
  }
  add_field(b, "Nội dung trả lời:", v.answer_summary);
  add_field(b, "Văn bản giải trình:", v.document_url);
  if (state.closed)
    b.push_back(
        small("Không đồng ý với kết quả, ông/bà có quyền khiếu nại, tố cáo theo quy định "
              "của pháp luật."));
  if (v.source == CaseSource::Cache)
    b.push_back(small("Thông tin cập nhật lúc " + format_vi_datetime(v.fetched_at) +
                      " (máy đang ngoại tuyến)."));
  if (v.source == CaseSource::Outbox)
    b.push_back(small("Hồ sơ đã tiếp nhận tại máy, đang chờ gửi lên cổng dịch vụ."));
  add_center_footer(b, h);
  b.push_back(small("In lúc " + format_vi_datetime(printed_at) + ", máy " + h.terminal_id, true));
  return p;
}

Printout daily_summary_printout(Date day, const std::vector<DayCase>& cases, int print_failures,
                                const PrintHeader& h, std::string_view printed_at) {
  Printout p;
  auto& b = p.blocks;
  b.push_back(heading("TỔNG HỢP TRONG NGÀY"));
  b.push_back({BlockStyle::Body, weekday_date(day) + " – máy " + h.terminal_id, true});
  b.push_back(rule());
  int synced = 0, queued = 0, attention = 0;
  for (const DayCase& c : cases) {
    if (c.sync_state == "synced")
      ++synced;
    else if (c.sync_state == "needs_attention")
      ++attention;
    else
      ++queued;
  }
  b.push_back(body("Yêu cầu tiếp nhận: " + std::to_string(cases.size())));
  b.push_back(body("Đã gửi lên cổng dịch vụ: " + std::to_string(synced)));
  b.push_back(body("Đang chờ gửi: " + std::to_string(queued)));
  b.push_back(body("Cần nhân viên xử lý: " + std::to_string(attention)));
  b.push_back(body("Phiếu in không thành công: " + std::to_string(print_failures)));
  b.push_back(rule());
  for (const DayCase& c : cases) {
    const std::string state = c.sync_state == "synced"            ? "đã gửi"
                              : c.sync_state == "needs_attention" ? "cần xử lý"
                                                                  : "chờ gửi";
    const std::string time = c.created_at.size() >= 16 ? c.created_at.substr(11, 5) : "";
    b.push_back(body(time + "  " + c.code + "  " + state));
  }
  if (cases.empty()) b.push_back(body("Chưa có yêu cầu nào trong ngày."));
  add_center_footer(b, h);
  b.push_back(small("In lúc " + format_vi_datetime(printed_at), true));
  return p;
}

Printout test_page_printout(const PrintHeader& h, std::string_view printer,
                            std::string_view printed_at) {
  Printout p;
  p.qr = "GIAITRINH-TEST " + h.terminal_id;
  p.beside = {{BlockStyle::Heading, "TRANG IN THỬ", false},
              small("Máy " + h.terminal_id),
              small(std::string(printer))};
  auto& b = p.blocks;
  b.push_back(rule());
  add_field(b, "Máy in:", std::string(printer));
  b.push_back(label("Chữ tiếng Việt đủ dấu:"));
  b.push_back(body("a á à ả ã ạ ă ắ ằ ẳ ẵ ặ â ấ ầ ẩ ẫ ậ"));
  b.push_back(body("e é è ẻ ẽ ẹ ê ế ề ể ễ ệ i í ì ỉ ĩ ị"));
  b.push_back(body("o ó ò ỏ õ ọ ô ố ồ ổ ỗ ộ ơ ớ ờ ở ỡ ợ"));
  b.push_back(body("u ú ù ủ ũ ụ ư ứ ừ ử ữ ự y ý ỳ ỷ ỹ ỵ đ Đ"));
  b.push_back(body("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM – Độc lập – Tự do – Hạnh phúc"));
  b.push_back(small("Chữ nhỏ: Trung tâm Phục vụ hành chính công tiếp nhận yêu cầu giải trình."));
  b.push_back({BlockStyle::Code, "0123456789", true});
  b.push_back(rule());
  b.push_back(small("Mã QR phía trên đọc được: máy quét và đầu in hoạt động tốt.", true));
  b.push_back(small("In lúc " + format_vi_datetime(printed_at), true));
  b.push_back(gap());
  return p;
}

std::string receipt_facts_json(const ReceiptFacts& f) {
  const Receipt& r = f.receipt;
  json j = {{"code", r.code},
            {"lookup_token", r.lookup_token},
            {"created_at", r.created_at},
            {"received", format_iso_date(r.received)},
            {"acceptance_due", format_iso_date(r.deadlines.acceptance_due)},
            {"answer_due", format_iso_date(r.deadlines.answer_due)},
            {"agency_id", r.agency_id},
            {"field_id", r.field_id},
            {"agency_name", f.agency_name},
            {"field_name", f.field_name},
            {"status_url", f.status_url}};
  return j.dump();
}

namespace {

constexpr std::pair<BlockStyle, std::string_view> kStyleIds[] = {
    {BlockStyle::Heading, "heading"}, {BlockStyle::Code, "code"},   {BlockStyle::Label, "label"},
    {BlockStyle::Body, "body"},       {BlockStyle::Small, "small"}, {BlockStyle::Rule, "rule"},
    {BlockStyle::Gap, "gap"}};

json blocks_json(const std::vector<PrintBlock>& blocks) {
  json out = json::array();
  for (const PrintBlock& b : blocks) {
    std::string_view id = "body";
    for (const auto& [style, name] : kStyleIds)
      if (style == b.style) id = name;
    out.push_back({{"style", id}, {"text", b.text}, {"centred", b.centred}});
  }
  return out;
}

bool parse_blocks(const json& j, std::vector<PrintBlock>& out) {
  if (!j.is_array()) return false;
  for (const json& b : j) {
    if (!b.is_object() || !b.contains("style") || !b["style"].is_string()) return false;
    PrintBlock block;
    bool known = false;
    for (const auto& [style, name] : kStyleIds)
      if (b["style"].get<std::string>() == name) {
        block.style = style;
        known = true;
      }
    if (!known) return false;
    if (b.contains("text") && b["text"].is_string()) block.text = b["text"].get<std::string>();
    if (b.contains("centred") && b["centred"].is_boolean())
      block.centred = b["centred"].get<bool>();
    out.push_back(std::move(block));
  }
  return true;
}

}  // namespace

std::string printout_json(const Printout& p) {
  return json{{"qr", p.qr}, {"beside", blocks_json(p.beside)}, {"blocks", blocks_json(p.blocks)}}
      .dump();
}

std::expected<Printout, std::string> parse_printout(std::string_view text) {
  const json j = json::parse(text, nullptr, false);
  Printout p;
  if (!j.is_object() || !parse_blocks(j.value("beside", json::array()), p.beside) ||
      !parse_blocks(j.value("blocks", json::array()), p.blocks))
    return std::unexpected("printout: not a printout document");
  if (j.contains("qr") && j["qr"].is_string()) p.qr = j["qr"].get<std::string>();
  return p;
}

std::expected<ReceiptFacts, std::string> parse_receipt_facts(std::string_view text) {
  const json j = json::parse(text, nullptr, false);
  if (!j.is_object()) return std::unexpected("receipt facts: not a JSON object");
  ReceiptFacts f;
  auto str = [&](const char* key) -> std::string {
    const auto it = j.find(key);
    return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
  };
  Receipt& r = f.receipt;
  r.code = str("code");
  r.lookup_token = str("lookup_token");
  r.created_at = str("created_at");
  r.agency_id = str("agency_id");
  r.field_id = str("field_id");
  f.agency_name = str("agency_name");
  f.field_name = str("field_name");
  f.status_url = str("status_url");
  const auto received = parse_iso_date(str("received"));
  const auto acceptance = parse_iso_date(str("acceptance_due"));
  const auto answer = parse_iso_date(str("answer_due"));
  if (r.code.empty() || !received || !acceptance || !answer)
    return std::unexpected("receipt facts: code or dates missing");
  r.received = *received;
  r.deadlines = {*acceptance, *answer};
  return f;
}

}  // namespace kiosk

namespace kiosk {

std::string_view printer_state_id(PrinterState s) {
  switch (s) {
    case PrinterState::Ready: return "ready";
    case PrinterState::PaperOut: return "paper_out";
    case PrinterState::CoverOpen: return "cover_open";
    case PrinterState::Offline: return "offline";
    case PrinterState::Error: return "error";
    case PrinterState::Disabled: return "disabled";
    case PrinterState::Unknown: break;
  }
  return "unknown";
}

PrinterState parse_printer_state(std::string_view text) {
  const std::string_view id = text.substr(0, text.find(':'));
  for (PrinterState s : {PrinterState::Ready, PrinterState::PaperOut, PrinterState::CoverOpen,
                         PrinterState::Offline, PrinterState::Error, PrinterState::Disabled})
    if (printer_state_id(s) == id) return s;
  return PrinterState::Unknown;
}

std::string_view printer_state_vi(PrinterState s) {
  switch (s) {
    case PrinterState::Ready: return "Máy in sẵn sàng";
    case PrinterState::PaperOut: return "Máy in hết giấy";
    case PrinterState::CoverOpen: return "Nắp máy in đang mở";
    case PrinterState::Offline: return "Không kết nối được máy in";
    case PrinterState::Error: return "Máy in báo lỗi";
    case PrinterState::Disabled: return "Máy này không có máy in";
    case PrinterState::Unknown: break;
  }
  return "Chưa rõ tình trạng máy in";
}

std::string_view printer_state_en(PrinterState s) {
  switch (s) {
    case PrinterState::Ready: return "Printer ready";
    case PrinterState::PaperOut: return "The printer is out of paper";
    case PrinterState::CoverOpen: return "The printer's cover is open";
    case PrinterState::Offline: return "The printer cannot be reached";
    case PrinterState::Error: return "The printer reports an error";
    case PrinterState::Disabled: return "This terminal has no printer";
    case PrinterState::Unknown: break;
  }
  return "Printer state unknown";
}

}  // namespace kiosk
