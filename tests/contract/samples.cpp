// Prints what this terminal sends, as JSON lines {"schema": <OpenAPI component>, "body": …}: a
// submission and a rating taken from a real outbox (as the sync engine will send them), and the
// demo catalog. tests/contract/check.py validates them against docs/openapi.yaml.
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include <sqlite3.h>

#include "catalog.hpp"
#include "demo.hpp"
#include "outbox.hpp"

namespace fs = std::filesystem;
using nlohmann::json;

using demo::read_file;

int main() {
  const fs::path dir = fs::temp_directory_path() / ("kiosk-contract-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  int rc = 1;
  {
    auto store = offline::Store::open(dir / "kiosk.db");
    const std::string catalog_text = read_file(KIOSK_SHARE_DIR "/demo/catalog.json");
    const auto context = demo::context();
    if (store && context) {
      const offline::SubmitContext& ctx = *context;
      // The demo resident, representing twelve households, with every optional part filled in.
      kiosk::RequestDraft d = demo::resident();
      d.decision_number = "125/QĐ-UBND";
      d.decision_date = "12/10/2026";
      d.impact = "Thu hồi đất vườn của 12 hộ";
      d.aspects = kiosk::kAspectLegalBasis | kiosk::kAspectProcedure;
      d.standing = kiosk::Standing::Representing;
      d.people_count = "12";
      const auto now = std::chrono::system_clock::now();
      if (offline::submit_request(*store, d, ctx, now) &&
          offline::submit_rating(*store, {3, "Nhanh"}, ctx.terminal_id, now)) {
        sqlite3_stmt* st = nullptr;
        sqlite3_prepare_v2(store->handle(),
                           "SELECT kind, body, sealed_personal FROM outbox ORDER BY id", -1, &st,
                           nullptr);
        while (sqlite3_step(st) == SQLITE_ROW) {
          const std::string kind = reinterpret_cast<const char*>(sqlite3_column_text(st, 0));
          json body = json::parse(reinterpret_cast<const char*>(sqlite3_column_text(st, 1)));
          if (kind == "request") {
            const auto* blob = static_cast<const unsigned char*>(sqlite3_column_blob(st, 2));
            body["sealed_personal"] = offline::to_base64(
                std::vector<unsigned char>(blob, blob + sqlite3_column_bytes(st, 2)));
          }
          std::printf("%s\n",
                      json{{"schema", kind == "request" ? "Submission" : "Rating"}, {"body", body}}
                          .dump()
                          .c_str());
        }
        sqlite3_finalize(st);
        std::printf(
            "%s\n",
            json{{"schema", "Catalog"}, {"body", json::parse(catalog_text)}}.dump().c_str());
        rc = 0;
      }
    }
  }
  fs::remove_all(dir);
  return rc;
}
