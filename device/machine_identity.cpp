#include "machine_identity.hpp"

#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <fstream>

namespace device {

MachineIdentity read_machine_identity(const std::filesystem::path& machine_id_file) {
  MachineIdentity id;
  char host[256] = {};
  if (gethostname(host, sizeof host - 1) == 0) id.hostname = host;

  std::ifstream in(machine_id_file);
  std::string line;
  if (in && std::getline(in, line)) {
    line.erase(
        std::remove_if(line.begin(), line.end(), [](unsigned char c) { return !std::isxdigit(c); }),
        line.end());
    // systemd writes 32 lowercase hex digits; anything else is not an id.
    if (line.size() == 32) id.hardware_id = line;
  }
  if (id.hardware_id.empty()) id.hardware_id = "host-" + id.hostname;
  return id;
}

}  // namespace device
