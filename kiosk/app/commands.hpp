// Subcommands for checking the domain from a shell: `kiosk ime`, `kiosk deadline`.
#pragma once

#include <optional>

namespace app {

// Runs argv[1] as a subcommand when it names one; nullopt when it is no subcommand (run the kiosk).
[[nodiscard]] std::optional<int> run_command(int argc, char** argv);

}  // namespace app
