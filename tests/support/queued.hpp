// A submission exactly as the terminal's outbox holds it, with its sealed personal data in
// base64: what the sync engine sends. For the tests and benches that talk to the portal directly.
#pragma once

#include <sqlite3.h>

#include <chrono>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "demo.hpp"
#include "outbox.hpp"
#include "sealing.hpp"

struct Queued {
  std::string key;
  nlohmann::json body;
};

// Commits the demo resident's request to `store`, then reads it back as the sync engine would.
inline std::optional<Queued> queue_submission(offline::Store& store) {
  const auto ctx = demo::context();
  if (!ctx ||
      !offline::submit_request(store, demo::resident(), *ctx, std::chrono::system_clock::now()))
    return std::nullopt;
  sqlite3_stmt* st = nullptr;
  sqlite3_prepare_v2(store.handle(),
                     "SELECT idempotency_key, body, sealed_personal FROM outbox ORDER BY id DESC",
                     -1, &st, nullptr);
  std::optional<Queued> q;
  if (sqlite3_step(st) == SQLITE_ROW) {
    q = Queued{reinterpret_cast<const char*>(sqlite3_column_text(st, 0)),
               nlohmann::json::parse(reinterpret_cast<const char*>(sqlite3_column_text(st, 1)))};
    const auto* blob = static_cast<const unsigned char*>(sqlite3_column_blob(st, 2));
    q->body["sealed_personal"] =
        offline::to_base64(std::vector<unsigned char>(blob, blob + sqlite3_column_bytes(st, 2)));
  }
  sqlite3_finalize(st);
  return q;
}
