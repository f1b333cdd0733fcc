// A resident's whole request in the real window: taps on tiles, buttons and keyboard keys, a
// signature drawn with the pointer, then the outbox row read back from the SQLite file.
#include <doctest/doctest.h>

#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

#include <sqlite3.h>

#include "config.hpp"
#include "driver.hpp"
#include "live_portal.hpp"
#include "options.hpp"

namespace fs = std::filesystem;
using kiosk::Screen;

namespace {

app::RunOptions path_options(const fs::path& state, std::vector<std::string> extra = {}) {
  return uitest::run_options(state, std::move(extra));
}

using uitest::shot;

void check_targets(const app::App& app, float min) {
  for (const ui::Hit& h : app.hits()) {
    CAPTURE(h.name);
    CHECK(h.size().x >= min);
    CHECK(h.size().y >= min);
  }
}

}  // namespace

TEST_CASE("a resident asks for an explanation, end to end, and the outbox holds it") {
  const fs::path state = fs::temp_directory_path() / ("kiosk-path-" + std::to_string(::getpid()));
  fs::remove_all(state);
  const auto o = path_options(state);
  const float min = kiosk::min_touch_px(o.config);
  std::string error;
  auto app = app::App::create(o, {}, error);
  REQUIRE_MESSAGE(app, error);
  app->open_store();
  app->settle();
  REQUIRE(app->catalog() != nullptr);

  uitest::tap(*app, "tile.request");
  REQUIRE(app->state().screen == Screen::RequestIntro);
  shot(*app, "request-1-intro");
  uitest::tap(*app, "next");
  REQUIRE(app->state().screen == Screen::RequestAgency);
  check_targets(*app, min);
  shot(*app, "request-2-agency");
  uitest::tap(*app, "agency.ubnd-xa-vinh-linh");
  REQUIRE(app->state().screen == Screen::RequestField);
  uitest::tap(*app, "field.dat-dai");
  REQUIRE(app->state().screen == Screen::RequestDecision);

  uitest::tap(*app, "next");  // nothing filled: it says what is missing and stays
  CHECK(app->state().screen == Screen::RequestDecision);
  shot(*app, "request-3-decision-missing");
  uitest::tap(*app, "box.impact");
  check_targets(*app, min);  // every key of the keyboard too
  uitest::type(*app, "thu hooif ddaats vuwownf");
  CHECK(app->state().request.draft.impact == "thu hồi đất vườn");
  uitest::tap(*app, "aspect.legal_basis");
  uitest::tap(*app, "aspect.content");
  shot(*app, "request-3-decision");
  uitest::tap(*app, "next");
  REQUIRE(app->state().screen == Screen::RequestQuestion);

  uitest::tap(*app, "box.question");
  uitest::tap(*app, "key.shift");
  uitest::type(*app, "vif sao gias ddeenf buf thaaps");
  CHECK(app->state().request.draft.question == "Vì sao giá đền bù thấp");
  uitest::tap(*app, "key.method");  // Telex → VNI, mid-sentence
  CHECK(app->state().entry.input_method == kiosk::InputMethod::Vni);
  uitest::type(*app, " va2 ch");
  uitest::tap(*app, "key.method");  // → ABC
  uitest::tap(*app, "key.method");  // → Telex
  uitest::type(*app, "aamj");
  CHECK(app->state().request.draft.question == "Vì sao giá đền bù thấp và chậm");
  uitest::tap(*app, "key.backspace");
  uitest::type(*app, "m");
  CHECK(app->state().request.draft.question == "Vì sao giá đền bù thấp và chậm");
  shot(*app, "request-4-question");
  uitest::tap(*app, "next");
  REQUIRE(app->state().screen == Screen::RequestStanding);
  uitest::tap(*app, "standing.self");
  uitest::tap(*app, "next");
  REQUIRE(app->state().screen == Screen::RequestPersonal);

  uitest::tap(*app, "box.full_name");
  uitest::tap(*app, "key.shift");
  uitest::type(*app, "lee ");
  uitest::tap(*app, "key.shift");
  uitest::type(*app, "vawn ");
  uitest::tap(*app, "key.shift");
  uitest::type(*app, "an");
  uitest::tap(*app, "box.address");
  uitest::type(*app, "khoms 3 vinhx linh");
  uitest::tap(*app, "box.phone");
  CHECK(app->find_hit("key.q") == std::nullopt);  // a numeric pad for the phone
  uitest::type(*app, "0912345678");
  uitest::tap(*app, "lang");  // English mid-way: nothing typed is lost
  CHECK(app->state().shell.lang == kiosk::Lang::En);
  shot(*app, "request-5-personal-en");
  uitest::tap(*app, "lang");
  CHECK(app->state().request.draft.personal.full_name == "Lê Văn An");
  CHECK(app->state().request.draft.personal.address == "khóm 3 vĩnh linh");
  CHECK(app->state().request.draft.personal.phone == "0912345678");
  uitest::tap(*app, "key.done");
  uitest::tap(*app, "next");
  REQUIRE(app->state().screen == Screen::RequestConsent);
  shot(*app, "request-6-consent");
  uitest::tap(*app, "consent.agree");
  REQUIRE(app->state().screen == Screen::RequestSignature);
  uitest::drag(*app, "signature.pad", {{0.1f, 0.6f}, {0.3f, 0.3f}, {0.5f, 0.7f}, {0.8f, 0.4f}});
  REQUIRE(app->state().request.draft.personal.signature.size() == 1);
  CHECK(app->state().request.draft.personal.signature[0].size() >= 3);
  shot(*app, "request-7-signature");
  uitest::tap(*app, "next");
  REQUIRE(app->state().screen == Screen::RequestReview);
  shot(*app, "request-8-review");
  check_targets(*app, min);

  uitest::tap(*app, "edit.request-question");  // Sửa, then back to the review
  REQUIRE(app->state().screen == Screen::RequestQuestion);
  uitest::tap(*app, "box.question");
  uitest::type(*app, "?");
  uitest::tap(*app, "next");
  REQUIRE(app->state().screen == Screen::RequestReview);

  uitest::tap(*app, "submit");
  REQUIRE(app->state().screen == Screen::RequestReceipt);
  REQUIRE(app->state().request.receipt.has_value());
  const kiosk::Receipt receipt = *app->state().request.receipt;
  CHECK(receipt.code.starts_with("VL01-"));
  CHECK(app->state().request.draft.personal.full_name.empty());
  CHECK(app->find_hit("receipt.qr").has_value());
  shot(*app, "request-9-receipt");
  check_targets(*app, min);
  {  // The QR on screen decodes (zbar, as a phone would) to the case's status page.
    const std::string cmd =
        std::string("zbarimg --raw -q ") + KIOSK_SCREENS_DIR + "/request-9-receipt.png 2>/dev/null";
    std::FILE* p = ::popen(cmd.c_str(), "r");
    REQUIRE(p != nullptr);
    std::string decoded;
    char buf[512];
    while (std::fgets(buf, sizeof buf, p)) decoded += buf;
    ::pclose(p);
    while (!decoded.empty() && (decoded.back() == '\n' || decoded.back() == '\r'))
      decoded.pop_back();
    CHECK(decoded == "https://localhost:8443/c/" + receipt.code + "?t=" + receipt.lookup_token);
  }

  {  // The row is in the outbox, in the real SQLite file, sealed.
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open_v2(app->store_file().c_str(), &db, SQLITE_OPEN_READONLY, nullptr) ==
            SQLITE_OK);
    sqlite3_stmt* st = nullptr;
    REQUIRE(sqlite3_prepare_v2(db,
                               "SELECT kind, case_code, body, length(sealed_personal) FROM outbox",
                               -1, &st, nullptr) == SQLITE_OK);
    REQUIRE(sqlite3_step(st) == SQLITE_ROW);
    CHECK(std::string(reinterpret_cast<const char*>(sqlite3_column_text(st, 0))) == "request");
    CHECK(std::string(reinterpret_cast<const char*>(sqlite3_column_text(st, 1))) == receipt.code);
    const auto body =
        nlohmann::json::parse(reinterpret_cast<const char*>(sqlite3_column_text(st, 2)));
    CHECK(body["content"] == "Vì sao giá đền bù thấp và chậm?");
    CHECK(body["lookup_token"] == receipt.lookup_token);
    CHECK(body.dump().find("Lê Văn An") == std::string::npos);
    CHECK(body.dump().find("0912345678") == std::string::npos);
    CHECK(sqlite3_column_int(st, 3) > 48);
    CHECK(sqlite3_step(st) == SQLITE_DONE);
    sqlite3_finalize(st);
    sqlite3_close(db);
  }

  uitest::tap(*app, "receipt.rate");
  REQUIRE(app->state().screen == Screen::Rating);
  uitest::tap(*app, "rate.4");
  shot(*app, "rating");
  uitest::tap(*app, "rating.submit");
  REQUIRE(app->state().screen == Screen::RatingThanks);
  uitest::tap(*app, "thanks.done");
  CHECK(app->state().screen == Screen::Home);
  CHECK(app->state().shell.connectivity.queued == 2);
  app.reset();
  fs::remove_all(state);
}

