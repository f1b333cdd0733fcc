// The catalog in force on this terminal: the one the portal last sent (kept in the store), else
// the configured file, which is then kept. The window and the headless burn-in read it alike.
#pragma once

#include <filesystem>
#include <optional>

#include "catalog.hpp"

namespace offline {
class Store;
}

namespace app {

// `store` may be null (no store could be opened): the file alone. Problems are logged.
[[nodiscard]] std::optional<kiosk::Catalog> catalog_in_force(offline::Store* store,
                                                             const std::filesystem::path& file);

}  // namespace app
