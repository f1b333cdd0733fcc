#include "portal.hpp"

#include <httplib.h>
#include <sodium.h>
#include <sqlite3.h>

#include <cstdio>
#include <fstream>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>

#include "calendar.hpp"
#include "catalog.hpp"
#include "request.hpp"
#include "utf8.hpp"
#include "validation.hpp"

namespace portal {

namespace {

using nlohmann::json;

std::string read_file(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string hex_hash(std::string_view data) {
  unsigned char h[32];
  crypto_generichash(h, sizeof h, reinterpret_cast<const unsigned char*>(data.data()), data.size(),
                     nullptr, 0);
  char out[65];
  sodium_bin2hex(out, sizeof out, h, sizeof h);
  return out;
}

void send_error(httplib::Response& res, int status, const char* code, const char* vi,
                const char* en) {
  res.status = status;
  res.set_content(json{{"error", {{"code", code}, {"message_vi", vi}, {"message_en", en}}}}.dump(),
                  "application/json");
}

std::string html_escape(std::string_view s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default: out.push_back(c);
    }
  }
  return out;
}

constexpr const char* kSchema = R"sql(
PRAGMA journal_mode = WAL;
PRAGMA synchronous = FULL;
CREATE TABLE IF NOT EXISTS terminals (
  id      TEXT PRIMARY KEY,
  token   TEXT NOT NULL UNIQUE,
  revoked INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS requests (
  code            TEXT PRIMARY KEY,
  idempotency_key TEXT NOT NULL UNIQUE,
  body_hash       TEXT NOT NULL,
  lookup_token    TEXT NOT NULL,
  terminal_id     TEXT NOT NULL,
  agency_id       TEXT NOT NULL,
  field_id        TEXT NOT NULL,
  body            TEXT NOT NULL,  -- without the sealed personal data
  sealed_personal BLOB NOT NULL,  -- kept sealed; opened only where an officer needs it
  status          TEXT NOT NULL,
  received_at     TEXT NOT NULL,
  acceptance_due  TEXT NOT NULL,
  answer_due      TEXT NOT NULL,
  ack             TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS history (
  code   TEXT NOT NULL REFERENCES requests(code),
  at     TEXT NOT NULL,
  status TEXT NOT NULL,
  note   TEXT NOT NULL DEFAULT ''
);
CREATE TABLE IF NOT EXISTS ratings (
  id              TEXT PRIMARY KEY,
  idempotency_key TEXT NOT NULL UNIQUE,
  body_hash       TEXT NOT NULL,
  terminal_id     TEXT NOT NULL,
  body            TEXT NOT NULL
);
)sql";

}  // namespace

struct Portal::Impl {
  PortalConfig config;
  std::unique_ptr<httplib::SSLServer> server;
  sqlite3* db = nullptr;
  std::mutex db_mutex;  // httplib serves on a pool of threads; SQLite gets one at a time
  std::array<unsigned char, 32> secret_key{};
  std::array<unsigned char, 32> public_key{};
  std::string catalog_body;
  std::string catalog_etag;
  kiosk::Catalog catalog;

  ~Impl() {
    if (db) sqlite3_close(db);
  }