TEST_CASE("the body information pages") {
  const fs::path state = fs::temp_directory_path() / ("kiosk-info-" + std::to_string(::getpid()));
  std::string error;
  auto app = app::App::create(path_options(state, {"--lang", "en"}), {}, error);
  REQUIRE_MESSAGE(app, error);
  app->open_store();
  uitest::tap(*app, "tile.agencies");
  REQUIRE(app->state().screen == Screen::AgencyInfo);
  shot(*app, "agencies-en");
  uitest::tap(*app, "info.so-xay-dung-quang-tri");
  REQUIRE(app->state().screen == Screen::AgencyDetail);
  shot(*app, "agency-detail-en");
  app.reset();
  fs::remove_all(state);
}

using uitest::walk_to_review;

TEST_CASE("a locked store: the resident is told, keeps everything, and the retry succeeds") {
  const fs::path state = fs::temp_directory_path() / ("kiosk-lock-" + std::to_string(::getpid()));
  fs::remove_all(state);
  std::string error;
  auto app = app::App::create(path_options(state), {}, error);
  REQUIRE_MESSAGE(app, error);
  app->open_store();
  walk_to_review(*app);

  sqlite3* other = nullptr;  // another program holds the database
  REQUIRE(sqlite3_open(app->store_file().c_str(), &other) == SQLITE_OK);
  REQUIRE(sqlite3_exec(other, "BEGIN EXCLUSIVE", nullptr, nullptr, nullptr) == SQLITE_OK);
  uitest::tap(*app, "submit");
  CHECK(app->state().screen == Screen::RequestReview);
  CHECK_FALSE(app->state().request.error_vi.empty());
  CHECK(app->state().request.draft.personal.full_name == "tran an");
  shot(*app, "request-8-review-locked");
  sqlite3_exec(other, "ROLLBACK", nullptr, nullptr, nullptr);
  sqlite3_close(other);

  uitest::tap(*app, "submit");
  CHECK(app->state().screen == Screen::RequestReceipt);
  CHECK(app->state().shell.connectivity.queued == 1);
  app.reset();
  fs::remove_all(state);
}

