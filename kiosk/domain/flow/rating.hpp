// "Đánh giá mức độ hài lòng": a score of four, an optional comment, then thanks.
#pragma once

#include <cstdint>
#include <string>
#include <variant>

#include "request.hpp"
#include "request_path.hpp"
#include "step.hpp"
#include "text_entry.hpp"

namespace kiosk {

struct RatingForm {
  RatingDraft draft;
  Sending sending = Sending::Idle;
  std::string error_vi, error_en;  // Failed: why, in words
};

struct RequestRate {
  int score;
  std::int64_t now_ms;
};
struct RequestSubmitRating {
  std::int64_t now_ms;
};
struct EventRatingSaved {};
struct EventRatingFailed {
  std::string message_vi, message_en;
};
using RatingEvent =
    std::variant<RequestRate, RequestSubmitRating, EventRatingSaved, EventRatingFailed>;

void reduce_rating(RatingForm& r, Entry& entry, const RatingEvent& event, Step& step);

}  // namespace kiosk
