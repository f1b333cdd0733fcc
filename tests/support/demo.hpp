// The demo terminal's facts for tests and benches: its config's portal key, its catalog, and a
// resident's valid request. Built from the files in <build>/share/giaitrinh-kiosk/demo.
#pragma once

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>
#include <string>

#include "catalog.hpp"
#include "outbox.hpp"

namespace demo {

inline std::string read_file(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// Seal to the demo portal's key, count deadlines with the demo catalog; nullopt if unreadable.
inline std::optional<offline::SubmitContext> context(const std::string& terminal = "VL01") {
  const auto config =
      nlohmann::json::parse(read_file(KIOSK_SHARE_DIR "/demo/kiosk.json"), nullptr, false);
  if (config.is_discarded()) return std::nullopt;
  auto catalog = kiosk::parse_catalog(read_file(KIOSK_SHARE_DIR "/demo/catalog.json"));
  auto key = offline::parse_portal_key(config["portal"].value("public_key", ""));
  if (!catalog || !key) return std::nullopt;
  return offline::SubmitContext{terminal, *key, catalog->rules, catalog->calendar};
}

// A valid request, as the screens would have checked it.
inline kiosk::RequestDraft resident() {
  kiosk::RequestDraft d;
  d.agency_id = "ubnd-xa-vinh-linh";
  d.field_id = "dat-dai";
  d.impact = "Thu hồi đất vườn";
  d.aspects = kiosk::kAspectLegalBasis;
  d.question = "Vì sao giá bồi thường thấp hơn giá thị trường?";
  d.personal.full_name = "Lê Văn An";
  d.personal.address = "Khóm 3, xã Vĩnh Linh";
  d.personal.phone = "0912345678";
  d.personal.signature = {{{0.1f, 0.5f}, {0.9f, 0.5f}}};
  d.consent = true;
  return d;
}

}  // namespace demo
