#include "strings.hpp"

#include <array>

namespace ui {

namespace {

using kiosk::Lang;

constexpr std::array<StringRow, static_cast<std::size_t>(Str::Count_)> kRows{{
    {Str::TileRequest, "Yêu cầu giải trình", "Request an explanation"},
    {Str::TileRequestHint, "Đề nghị cơ quan nhà nước giải thích một quyết định, hành vi",
     "Ask a state body to explain a decision or an act"},
    {Str::TileStatus, "Tra cứu hồ sơ", "Check your case"},
    {Str::TileStatusHint, "Quét mã QR trên phiếu tiếp nhận hoặc nhập mã hồ sơ",
     "Scan the QR code on your receipt or type the case code"},
    {Str::TileRating, "Đánh giá mức độ hài lòng", "Rate our service"},
    {Str::TileRatingHint, "Ý kiến của bạn giúp chúng tôi phục vụ tốt hơn",
     "Your opinion helps us serve you better"},
    {Str::TileAgencies, "Thông tin cơ quan, thủ tục", "Agencies and procedures"},
    {Str::TileAgenciesHint, "Chức năng, thẩm quyền, quy trình và thời hạn giải trình",
     "Functions, competence, procedure and time limits"},
    {Str::SwitchLanguage, "English", "Tiếng Việt"},
    {Str::NetOnline, "Đã kết nối", "Online"},
    {Str::NetOffline, "Đang ngoại tuyến – %d hồ sơ chờ gửi", "Offline – %d submissions waiting"},
    {Str::NetNotConfigured, "Chưa kết nối cổng dịch vụ – %d hồ sơ chờ gửi",
     "Not connected to the portal – %d submissions waiting"},
    {Str::NetOfflineUnknownQueue, "Đang ngoại tuyến", "Offline"},
    {Str::NetNotConfiguredUnknownQueue, "Chưa kết nối cổng dịch vụ", "Not connected to the portal"},
    {Str::IdleTitle, "Bạn còn đang sử dụng không?", "Are you still there?"},
    {Str::IdleBody, "Sau %d giây, màn hình sẽ trở về trang chủ và xoá thông tin bạn đã nhập.",
     "In %d seconds the screen returns home and clears what you entered."},
    {Str::IdleStay, "Tôi vẫn đang dùng", "I am still here"},
    {Str::Back, "‹ Quay lại", "‹ Back"},
    {Str::Cancel, "Huỷ", "Cancel"},
    {Str::ComingSoon, "Chức năng này đang được hoàn thiện và sẽ có trong bản cập nhật tới.",
     "This service is being finished and arrives in the next update."},
    {Str::HomeWelcome, "Xin mời chọn dịch vụ", "Please choose a service"},
    {Str::StoreErrorTitle, "Máy đang gặp sự cố lưu trữ", "The terminal has a storage problem"},
}};

constexpr std::array<const char*, 7> kWeekdaysVi{"Chủ Nhật", "Thứ Hai", "Thứ Ba", "Thứ Tư",
                                                 "Thứ Năm",  "Thứ Sáu", "Thứ Bảy"};
constexpr std::array<const char*, 7> kWeekdaysEn{"Sunday",   "Monday", "Tuesday", "Wednesday",
                                                 "Thursday", "Friday", "Saturday"};

constexpr bool rows_in_order() {
  for (std::size_t i = 0; i < kRows.size(); ++i)
    if (static_cast<std::size_t>(kRows[i].id) != i) return false;
  return true;
}
static_assert(rows_in_order(), "kRows must list every Str once, in enum order");

}  // namespace

const char* tr(Str id, Lang lang) {
  const StringRow& row = kRows[static_cast<std::size_t>(id)];
  return lang == Lang::Vi ? row.vi : row.en;
}

std::span<const StringRow> all_strings() {
  return kRows;
}

const char* weekday_name(int weekday, Lang lang) {
  const auto i = static_cast<std::size_t>(((weekday % 7) + 7) % 7);
  return lang == Lang::Vi ? kWeekdaysVi[i] : kWeekdaysEn[i];
}

}  // namespace ui