TEST_CASE("landscape: the keyboard sits beside the form and every key is big enough") {
  const fs::path state = fs::temp_directory_path() / ("kiosk-land-" + std::to_string(::getpid()));
  const auto o = path_options(state, {"--landscape"});
  std::string error;
  auto app = app::App::create(o, {}, error);
  REQUIRE_MESSAGE(app, error);
  app->open_store();
  uitest::tap(*app, "tile.request");
  uitest::tap(*app, "next");
  for (const ui::Hit& h : app->hits()) CHECK(h.max.y <= 1080.0f);  // 7 bodies: two pages here
  uitest::tap(*app, "page.next");
  uitest::tap(*app, "agency.so-noi-vu-quang-tri");
  uitest::tap(*app, "field.cong-tac-can-bo");
  uitest::tap(*app, "box.impact");
  uitest::type(*app, "khong duoc xet tuyen");
  const float min = kiosk::min_touch_px(o.config);
  check_targets(*app, min);
  for (const ui::Hit& h : app->hits()) {  // nothing drawn off the screen
    CAPTURE(h.name);
    CHECK(h.max.x <= 1920.0f);
    CHECK(h.max.y <= 1080.0f);
  }
  shot(*app, "landscape-decision");
  app.reset();
  fs::remove_all(state);
}

