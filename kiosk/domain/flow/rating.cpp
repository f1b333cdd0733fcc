#include "rating.hpp"

#include "overloaded.hpp"
#include "utf8.hpp"

namespace kiosk {

void reduce_rating(RatingForm& r, Entry& entry, const RatingEvent& event, Step& step) {
  std::visit(Overloaded{
                 [&](const RequestRate& e) {
                   if (e.score >= 1 && e.score <= 4) r.draft.score = e.score;
                   entry.forget_problems(Subject::Score);
                 },
                 [&](const RequestSubmitRating&) {
                   if (step.screen != Screen::Rating || r.sending == Sending::Waiting) return;
                   if (r.draft.score == 0) {
                     entry.problems = {{TextField::None, Subject::Score, Problem::Required}};
                     return;
                   }
                   if (count_code_points(r.draft.comment) > max_chars(TextField::RatingComment)) {
                     entry.problems = {{TextField::RatingComment, Subject::Text, Problem::TooLong}};
                     return;
                   }
                   r.error_vi.clear();
                   r.error_en.clear();
                   r.sending = Sending::Waiting;
                   step.emit(EffectSubmitRating{r.draft});
                 },
                 [&](const EventRatingSaved&) {
                   if (r.sending != Sending::Waiting) return;
                   r = RatingForm{};
                   step.restart_at(Screen::RatingThanks);
                 },
                 [&](const EventRatingFailed& e) {
                   if (r.sending != Sending::Waiting) return;
                   r.sending = Sending::Failed;
                   r.error_vi = e.message_vi;
                   r.error_en = e.message_en;
                 },
             },
             event);
}

}  // namespace kiosk
