// `kiosk status`: the terminal's health as JSON for a technician's SSH session (and, later, the
// technician screen): version, provisioning, queue, last contact with the portal, catalog,
// printer, scanner, disk, store, screen; with --network, the portal checked step by step.
#pragma once

#include <nlohmann/json.hpp>
#include <string_view>
#include <vector>

#include "config.hpp"

namespace app {

[[nodiscard]] nlohmann::json terminal_status(const kiosk::KioskConfig& config, bool check_network);

// kiosk status [--network] [kiosk options such as --config, --state-dir]
[[nodiscard]] int status_command(const std::vector<std::string_view>& args);

}  // namespace app
