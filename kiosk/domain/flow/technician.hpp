// Technician mode while signed in: the terminal's facts, the network check, the printer, the
// scanner test and the touch test. The desk exists only while a technician is signed in.
#pragma once

#include <cstdint>
#include <string>
#include <variant>
#include <vector>

#include "step.hpp"
#include "text_entry.hpp"

namespace kiosk {

// A fact on the technician's screens; the strings table names it.
enum class TechFact {
  Version,
  Terminal,
  Portal,
  Provisioned,
  Queue,
  NeedsAttention,
  LastContact,
  Catalog,
  Printer,
  Scanner,
  DiskFree,
  Store,
  Screen,
  Dns,
  Tcp,
  Tls,
  Token,
  Clock,
};
struct TechLine {
  TechFact fact;
  std::string value;  // empty: not known / not set up
  bool ok = true;
};

enum class TechTab { Information, Network, Printer, Scanner, Touch };
inline constexpr int kTechTabs = 5;
enum class NetworkCheck { NotRun, Running, Done };

struct TechnicianDesk {
  TechTab tab = TechTab::Information;
  std::vector<TechLine> info, network;
  NetworkCheck network_check = NetworkCheck::NotRun;
  std::string scan_test;          // what the scanner read last, shown as it came
  std::vector<bool> touch_cells;  // the touch test grid: cells touched so far
};

struct RequestTechTab {
  TechTab tab;
  std::int64_t now_ms;
};
struct RequestNetworkCheck {
  std::int64_t now_ms;
};
struct EventNetworkChecked {
  std::vector<TechLine> lines;
};
struct EventTechInfo {
  std::vector<TechLine> lines;
};
struct RequestTouchCell {
  int cell;
  int cells;  // how many the grid has
  std::int64_t now_ms;
};
using TechnicianEvent = std::variant<RequestTechTab, RequestNetworkCheck, EventNetworkChecked,
                                     EventTechInfo, RequestTouchCell>;

void reduce_technician(TechnicianDesk& desk, Entry& entry, const TechnicianEvent& event,
                       Step& step);
void technician_scanned(TechnicianDesk& desk, const std::string& payload);

}  // namespace kiosk
