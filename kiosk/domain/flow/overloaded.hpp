// The visitor every reducer builds from lambdas: std::visit with one lambda per alternative.
#pragma once

namespace kiosk {

template <class... Ts>
struct Overloaded : Ts... {
  using Ts::operator()...;
};
template <class... Ts>
Overloaded(Ts...) -> Overloaded<Ts...>;

}  // namespace kiosk
