// Every resident-facing text of the UI, in Vietnamese and English. All entries are NFC.
#pragma once

#include <span>

#include "flow.hpp"

namespace ui {

enum class Str {
  TileRequest,
  TileRequestHint,
  TileStatus,
  TileStatusHint,
  TileRating,
  TileRatingHint,
  TileAgencies,
  TileAgenciesHint,
  SwitchLanguage,
  NetOnline,
  NetOffline,        // takes the queue length
  NetNotConfigured,  // takes the queue length
  NetOfflineUnknownQueue,
  NetNotConfiguredUnknownQueue,
  IdleTitle,
  IdleBody,  // takes the seconds left
  IdleStay,
  Back,
  Cancel,
  ComingSoon,
  HomeWelcome,
  StoreErrorTitle,
  Count_,
};

struct StringRow {
  Str id;
  const char* vi;
  const char* en;
};

[[nodiscard]] const char* tr(Str id, kiosk::Lang lang);
[[nodiscard]] std::span<const StringRow> all_strings();

// "Thứ Hai" … "Chủ Nhật" / "Monday" … "Sunday"; weekday 0 = Sunday as in struct tm.
[[nodiscard]] const char* weekday_name(int weekday, kiosk::Lang lang);

}  // namespace ui
