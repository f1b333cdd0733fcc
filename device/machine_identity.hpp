// Who this machine is, for enrollment and health reports: a stable id that holds no personal data.
#pragma once

#include <filesystem>
#include <string>

namespace device {

struct MachineIdentity {
  std::string hardware_id;  // systemd's machine-id, or the hostname when there is none
  std::string hostname;
};

// Reads `machine_id_file` (default /etc/machine-id); falls back to the hostname.
[[nodiscard]] MachineIdentity read_machine_identity(
    const std::filesystem::path& machine_id_file = "/etc/machine-id");

}  // namespace device
