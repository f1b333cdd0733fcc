// The portal's logic over its SQLite file, without HTTP: terminals and enrollment, submissions and
// ratings (single and batched, idempotent), heartbeats, case status, and the agency's moves on a
// case (the admin CLI). The HTTP layer (portal.cpp) and the CLI (main.cpp) both call this.
// Sealed personal data is kept sealed and never logged; the service only checks that it opens.
#pragma once

#include <sqlite3.h>

#include <array>
#include <chrono>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "catalog.hpp"

namespace portal {

// An HTTP status and its JSON body (an error body is {"error": {code, message_vi, message_en}}).
struct Outcome {
  int status = 200;
  nlohmann::json body;
};

[[nodiscard]] Outcome error_outcome(int status, const char* code, const char* vi, const char* en);

struct ServiceConfig {
  std::filesystem::path db_file;
  std::filesystem::path secret_key_file;  // base64 X25519 secret key: opens sealed personal data
                                          // (empty: no submissions, as for the admin CLI)
  std::filesystem::path catalog_file;     // the catalog served to terminals (also the centre)
  std::string center_id = "vinh-linh";
  std::string center_name = "Trung tâm Phục vụ hành chính công xã Vĩnh Linh";
  std::string center_address = "Khu phố 3, xã Vĩnh Linh, tỉnh Quảng Trị";
};

class Service {
 public:
  using Clock = std::chrono::system_clock;

  [[nodiscard]] static std::unique_ptr<Service> open(const ServiceConfig& config,
                                                     std::string& error);
  ~Service();
  Service(const Service&) = delete;
  Service& operator=(const Service&) = delete;

  // Terminals.
  [[nodiscard]] std::optional<std::string> terminal_for_token(const std::string& token);
  [[nodiscard]] bool set_terminal_token(const std::string& terminal_id, const std::string& token);
  [[nodiscard]] bool revoke(const std::string& terminal_id);
  // A one-time enrollment code for terminal_id, valid for `ttl`; nullopt when it was not stored.
  [[nodiscard]] std::optional<std::string> make_enrollment_code(const std::string& terminal_id,
                                                                std::chrono::minutes ttl);
  [[nodiscard]] Outcome enroll(const nlohmann::json& body);
  [[nodiscard]] Outcome heartbeat(const std::string& terminal, const std::string& path_id,
                                  const nlohmann::json& body);
  // Every terminal, with last heartbeat and "silent" when quiet for more than 15 minutes.
  [[nodiscard]] nlohmann::json terminals();

  // Submissions and ratings: 201 new, 200 the same key again, 4xx refused.
  [[nodiscard]] Outcome submit(const std::string& terminal, const std::string& key,
                               const nlohmann::json& body);
  [[nodiscard]] Outcome rate(const std::string& terminal, const std::string& key,
                             const nlohmann::json& body);
  // {"items": [{"idempotency_key", "<item_name>": {…}}]} in one transaction → {"results": […]}.
  [[nodiscard]] Outcome batch(const std::string& terminal, const nlohmann::json& body,
                              bool requests);

  // The case for code + token; nullopt alike for an unknown code and a wrong or malformed token.
  [[nodiscard]] std::optional<nlohmann::json> case_status(const std::string& code,
                                                          const std::string& token);
  // The case for code + the last 4 digits of the phone the resident gave (the typed alternative
  // to the lookup token). Wrong digits look like an unknown code (404); after 5 wrong tries in an
  // hour for a code, 429 until the hour is over, so 10,000 combinations cannot be walked.
  [[nodiscard]] Outcome case_status_by_phone(const std::string& code, const std::string& last4);
  // What an officer handling the case sees: the case, its content, and the personal data opened
  // with the portal's secret key. For the officer's screen (stdout of the admin CLI), never a log.
  [[nodiscard]] Outcome officer_view(const std::string& code);
  // The agency's move on a case: accept, refuse, redirect, supplement, suspend, resume, extend,
  // answer, publish, terminate. `args`: reason/to/note/days/summary/document_url.
  [[nodiscard]] Outcome move_case(const std::string& code, const std::string& action,
                                  const nlohmann::json& args);
  // Answered explanations the agency marked public, newest first, without personal data:
  // {"answers": [{agency, field, answered_at, question, summary, document_url}]}.
  [[nodiscard]] nlohmann::json public_answers();
  // Counts for tests and the admin CLI: cases, ratings.
  [[nodiscard]] int count(const char* table);

  [[nodiscard]] const std::string& catalog_body() const { return catalog_body_; }
  [[nodiscard]] const std::string& catalog_etag() const { return catalog_etag_; }
  [[nodiscard]] const kiosk::Catalog& catalog() const { return catalog_; }
  void set_clock(std::function<Clock::time_point()> now) { now_ = std::move(now); }

 private:
  Service() = default;
  // The body against the contract, then its sealed data opened and checked (consent), before
  // any transaction; a refusal, or nothing with `sealed` filled.
  std::optional<Outcome> check_submission_body(const std::string& terminal, const std::string& key,
                                               const nlohmann::json& body,
                                               std::vector<unsigned char>& sealed);
  Outcome submit_locked(const std::string& terminal, const std::string& key,
                        const nlohmann::json& body, const std::vector<unsigned char>& sealed);
  Outcome rate_locked(const std::string& terminal, const std::string& key,
                      const nlohmann::json& body);
  // Opens sealed personal data and hands the plaintext to `use`, then wipes it; false when it
  // does not open with the portal's key.
  template <class Use>
  bool with_opened(const std::vector<unsigned char>& box, Use&& use);

  ServiceConfig config_;
  sqlite3* db_ = nullptr;
  std::mutex mutex_;  // httplib serves on a pool of threads; SQLite gets one at a time
  bool has_secret_key_ = false;
  std::array<unsigned char, 32> secret_key_{};
  std::array<unsigned char, 32> public_key_{};
  std::string catalog_body_;
  std::string catalog_etag_;
  kiosk::Catalog catalog_;
  std::function<Clock::time_point()> now_ = [] { return Clock::now(); };
};

}  // namespace portal