TEST_CASE("on every output size the request's screens fit: nothing off screen, keys big enough") {
  // The layouts the kiosk picks for common outputs (full screen picks the same from the real one).
  for (const std::string output :
       {"1366x768", "1280x1024", "1920x1080", "1080x1920", "3840x2160", "1024x1280"}) {
    CAPTURE(output);
    const fs::path state =
        fs::temp_directory_path() / ("kiosk-out-" + std::to_string(::getpid()) + "-" + output);
    const auto o = path_options(state, {"--output", output});
    std::string error;
    auto app = app::App::create(o, {}, error);
    REQUIRE_MESSAGE(app, error);
    app->open_store();
    const float min = kiosk::min_touch_px(o.config);
    const auto w = float(o.config.display.width), h = float(o.config.display.height);
    auto fits = [&] {
      check_targets(*app, min);
      for (const ui::Hit& hit : app->hits()) {
        CAPTURE(hit.name);
        CHECK(hit.min.x >= 0);
        CHECK(hit.min.y >= 0);
        CHECK(hit.max.x <= w);
        CHECK(hit.max.y <= h);
      }
    };
    fits();
    uitest::tap(*app, "tile.request");
    fits();
    uitest::tap(*app, "next");
    fits();
    while (!app->find_hit("agency.so-noi-vu-quang-tri") && app->find_hit("page.next"))
      uitest::tap(*app, "page.next");
    uitest::tap(*app, "agency.so-noi-vu-quang-tri");
    uitest::tap(*app, "field.cong-tac-can-bo");
    uitest::tap(*app, "box.impact");
    uitest::type(*app, "khong duoc xet tuyen");
    fits();
    shot(*app, "output-" + output + "-decision");
    app.reset();
    fs::remove_all(state);
  }
}

TEST_CASE("a province's long list of bodies is shown a page at a time, every body reachable") {
  const fs::path state = fs::temp_directory_path() / ("kiosk-pages-" + std::to_string(::getpid()));
  fs::remove_all(state);
  fs::create_directories(state);
  nlohmann::json catalog = {{"version", "many"},
                            {"fields", {{{"id", "dat-dai"}, {"name", "Đất đai"}}}},
                            {"agencies", nlohmann::json::array()}};
  for (int i = 1; i <= 23; ++i)
    catalog["agencies"].push_back({{"id", "a-" + std::to_string(i)},
                                   {"name", "Uỷ ban nhân dân phường số " + std::to_string(i)},
                                   {"fields", {"dat-dai"}}});
  std::ofstream(state / "catalog.json") << catalog.dump();
  // A provisioned terminal (a portal named), else it would start on the provisioning screen.
  std::ofstream(state / "kiosk.json") << nlohmann::json{
      {"terminal_id", "P01"},
      {"portal", {{"url", "https://localhost:8443"}}},
      {"catalog_file",
       (state / "catalog.json").string()}}.dump();
  const auto o = path_options(state / "db", {"--config", (state / "kiosk.json").string()});
  std::string error;
  auto app = app::App::create(o, {}, error);
  REQUIRE_MESSAGE(app, error);
  app->open_store();
  uitest::tap(*app, "tile.request");
  uitest::tap(*app, "next");
  REQUIRE(app->state().screen == Screen::RequestAgency);
  CHECK(app->find_hit("agency.a-1").has_value());
  CHECK_FALSE(app->find_hit("agency.a-23").has_value());
  CHECK_FALSE(app->find_hit("page.prev").has_value());
  for (const ui::Hit& h : app->hits()) CHECK(h.max.y <= 1920.0f);
  shot(*app, "agency-pages");
  int pages = 1;
  while (!app->find_hit("agency.a-23") && app->find_hit("page.next") && pages < 10) {
    uitest::tap(*app, "page.next");
    ++pages;
  }
  CHECK(pages >= 2);
  REQUIRE(app->find_hit("agency.a-23").has_value());
  CHECK(app->find_hit("page.prev").has_value());
  uitest::tap(*app, "agency.a-23");
  CHECK(app->state().request.draft.agency_id == "a-23");
  CHECK(app->state().screen == Screen::RequestField);
  app.reset();
  fs::remove_all(state);
}

