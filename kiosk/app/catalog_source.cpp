#include "catalog_source.hpp"

#include <string>

#include "files.hpp"
#include "log.hpp"
#include "outbox.hpp"
#include "store.hpp"

namespace app {

std::optional<kiosk::Catalog> catalog_in_force(offline::Store* store,
                                               const std::filesystem::path& file) {
  if (store) {
    auto stored = offline::load_catalog(*store);
    if (stored && *stored) {
      if (auto parsed = kiosk::parse_catalog((*stored)->body))
        return std::move(*parsed);
      else
        log_error("store: the kept catalog is unreadable: %s", parsed.error().c_str());
    }
  }
  if (file.empty()) return std::nullopt;
  const auto body = read_file(file);
  if (!body) {
    log_error("catalog: cannot read %s", file.c_str());
    return std::nullopt;
  }
  auto parsed = kiosk::parse_catalog(*body);
  if (!parsed) {
    log_error("%s (%s)", parsed.error().c_str(), file.c_str());
    return std::nullopt;
  }
  if (store) {
    if (auto saved = offline::save_catalog(*store, {parsed->version, *body}); !saved)
      log_error("store: cannot keep the catalog: %s", saved.error().detail.c_str());
  }
  return std::move(*parsed);
}

}  // namespace app