  // The terminal a bearer token belongs to; nullopt when unknown or revoked.
  std::optional<std::string> terminal_of(const httplib::Request& req) {
    const std::string auth = req.get_header_value("Authorization");
    if (auth.rfind("Bearer ", 0) != 0) return std::nullopt;
    const std::string token = auth.substr(7);
    std::lock_guard lock(db_mutex);
    sqlite3_stmt* st = nullptr;
    sqlite3_prepare_v2(db, "SELECT id FROM terminals WHERE token = ?1 AND revoked = 0", -1, &st,
                       nullptr);
    sqlite3_bind_text(st, 1, token.c_str(), -1, SQLITE_TRANSIENT);
    std::optional<std::string> id;
    if (sqlite3_step(st) == SQLITE_ROW)
      id = reinterpret_cast<const char*>(sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
    return id;
  }

  bool opens(const std::string& sealed_b64) {
    std::vector<unsigned char> box(sealed_b64.size());
    std::size_t len = 0;
    if (sodium_base642bin(box.data(), box.size(), sealed_b64.data(), sealed_b64.size(), nullptr,
                          &len, nullptr, sodium_base64_VARIANT_ORIGINAL) != 0 ||
        len < crypto_box_SEALBYTES)
      return false;
    std::vector<unsigned char> plain(len - crypto_box_SEALBYTES);
    const bool ok = crypto_box_seal_open(plain.data(), box.data(), len, public_key.data(),
                                         secret_key.data()) == 0;
    sodium_memzero(plain.data(), plain.size());  // checked, not kept in the clear
    return ok;
  }

  // Checks a submission; returns an empty string when it is acceptable, else the error code.
  static std::string invalid_submission(const json& b) {
    for (const char* key : {"code", "lookup_token", "created_at", "agency_id", "field_id",
                            "channel", "terminal_id", "content", "sealed_personal"})
      if (!b.contains(key) || !b[key].is_string()) return std::string("missing_") + key;
    if (!kiosk::looks_like_case_code(b["code"].get<std::string>())) return "bad_code";
    if (!b.contains("aspects") || !b["aspects"].is_array() || b["aspects"].empty())
      return "missing_aspects";
    if (!kiosk::is_precomposed_vietnamese(b.dump())) return "not_nfc";
    return {};
  }

  void post_request(const httplib::Request& req, httplib::Response& res,
                    const std::string& terminal) {
    const std::string key = req.get_header_value("Idempotency-Key");
    if (key.empty())
      return send_error(res, 400, "missing_idempotency_key", "Thiếu Idempotency-Key.",
                        "Idempotency-Key is missing.");
    json body = json::parse(req.body, nullptr, false);
    if (body.is_discarded() || !body.is_object())
      return send_error(res, 400, "bad_json", "Nội dung không phải JSON.", "The body is not JSON.");
    if (const std::string why = invalid_submission(body); !why.empty())
      return send_error(res, 400, why.c_str(), "Yêu cầu thiếu hoặc sai thông tin.",
                        "The request is missing or has a wrong field.");
    if (kiosk::count_code_points(body["content"].get<std::string>()) > kiosk::kQuestionMaxChars)
      return send_error(res, 413, "content_too_long", "Nội dung dài quá 4.000 ký tự.",
                        "The content is longer than 4,000 characters.");
    const std::string hash = hex_hash(body.dump());
    {  // the same key again: the same answer, never a second case
      std::lock_guard lock(db_mutex);
      sqlite3_stmt* st = nullptr;
      sqlite3_prepare_v2(db, "SELECT body_hash, ack FROM requests WHERE idempotency_key = ?1", -1,
                         &st, nullptr);
      sqlite3_bind_text(st, 1, key.c_str(), -1, SQLITE_TRANSIENT);
      if (sqlite3_step(st) == SQLITE_ROW) {
        const std::string stored_hash = reinterpret_cast<const char*>(sqlite3_column_text(st, 0));
        const std::string ack = reinterpret_cast<const char*>(sqlite3_column_text(st, 1));
        sqlite3_finalize(st);
        if (stored_hash != hash)
          return send_error(res, 422, "idempotency_key_reused",
                            "Khoá Idempotency-Key đã dùng cho một yêu cầu khác.",
                            "This Idempotency-Key was used for a different request.");
        res.status = 200;
        res.set_content(ack, "application/json");
        return;
      }
      sqlite3_finalize(st);
    }
    if (!opens(body["sealed_personal"].get<std::string>()))
      return send_error(res, 422, "sealed_personal_unreadable",
                        "Dữ liệu cá nhân không mở được bằng khoá của cổng.",
                        "The personal data does not open with the portal's key.");
    const std::string created = body["created_at"].get<std::string>();
    const auto received = kiosk::parse_iso_date(created.substr(0, 10));
    if (!received)
      return send_error(res, 400, "bad_created_at", "Thời điểm tạo không hợp lệ.",
                        "created_at is not a date-time.");
    const auto due = kiosk::deadlines_for(*received, catalog.rules, catalog.calendar);
    const json ack = {{"code", body["code"]},
                      {"status", "received"},
                      {"received_at", created},
                      {"deadlines",
                       {{"acceptance_due", kiosk::format_iso_date(due.acceptance_due)},
                        {"answer_due", kiosk::format_iso_date(due.answer_due)}}}};
    json stored = body;
    stored.erase("sealed_personal");
    std::vector<unsigned char> sealed(body["sealed_personal"].get<std::string>().size());
    std::size_t sealed_len = 0;
    const std::string b64 = body["sealed_personal"].get<std::string>();
    sodium_base642bin(sealed.data(), sealed.size(), b64.data(), b64.size(), nullptr, &sealed_len,
                      nullptr, sodium_base64_VARIANT_ORIGINAL);
    std::lock_guard lock(db_mutex);
    sqlite3_exec(db, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr);
    sqlite3_stmt* st = nullptr;
    sqlite3_prepare_v2(db,
                       "INSERT INTO requests(code, idempotency_key, body_hash, lookup_token, "
                       "terminal_id, agency_id, field_id, body, sealed_personal, status, "
                       "received_at, acceptance_due, answer_due, ack) VALUES "
                       "(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, 'received', ?10, ?11, ?12, ?13)",
                       -1, &st, nullptr);
    const std::string texts[] = {body["code"],         key,          hash,
                                 body["lookup_token"], terminal,     body["agency_id"],
                                 body["field_id"],     stored.dump()};
    for (int i = 0; i < 8; ++i)
      sqlite3_bind_text(st, i + 1, texts[i].c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_blob(st, 9, sealed.data(), int(sealed_len), SQLITE_TRANSIENT);
    const std::string acc = kiosk::format_iso_date(due.acceptance_due);
    const std::string ans = kiosk::format_iso_date(due.answer_due);
    const std::string ack_text = ack.dump();
    sqlite3_bind_text(st, 10, created.c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 11, acc.c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 12, ans.c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 13, ack_text.c_str(), -1, SQLITE_TRANSIENT);
    const int rc = sqlite3_step(st);
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE) {
      sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
      return send_error(res, 422, "code_taken", "Mã hồ sơ đã có với một khoá khác.",
                        "This case code exists under another key.");
    }
    sqlite3_prepare_v2(db, "INSERT INTO history(code, at, status) VALUES (?1, ?2, 'received')", -1,
                       &st, nullptr);
    sqlite3_bind_text(st, 1, texts[0].c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 2, created.c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_step(st);
    sqlite3_finalize(st);
    sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
    res.status = 201;
    res.set_content(ack_text, "application/json");
  }

  void post_rating(const httplib::Request& req, httplib::Response& res,
                   const std::string& terminal) {
    const std::string key = req.get_header_value("Idempotency-Key");
    json body = json::parse(req.body, nullptr, false);
    if (key.empty() || body.is_discarded() || !body.is_object() || !body.contains("id") ||
        !body.contains("score") || !body["score"].is_number_integer())
      return send_error(res, 400, "bad_rating", "Đánh giá không hợp lệ.",
                        "The rating is not valid.");
    const int score = body["score"].get<int>();
    if (score < 1 || score > 4)
      return send_error(res, 422, "score_out_of_range", "Mức đánh giá từ 1 đến 4.",
                        "A score is 1 to 4.");
    const std::string hash = hex_hash(body.dump());
    std::lock_guard lock(db_mutex);
    sqlite3_stmt* st = nullptr;
    sqlite3_prepare_v2(db, "SELECT body_hash FROM ratings WHERE idempotency_key = ?1", -1, &st,
                       nullptr);
    sqlite3_bind_text(st, 1, key.c_str(), -1, SQLITE_TRANSIENT);
    if (sqlite3_step(st) == SQLITE_ROW) {
      const bool same = hash == reinterpret_cast<const char*>(sqlite3_column_text(st, 0));
      sqlite3_finalize(st);
      if (!same)
        return send_error(res, 422, "idempotency_key_reused",
                          "Khoá Idempotency-Key đã dùng cho một đánh giá khác.",
                          "This Idempotency-Key was used for a different rating.");
      res.status = 200;
      res.set_content(json{{"id", body["id"]}}.dump(), "application/json");
      return;
    }
    sqlite3_finalize(st);
    sqlite3_prepare_v2(db,
                       "INSERT INTO ratings(id, idempotency_key, body_hash, terminal_id, body) "
                       "VALUES (?1, ?2, ?3, ?4, ?5)",
                       -1, &st, nullptr);
    const std::string id = body["id"].is_string() ? body["id"].get<std::string>() : key;
    const std::string text = body.dump();
    for (int i = 0; const std::string* v : {&id, &key, &hash, &terminal, &text})
      sqlite3_bind_text(st, ++i, v->c_str(), -1, SQLITE_TRANSIENT);
    const int rc = sqlite3_step(st);
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE)
      return send_error(res, 422, "rating_id_taken", "Mã đánh giá đã có.", "The rating id exists.");
    res.status = 201;
    res.set_content(json{{"id", id}}.dump(), "application/json");
  }

  // The case for code + token, or nullopt (unknown code and wrong token look the same).
  std::optional<json> case_status(const std::string& code, const std::string& token) {
    std::lock_guard lock(db_mutex);
    sqlite3_stmt* st = nullptr;
    sqlite3_prepare_v2(db,
                       "SELECT lookup_token, status, agency_id, field_id, received_at, "
                       "acceptance_due, answer_due FROM requests WHERE code = ?1",
                       -1, &st, nullptr);
    sqlite3_bind_text(st, 1, code.c_str(), -1, SQLITE_TRANSIENT);
    std::optional<json> out;
    if (sqlite3_step(st) == SQLITE_ROW) {
      auto col = [&](int i) {
        return std::string(reinterpret_cast<const char*>(sqlite3_column_text(st, i)));
      };
      // Constant-time compare: the token is the only secret here.
      const std::string stored = col(0);
      if (stored.size() == token.size() &&
          sodium_memcmp(stored.data(), token.data(), token.size()) == 0) {
        json agency = {{"id", col(2)}, {"name", col(2)}};
        if (const auto* a = catalog.agency(col(2))) agency["name"] = a->name.vi;
        json field = {{"id", col(3)}, {"name", col(3)}};
        if (const auto* f = catalog.field(col(3))) field["name"] = f->name.vi;
        out = json{{"code", code},
                   {"status", col(1)},
                   {"agency", agency},
                   {"field", field},
                   {"received_at", col(4)},
                   {"deadlines", {{"acceptance_due", col(5)}, {"answer_due", col(6)}}},
                   {"history", json::array()}};
      }
    }
    sqlite3_finalize(st);
    if (!out) return out;
    sqlite3_prepare_v2(db, "SELECT at, status, note FROM history WHERE code = ?1 ORDER BY rowid",
                       -1, &st, nullptr);
    sqlite3_bind_text(st, 1, code.c_str(), -1, SQLITE_TRANSIENT);
    while (sqlite3_step(st) == SQLITE_ROW) {
      (*out)["history"].push_back(
          {{"at", reinterpret_cast<const char*>(sqlite3_column_text(st, 0))},
           {"status", reinterpret_cast<const char*>(sqlite3_column_text(st, 1))},
           {"note", reinterpret_cast<const char*>(sqlite3_column_text(st, 2))}});
    }
    sqlite3_finalize(st);
    return out;
  }

  std::string status_page(const json& c, bool en) {
    auto date = [](const json& d) {
      const auto parsed = kiosk::parse_iso_date(d.get<std::string>());
      return parsed ? kiosk::format_vi_date(*parsed) : d.get<std::string>();
    };
    const std::string status = c["status"];
    const char* status_vi =
        status == "received" ? "Đã tiếp nhận, chờ cơ quan thông báo tiếp nhận" : status.c_str();
    const char* status_en = status == "received"
                                ? "Received, waiting for the body's acceptance notice"
                                : status.c_str();
    std::string html =
        "<!doctype html><html lang=\"" + std::string(en ? "en" : "vi") +
        "\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" "
        "content=\"width=device-width,initial-scale=1\"><title>" +
        html_escape(c["code"].get<std::string>()) +
        "</title><style>body{font-family:sans-serif;margin:1.2em;line-height:1.5;color:#1a1f2b}"
        "h1{font-size:1.4em;color:#0b3d6e}.due{font-weight:bold}</style></head><body>";
    html += "<h1>" + std::string(en ? "Case " : "Hồ sơ ") +
            html_escape(c["code"].get<std::string>()) + "</h1>";
    html += "<p>" + html_escape(c["agency"]["name"].get<std::string>()) + " – " +
            html_escape(c["field"]["name"].get<std::string>()) + "</p>";
    html += "<p><strong>" + std::string(en ? "Status: " : "Tình trạng: ") +
            html_escape(en ? status_en : status_vi) + "</strong></p>";
    html += "<p class=\"due\">" +
            std::string(en ? "Acceptance notice due: " : "Hạn thông báo tiếp nhận: ") +
            date(c["deadlines"]["acceptance_due"]) + "</p>";
    html += "<p class=\"due\">" +
            std::string(en ? "Explanation expected by: " : "Hạn giải trình dự kiến: ") +
            date(c["deadlines"]["answer_due"]) + "</p>";
    html += "</body></html>";
    return html;
  }
};

Portal::Portal(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Portal::~Portal() = default;

std::unique_ptr<Portal> Portal::create(const PortalConfig& config, std::string& error) {
  if (sodium_init() < 0) {
    error = "libsodium failed to start";
    return nullptr;
  }
  auto impl = std::make_unique<Impl>();
  impl->config = config;
  std::string sk = read_file(config.secret_key_file);
  while (!sk.empty() && (sk.back() == '\n' || sk.back() == '\r')) sk.pop_back();
  std::size_t len = 0;
  if (sodium_base642bin(impl->secret_key.data(), impl->secret_key.size(), sk.data(), sk.size(),
                        nullptr, &len, nullptr, sodium_base64_VARIANT_ORIGINAL) != 0 ||
      len != 32) {
    error = "the secret key file is not 32 bytes of base64: " + config.secret_key_file.string();
    return nullptr;
  }
  crypto_scalarmult_base(impl->public_key.data(), impl->secret_key.data());
  impl->catalog_body = read_file(config.catalog_file);
  auto catalog = kiosk::parse_catalog(impl->catalog_body);
  if (!catalog) {
    error = catalog.error() + " (" + config.catalog_file.string() + ")";
    return nullptr;
  }
  impl->catalog = std::move(*catalog);
  impl->catalog_etag = "\"" + hex_hash(impl->catalog_body).substr(0, 32) + "\"";
  if (sqlite3_open(config.db_file.c_str(), &impl->db) != SQLITE_OK ||
      sqlite3_exec(impl->db, kSchema, nullptr, nullptr, nullptr) != SQLITE_OK) {
    error = std::string("cannot open the portal database: ") + sqlite3_errmsg(impl->db);
    return nullptr;
  }
  sqlite3_busy_timeout(impl->db, 5000);
  if (!config.demo_token.empty()) {
    sqlite3_stmt* st = nullptr;
    sqlite3_prepare_v2(impl->db,
                       "INSERT INTO terminals(id, token) VALUES (?1, ?2) ON CONFLICT(id) DO "
                       "UPDATE SET token = excluded.token, revoked = 0",
                       -1, &st, nullptr);
    sqlite3_bind_text(st, 1, config.demo_terminal_id.c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 2, config.demo_token.c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_step(st);
    sqlite3_finalize(st);
  }
  impl->server =
      std::make_unique<httplib::SSLServer>(config.cert_file.c_str(), config.key_file.c_str());
  if (!impl->server->is_valid()) {
    error = "cannot load the server certificate or key: " + config.cert_file.string();
    return nullptr;
  }
  Impl* p = impl.get();
  auto& s = *impl->server;
  auto authed = [p](auto handler) {
    return [p, handler](const httplib::Request& req, httplib::Response& res) {
      const auto terminal = p->terminal_of(req);
      if (!terminal)
        return send_error(res, 401, "unauthorized", "Máy chưa được cấp quyền hoặc đã bị thu hồi.",
                          "The terminal is not enrolled or its token was revoked.");
      handler(req, res, *terminal);
    };
  };
  s.Post("/api/v1/requests", authed([p](const httplib::Request& req, httplib::Response& res,
                                        const std::string& t) { p->post_request(req, res, t); }));
  s.Post("/api/v1/ratings", authed([p](const httplib::Request& req, httplib::Response& res,
                                       const std::string& t) { p->post_rating(req, res, t); }));
  s.Get("/api/v1/catalog",
        authed([p](const httplib::Request& req, httplib::Response& res, const std::string&) {
          res.set_header("ETag", p->catalog_etag);
          if (req.get_header_value("If-None-Match") == p->catalog_etag) {
            res.status = 304;
            return;
          }
          res.set_content(p->catalog_body, "application/json");
        }));
  s.Get(R"(/api/v1/requests/([A-Z0-9-]+))",
        authed([p](const httplib::Request& req, httplib::Response& res, const std::string&) {
          const auto c = p->case_status(req.matches[1], req.get_param_value("t"));
          if (!c)
            return send_error(res, 404, "not_found", "Không tìm thấy hồ sơ.", "No such case.");
          res.set_content(c->dump(), "application/json");
        }));
  s.Get(R"(/c/([A-Z0-9-]+))", [p](const httplib::Request& req, httplib::Response& res) {
    const bool en = req.get_param_value("lang") == "en";
    const auto c = p->case_status(req.matches[1], req.get_param_value("t"));
    if (!c) {
      res.status = 404;
      res.set_content(en ? "<!doctype html><meta charset=\"utf-8\"><p>No such case.</p>"
                         : "<!doctype html><meta charset=\"utf-8\"><p>Không tìm thấy hồ sơ.</p>",
                      "text/html; charset=utf-8");
      return;
    }
    res.set_content(p->status_page(*c, en), "text/html; charset=utf-8");
  });
  return std::unique_ptr<Portal>(new Portal(std::move(impl)));
}

int Portal::bind(const std::string& host, int port) {
  if (port == 0) return impl_->server->bind_to_any_port(host);
  return impl_->server->bind_to_port(host, port) ? port : -1;
}

void Portal::run() {
  impl_->server->listen_after_bind();
}

void Portal::stop() {
  impl_->server->stop();
}

bool Portal::running() const {
  return impl_->server->is_running();
}

}  // namespace portal