// A kiosk syncing to `portal` with `token`, after a resident submitted a request (receipt done).
std::unique_ptr<app::App> submitted_against(LivePortal& portal, const std::string& token,
                                            std::string& code) {
  const auto o =
      path_options(portal.dir.path / "kiosk",
                   {"--portal", "https://localhost:" + std::to_string(portal.port),
                    "--portal-token", token, "--portal-ca", (portal.ca_dir / "ca.pem").string()});
  std::string error;
  auto app = app::App::create(o, {}, error);
  REQUIRE_MESSAGE(app, error);
  app->open_store();
  walk_to_review(*app);
  uitest::tap(*app, "submit");
  REQUIRE(app->state().screen == Screen::RequestReceipt);  // the resident is served either way
  code = app->state().request.receipt->code;
  uitest::tap(*app, "receipt.done");
  return app;
}

TEST_CASE("with the portal up, the request leaves the terminal and the home screen says online") {
  LivePortal portal;
  std::string code;
  auto app = submitted_against(portal, portal.token, code);
  const auto t0 = app->now_ms();
  while (!(app->state().shell.connectivity.online && app->state().shell.connectivity.queued == 0) &&
         app->now_ms() - t0 < 20'000)
    app->step(50);
  CHECK(app->state().shell.connectivity.portal_configured);
  CHECK(app->state().shell.connectivity.online);
  CHECK(app->state().shell.connectivity.queued == 0);
  shot(*app, "home-online");
  app.reset();
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open((portal.dir.path / "portal.db").c_str(), &db) == SQLITE_OK);
  sqlite3_stmt* st = nullptr;
  sqlite3_prepare_v2(db, "SELECT count(*) FROM requests WHERE code = ?1", -1, &st, nullptr);
  sqlite3_bind_text(st, 1, code.c_str(), -1, SQLITE_TRANSIENT);
  REQUIRE(sqlite3_step(st) == SQLITE_ROW);
  CHECK(sqlite3_column_int(st, 0) == 1);
  sqlite3_finalize(st);
  sqlite3_close(db);
}

TEST_CASE("a refused token: the home screen asks for a technician and keeps the queue") {
  LivePortal portal;
  std::string code;
  auto app = submitted_against(portal, "revoked-token", code);
  const auto t0 = app->now_ms();
  while (!app->state().shell.connectivity.needs_reprovisioning && app->now_ms() - t0 < 20'000)
    app->step(50);
  CHECK(app->state().shell.connectivity.needs_reprovisioning);
  CHECK_FALSE(app->state().shell.connectivity.online);
  CHECK(app->state().shell.connectivity.queued == 1);
  shot(*app, "home-reprovision");
  app.reset();
  CHECK(portal.server->service().count("requests") == 0);
}
