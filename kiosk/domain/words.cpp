#include "words.hpp"

#include <array>
#include <utility>

namespace kiosk {

namespace {

// The names the command line (`--screen`) and the UI tests use.
constexpr std::array<std::pair<Screen, std::string_view>, 23> kScreenNames{{
    {Screen::Home, "home"},
    {Screen::RequestIntro, "request"},
    {Screen::RequestAgency, "request-agency"},
    {Screen::RequestField, "request-field"},
    {Screen::RequestDecision, "request-decision"},
    {Screen::RequestQuestion, "request-question"},
    {Screen::RequestStanding, "request-standing"},
    {Screen::RequestPersonal, "request-personal"},
    {Screen::RequestConsent, "request-consent"},
    {Screen::RequestSignature, "request-signature"},
    {Screen::RequestReview, "request-review"},
    {Screen::RequestReceipt, "request-receipt"},
    {Screen::StatusLookup, "status"},
    {Screen::StatusResult, "status-result"},
    {Screen::PublicAnswers, "public-answers"},
    {Screen::Rating, "rating"},
    {Screen::RatingThanks, "rating-thanks"},
    {Screen::AgencyInfo, "agencies"},
    {Screen::AgencyDetail, "agency"},
    {Screen::StaffPin, "staff-pin"},
    {Screen::Staff, "staff"},
    {Screen::Provisioning, "provisioning"},
    {Screen::Technician, "technician"},
}};

}  // namespace

std::string_view screen_name(Screen s) {
  for (const auto& [screen, name] : kScreenNames)
    if (screen == s) return name;
  return "home";
}

bool parse_screen(std::string_view name, Screen& out) {
  for (const auto& [screen, n] : kScreenNames) {
    if (n == name) {
      out = screen;
      return true;
    }
  }
  return false;
}

}  // namespace kiosk
