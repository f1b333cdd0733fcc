// Prints both sides of the sync contract as JSON lines {"schema": <OpenAPI component>, "body": …}.
// The terminal's: a submission and a rating taken from a real outbox, the batches and the
// heartbeat as the sync engine builds them, and the demo catalog. The portal's: what the reference
// Service answers to them (acknowledgements, batch results, the case status before and after the
// agency answers, an enrollment, errors). tests/contract/check.py validates them against
// docs/openapi.yaml.
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
#include "service.hpp"
#include "sync.hpp"

namespace fs = std::filesystem;
using nlohmann::json;

using demo::read_file;

namespace {
void emit(const char* schema, const json& body) {
  std::printf("%s\n", json{{"schema", schema}, {"body", body}}.dump().c_str());
}
}  // namespace

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
        std::vector<std::pair<std::string, json>> requests, ratings;
        sqlite3_stmt* st = nullptr;
        sqlite3_prepare_v2(store->handle(),
                           "SELECT kind, body, sealed_personal, idempotency_key FROM outbox "
                           "ORDER BY id",
                           -1, &st, nullptr);
        while (sqlite3_step(st) == SQLITE_ROW) {
          const std::string kind = reinterpret_cast<const char*>(sqlite3_column_text(st, 0));
          json body = json::parse(reinterpret_cast<const char*>(sqlite3_column_text(st, 1)));
          const std::string key = reinterpret_cast<const char*>(sqlite3_column_text(st, 3));
          if (kind == "request") {
            const auto* blob = static_cast<const unsigned char*>(sqlite3_column_blob(st, 2));
            body["sealed_personal"] = offline::to_base64(
                std::vector<unsigned char>(blob, blob + sqlite3_column_bytes(st, 2)));
          }
          emit(kind == "request" ? "Submission" : "Rating", body);
          (kind == "request" ? requests : ratings).emplace_back(key, body);
        }
        sqlite3_finalize(st);
        emit("Catalog", json::parse(catalog_text));
        emit("RequestBatch", offline::batch_body(requests, true));
        emit("RatingBatch", offline::batch_body(ratings, false));
        emit("Heartbeat", offline::heartbeat_body(*store, "0.1.0", 42));

        // The portal's answers to exactly these.
        portal::ServiceConfig pc;
        pc.db_file = dir / "portal.db";
        pc.secret_key_file = KIOSK_SOURCE_DIR "/portal/demo/portal_secret_key.b64";
        pc.catalog_file = KIOSK_SHARE_DIR "/demo/catalog.json";
        std::string error;
        auto svc = portal::Service::open(pc, error);
        if (!svc || requests.empty() || ratings.empty()) {
          std::fprintf(stderr, "contract: %s\n", error.c_str());
          return 1;
        }
        const auto& [key, request] = requests.front();
        const auto ack = svc->submit("VL01", key, request);
        emit("SubmissionAck", ack.body);
        emit("SubmissionAck", svc->submit("VL01", key, request).body);  // the repeat
        emit("RatingAck", svc->rate("VL01", ratings.front().first, ratings.front().second).body);
        emit("BatchResults", svc->batch("VL01", offline::batch_body(requests, true), true).body);
        emit("BatchResults", svc->batch("VL01", offline::batch_body(ratings, false), false).body);
        const std::string code = request["code"];
        const std::string token = request["lookup_token"];
        emit("CaseStatus", *svc->case_status(code, token));
        (void)svc->move_case(code, "accept", json::object());
        (void)svc->move_case(code, "answer",
                             {{"summary", "Giá bồi thường theo bảng giá đất năm 2026."},
                              {"document_url", "https://example.gov.vn/1.pdf"}});
        emit("CaseStatus", *svc->case_status(code, token));
        (void)svc->move_case(code, "publish", json::object());
        emit("PublicAnswers", svc->public_answers());
        const std::string enrollment =
            svc->make_enrollment_code("VL02", std::chrono::minutes(5)).value();
        emit("EnrollResponse", svc->enroll({{"enrollment_code", enrollment},
                                            {"hardware_id", "hw"},
                                            {"app_version", "0.1.0"}})
                                   .body);
        emit("Error", svc->enroll({{"enrollment_code", enrollment}}).body);  // used: 409
        emit("Error", svc->submit("VL01", key, json{{"code", "x"}}).body);
        rc = 0;
      }
    }
  }
  fs::remove_all(dir);
  return rc;
}
