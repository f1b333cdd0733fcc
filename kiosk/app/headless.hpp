// The kiosk without a window: the store and the sync engine only (`kiosk --headless`). For a
// terminal whose screen is broken, for scripted checks over SSH, and for the crash-loop test.
#pragma once

#include "config.hpp"
#include "options.hpp"
#include "sync.hpp"

namespace app {

// The sync engine's settings from the kiosk's configuration (portal URL, token, CA, terminal id).
[[nodiscard]] offline::SyncConfig sync_config(const kiosk::KioskConfig& config);

// Runs until SIGINT/SIGTERM, --exit-after-ms, or (with --until-drained) an empty queue.
// Returns 0, or 1 when the store cannot be opened or no portal is configured.
[[nodiscard]] int run_headless(const RunOptions& options);

}  // namespace app
