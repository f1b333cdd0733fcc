#include "technician.hpp"

#include <algorithm>

#include "overloaded.hpp"
#include "qr_payload.hpp"

namespace kiosk {

void reduce_technician(TechnicianDesk& desk, Entry& entry, const TechnicianEvent& event,
                       Step& step) {
  std::visit(
      Overloaded{
          [&](const RequestTechTab& e) {
            if (step.screen != Screen::Technician) return;
            entry.leave();
            desk.tab = TechTab(std::clamp(int(e.tab), 0, kTechTabs - 1));
            if (desk.tab == TechTab::Information) step.emit(EffectLoadTechInfo{});
          },
          [&](const RequestNetworkCheck&) {
            if (step.screen != Screen::Technician || desk.network_check == NetworkCheck::Running)
              return;
            desk.network_check = NetworkCheck::Running;
            desk.network.clear();
            step.emit(EffectCheckNetwork{});
          },
          [&](const EventNetworkChecked& e) {
            desk.network_check = NetworkCheck::Done;
            desk.network = e.lines;
          },
          [&](const EventTechInfo& e) { desk.info = e.lines; },
          [&](const RequestTouchCell& e) {
            if (step.screen != Screen::Technician || e.cells <= 0 || e.cell < 0 ||
                e.cell >= e.cells)
              return;
            desk.touch_cells.resize(std::size_t(e.cells), false);
            desk.touch_cells[std::size_t(e.cell)] = true;
          },
      },
      event);
}

void technician_scanned(TechnicianDesk& desk, const std::string& payload) {
  desk.scan_test = payload.substr(0, kMaxPayloadBytes);  // the scanner test shows what it read
}

}  // namespace kiosk
