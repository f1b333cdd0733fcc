// What an area's reducer may do beyond its own state: read the shell, ask for effects, and ask
// the root to move to another screen (the root owns navigation and applies the move).
#pragma once

#include <optional>
#include <vector>

#include "effects.hpp"
#include "shell.hpp"

namespace kiosk {

struct Move {
  enum class Kind {
    Open,            // to this screen; "Quay lại" comes back
    Restart,         // to this screen with nothing to go back to (after a receipt, a sign-in)
    ReturnToReview,  // back to the review, dropping the steps opened from it
  };
  Kind kind;
  Screen to;
  bool keep_entry = false;  // the area has set what the new screen complains about
};

struct Step {
  const Shell& shell;
  Screen screen;  // where the user is
  std::vector<Effect>& effects;
  std::optional<Move> move = std::nullopt;

  void open(Screen s) { move = Move{Move::Kind::Open, s}; }
  void restart_at(Screen s) { move = Move{Move::Kind::Restart, s}; }
  void return_to_review() { move = Move{Move::Kind::ReturnToReview, Screen::RequestReview}; }
  template <class E>
  void emit(E effect) {
    effects.emplace_back(std::move(effect));
  }
};

}  // namespace kiosk
