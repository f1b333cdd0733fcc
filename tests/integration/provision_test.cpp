// Provisioning against the real portal on loopback HTTPS: a good code, a used one, an expired one,
// a wrong CA fingerprint, the portal down; nothing half-configured after a failure; a terminal with
// unsent submissions refuses, or exports them (still sealed) first; `kiosk status` reports it all;
// the heartbeat reaches the portal and silence is flagged; systemd's watchdog gets its pings.
#include <doctest/doctest.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>
#include <thread>

#include "demo.hpp"
#include "live_portal.hpp"
#include "outbox.hpp"
#include "provision.hpp"
#include "provisioning.hpp"
#include "sealing.hpp"
#include "sync.hpp"
#include "watchdog.hpp"

namespace fs = std::filesystem;
using offline::ProvisionError;

namespace {

std::string portal_url(const LivePortal& p) {
  return "https://localhost:" + std::to_string(p.port);
}

std::string ca_fingerprint(const LivePortal& p) {
  std::ifstream in(p.ca_dir / "ca.pem");
  const std::string pem((std::istreambuf_iterator<char>(in)), {});
  const auto f = offline::pem_sha256(pem);
  REQUIRE(f);
  return *f;
}

offline::ProvisionRequest request(const LivePortal& p, const fs::path& state,
                                  const std::string& code, const std::string& fingerprint) {
  auto checked = kiosk::check_provisioning(portal_url(p), code, fingerprint, "vinh-linh");
  REQUIRE(checked.error == kiosk::ProvisioningError::None);
  offline::ProvisionRequest r;
  r.target = checked.value;
  r.state_dir = state;
  r.hardware_id = "test-machine";
  r.app_version = "0.1.0";
  r.timeout_ms = 3000;
  return r;
}

int mode_of(const fs::path& f) {
  struct stat st {};
  REQUIRE(::stat(f.c_str(), &st) == 0);
  return int(st.st_mode & 0777);
}

std::string run(const std::string& cmd, int* rc = nullptr) {
  std::FILE* p = ::popen(cmd.c_str(), "r");
  REQUIRE(p);
  std::string out;
  char buf[4096];
  while (std::fgets(buf, sizeof buf, p)) out += buf;
  const int status = ::pclose(p);
  if (rc) *rc = WEXITSTATUS(status);
  return out;
}

}  // namespace

TEST_CASE("the CA fingerprint is the certificate's SHA-256, as openssl prints it") {
  LivePortal portal;
  const std::string ours = ca_fingerprint(portal);
  std::string theirs =
      run("openssl x509 -noout -fingerprint -sha256 -in " + (portal.ca_dir / "ca.pem").string());
  theirs = theirs.substr(theirs.find('=') + 1);
  std::string hex;
  for (char c : theirs)
    if (std::isxdigit(static_cast<unsigned char>(c))) hex += char(std::tolower(c));
  CHECK(ours == hex);
  CHECK_FALSE(offline::pem_sha256("not a certificate"));
}

TEST_CASE("provisioning: a good code enrolls, keeps the token owner-only, pulls the catalog") {
  LivePortal portal;
  TempDir state;
  const std::string code =
      portal.server->service().make_enrollment_code("VL07", std::chrono::minutes(10)).value();
  auto done =
      offline::provision(request(portal, state.path / "kiosk", code, ca_fingerprint(portal)));
  REQUIRE_MESSAGE(done, (done ? "" : done.error().detail));
  CHECK(done->terminal_id == "VL07");
  CHECK(done->center_id == "vinh-linh");
  CHECK_FALSE(done->catalog_version.empty());
  CHECK(mode_of(state.path / "kiosk" / "provisioned.json") == 0600);
  CHECK(mode_of(state.path / "kiosk" / "portal-ca.pem") == 0600);
  CHECK_FALSE(fs::exists(state.path / "kiosk" / "portal-ca.pem.trial"));
  auto loaded = offline::load_provisioned(state.path / "kiosk");
  REQUIRE(loaded);
  REQUIRE(*loaded);
  CHECK((*loaded)->token == done->token);
  CHECK((*loaded)->portal_url == portal_url(portal));
  // The token works: the portal knows the terminal by it.
  CHECK(portal.server->service().terminal_for_token(done->token) ==
        std::optional<std::string>("VL07"));

  // `kiosk status` tells a technician where the terminal stands, as JSON.
  int rc = -1;
  const auto status =
      nlohmann::json::parse(run(std::string(KIOSK_BIN_DIR "/kiosk status --network --state-dir ") +
                                    (state.path / "kiosk").string(),
                                &rc),
                            nullptr, false);
  CHECK(rc == 0);
  REQUIRE(status.is_object());
  CHECK(status["terminal_id"] == "VL07");
  CHECK(status["provisioned"] == true);
  CHECK(status["portal_url"] == portal_url(portal));
  CHECK(status["catalog_version"] == done->catalog_version);
  CHECK(status["queue"]["depth"] == 0);
  CHECK(status["store"]["schema_version"].get<int>() >= 5);
  CHECK(status["disk"]["free_bytes"].get<long long>() > 0);
  for (const char* k : {"app_version", "printer", "scanner", "screen", "last_contact_at"})
    CHECK(status.contains(k));
  CHECK(status["network"]["dns"] == true);
  CHECK(status["network"]["tls"] == true);
  CHECK(status["network"]["token"] == true);
  CHECK(std::abs(status["network"]["clock_skew_s"].get<long long>()) <= 2);
  CHECK(status.dump().find(done->token) == std::string::npos);  // the token is not shown
}

TEST_CASE("provisioning fails cleanly: used code, expired code, wrong fingerprint, portal down") {
  LivePortal portal;
  const std::string fingerprint = ca_fingerprint(portal);
  auto& svc = portal.server->service();
  auto nothing_kept = [](const fs::path& dir) {
    CHECK_FALSE(fs::exists(dir / "provisioned.json"));
    CHECK_FALSE(fs::exists(dir / "portal-ca.pem"));
    CHECK_FALSE(fs::exists(dir / "portal-ca.pem.trial"));
  };
  {
    TempDir first, second;
    const std::string code = svc.make_enrollment_code("VL08", std::chrono::minutes(10)).value();
    REQUIRE(offline::provision(request(portal, first.path, code, fingerprint)));
    auto again = offline::provision(request(portal, second.path, code, fingerprint));
    REQUIRE_FALSE(again);
    CHECK(again.error().kind == ProvisionError::CodeUsed);
    nothing_kept(second.path);
  }
  {
    TempDir dir;
    svc.set_clock([] { return std::chrono::system_clock::now() - std::chrono::hours(2); });
    const std::string code = svc.make_enrollment_code("VL09", std::chrono::minutes(10)).value();
    svc.set_clock([] { return std::chrono::system_clock::now(); });
    auto expired = offline::provision(request(portal, dir.path, code, fingerprint));
    REQUIRE_FALSE(expired);
    CHECK(expired.error().kind == ProvisionError::CodeExpired);
    nothing_kept(dir.path);
    auto unknown = offline::provision(request(portal, dir.path, "ABCD-EFGH", fingerprint));
    REQUIRE_FALSE(unknown);
    CHECK(unknown.error().kind == ProvisionError::CodeUnknown);
  }
  {
    TempDir dir;
    const std::string code = svc.make_enrollment_code("VL10", std::chrono::minutes(10)).value();
    std::string wrong = fingerprint;
    wrong[0] = wrong[0] == '0' ? '1' : '0';
    auto refused = offline::provision(request(portal, dir.path, code, wrong));
    REQUIRE_FALSE(refused);
    CHECK(refused.error().kind == ProvisionError::WrongFingerprint);
    nothing_kept(dir.path);
    // The code was not spent on a portal the terminal does not trust.
    CHECK(offline::provision(request(portal, dir.path, code, fingerprint)));
  }
  {
    TempDir dir;
    auto r = request(portal, dir.path, "ABCD-EFGH", fingerprint);
    r.target.portal_url = "https://localhost:1";  // nothing listens there
    auto down = offline::provision(r);
    REQUIRE_FALSE(down);
    CHECK(down.error().kind == ProvisionError::Unreachable);
    nothing_kept(dir.path);
    CHECK_FALSE(offline::provision_error_vi(down.error().kind).empty());
    CHECK_FALSE(offline::provision_error_en(down.error().kind).empty());
  }
}

TEST_CASE("re-provisioning with submissions waiting: refused, or the queue exported sealed first") {
  LivePortal portal;
  TempDir state;
  const std::string fingerprint = ca_fingerprint(portal);
  auto& svc = portal.server->service();
  REQUIRE(offline::provision(
      request(portal, state.path,
              svc.make_enrollment_code("VL11", std::chrono::minutes(10)).value(), fingerprint)));
  std::string sealed_before;
  {
    auto store = offline::Store::open(state.path / "kiosk.db");
    REQUIRE(store);
    const auto ctx = demo::context("VL11");
    REQUIRE(
        offline::submit_request(*store, demo::resident(), *ctx, std::chrono::system_clock::now()));
    REQUIRE(
        offline::submit_request(*store, demo::resident(), *ctx, std::chrono::system_clock::now()));
  }
  const std::string token_before = (*offline::load_provisioned(state.path))->token;
  const std::string code = svc.make_enrollment_code("VL12", std::chrono::minutes(10)).value();
  auto refused = offline::provision(request(portal, state.path, code, fingerprint));
  REQUIRE_FALSE(refused);
  CHECK(refused.error().kind == ProvisionError::QueueNotEmpty);
  CHECK((*offline::load_provisioned(state.path))->token == token_before);  // unchanged

  auto req = request(portal, state.path, code, fingerprint);
  req.export_queue_to = state.path / "queue-VL11.jsonl";
  auto moved = offline::provision(req);
  REQUIRE_MESSAGE(moved, (moved ? "" : moved.error().detail));
  CHECK(moved->terminal_id == "VL12");
  CHECK(mode_of(state.path / "queue-VL11.jsonl") == 0600);
  std::ifstream in(state.path / "queue-VL11.jsonl");
  int lines = 0;
  for (std::string line; std::getline(in, line); ++lines) {
    const auto row = nlohmann::json::parse(line);
    CHECK(row["kind"] == "request");
    CHECK(row["body"]["terminal_id"] == "VL11");
    CHECK(row["sealed_personal"].get<std::string>().size() > 60);
    CHECK(line.find("Lê Văn An") == std::string::npos);  // still sealed
    CHECK(line.find("0912345678") == std::string::npos);
  }
  CHECK(lines == 2);
  auto store = offline::Store::open(state.path / "kiosk.db");
  REQUIRE(store);
  CHECK(offline::unsent_count(*store).value() == 0);
}

TEST_CASE(
    "kiosk provision from a shell: the QR text the portal prints, then used code and bad input") {
  LivePortal portal;
  TempDir state;
  const std::string code =
      portal.server->service().make_enrollment_code("VL13", std::chrono::minutes(10)).value();
  kiosk::Provisioning p{portal_url(portal), code, ca_fingerprint(portal), "vinh-linh"};
  p.code.erase(std::remove(p.code.begin(), p.code.end(), '-'), p.code.end());
  const std::string qr = kiosk::provisioning_qr(p);
  const std::string kiosk = KIOSK_BIN_DIR "/kiosk provision --state-dir " + state.path.string();
  int rc = -1;
  const std::string ok = run(kiosk + " --qr '" + qr + "' 2>&1", &rc);
  CHECK(rc == 0);
  CHECK(ok.find("Sẵn sàng") != std::string::npos);
  CHECK(ok.find("VL13") != std::string::npos);
  const std::string used = run(kiosk + " --qr '" + qr + "' 2>&1", &rc);
  CHECK(rc == 1);
  CHECK(used.find("đã được dùng") != std::string::npos);
  CHECK(used.find("already used") != std::string::npos);
  const std::string bad = run(kiosk + " --qr 'WIFI:S:cafe;;' 2>&1", &rc);
  CHECK(rc == 2);
  CHECK(bad.find("không phải mã QR cấu hình") != std::string::npos);
  const std::string typed =
      run(kiosk + " --portal http://x --code K7Q2-9XWM --ca-sha256 00 2>&1", &rc);
  CHECK(rc == 2);
  CHECK(typed.find("https://") != std::string::npos);
}

TEST_CASE("the provisioning QR parser: valid, typed variants, and refusals with reasons") {
  using kiosk::ProvisioningError;
  const std::string ca(64, 'a');
  auto good = kiosk::parse_provisioning_qr(
      "giaitrinh-provision:v1?portal=https%3A%2F%2FCong.QuangTri.gov.vn%3A8443%2F&code=k7q2-9xwm&"
      "ca=" +
      ca + "&center=vinh-linh&future=1\r\n");
  REQUIRE(good.error == ProvisioningError::None);
  CHECK(good.value.portal_url == "https://cong.quangtri.gov.vn:8443");
  CHECK(good.value.code == "K7Q29XWM");
  CHECK(good.value.center_id == "vinh-linh");
  CHECK(kiosk::parse_provisioning_qr(kiosk::provisioning_qr(good.value)).value.code == "K7Q29XWM");
  const std::string base = "giaitrinh-provision:v1?portal=https%3A%2F%2Fa.vn&code=K7Q29XWM&ca=";
  CHECK(
      kiosk::parse_provisioning_qr("https://localhost:8443/c/VL01-261125-0001?t=620MPBXF").error ==
      ProvisioningError::NotProvisioning);
  CHECK(kiosk::parse_provisioning_qr(base + ca + "&center=vl&center=x").error ==
        ProvisioningError::NotProvisioning);
  CHECK(kiosk::parse_provisioning_qr(base + ca.substr(1) + "&center=vl").error ==
        ProvisioningError::BadFingerprint);
  CHECK(kiosk::parse_provisioning_qr(base + ca + "&center=Vinh Linh").error ==
        ProvisioningError::BadCenter);
  CHECK(kiosk::parse_provisioning_qr(base + ca + "&center=vl%").error ==
        ProvisioningError::NotProvisioning);
  CHECK(kiosk::parse_provisioning_qr(std::string(2000, 'x')).error == ProvisioningError::TooLong);
  CHECK(kiosk::check_provisioning("https://a.vn@evil.vn", "K7Q29XWM", ca, "").error ==
        ProvisioningError::BadPortal);
  CHECK(kiosk::check_provisioning("https://a.vn:99999", "K7Q29XWM", ca, "").error ==
        ProvisioningError::BadPortal);
  CHECK(kiosk::check_provisioning("https://a.vn", "K7Q2-9XWU", ca, "").error ==
        ProvisioningError::BadCode);  // U is not Crockford
  CHECK(kiosk::check_provisioning("https://a.vn", "K7Q2-9XWM", "AA:" + ca.substr(2), "").error ==
        ProvisioningError::None);
}

TEST_CASE("systemd's watchdog: READY, then WATCHDOG pings at half the timeout, then STOPPING") {
  TempDir dir;
  const fs::path sock = dir.path / "notify.sock";
  const int fd = ::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  REQUIRE(fd >= 0);
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  std::snprintf(addr.sun_path, sizeof addr.sun_path, "%s", sock.c_str());
  REQUIRE(::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
  ::setenv("NOTIFY_SOCKET", sock.c_str(), 1);
  ::setenv("WATCHDOG_USEC", "400000", 1);
  ::unsetenv("WATCHDOG_PID");
  std::vector<std::string> got;
  {
    device::Watchdog w;
    CHECK(w.enabled());
    CHECK(w.interval_ms() == 200);
    w.ready("serving");
    CHECK(w.ping(1000) == 1200);
    CHECK(w.ping(1100) == 1200);  // not due: no datagram
    CHECK(w.ping(1250) == 1450);
    w.stopping();
  }
  ::unsetenv("NOTIFY_SOCKET");
  ::unsetenv("WATCHDOG_USEC");
  char buf[256];
  timeval tv{0, 200'000};
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  for (ssize_t n; (n = ::recv(fd, buf, sizeof buf, 0)) > 0;) got.emplace_back(buf, std::size_t(n));
  ::close(fd);
  REQUIRE(got.size() == 4);
  CHECK(got[0].starts_with("READY=1"));
  CHECK(got[1] == "WATCHDOG=1");
  CHECK(got[2] == "WATCHDOG=1");
  CHECK(got[3] == "STOPPING=1");
  device::Watchdog off;  // no systemd: nothing to do
  CHECK_FALSE(off.enabled());
  CHECK(off.ping(5) == -1);
}

TEST_CASE("the watchdog under cage: the watched process is the kiosk's parent, not another") {
  ::setenv("WATCHDOG_USEC", "10000000", 1);
  ::setenv("WATCHDOG_PID", std::to_string(::getppid()).c_str(), 1);  // cage started the kiosk
  {
    device::Watchdog w;
    CHECK(w.enabled());
    CHECK(w.interval_ms() == 5000);
  }
  ::setenv("WATCHDOG_PID", "1", 1);  // some other process is watched: not ours to ping
  if (::getppid() != 1) {
    device::Watchdog w;
    CHECK_FALSE(w.enabled());
  }
  ::setenv("WATCHDOG_PID", "12x", 1);
  CHECK_FALSE(device::Watchdog().enabled());
  ::unsetenv("WATCHDOG_PID");
  ::unsetenv("WATCHDOG_USEC");
}

TEST_CASE("the heartbeat carries the printer's and the scanner's last states from the store") {
  TempDir dir;
  auto store = offline::Store::open(dir.path / "kiosk.db");
  REQUIRE(store);
  auto body = offline::heartbeat_body(*store, "0.1.0", 5);
  CHECK(body["printer"] == "unknown");
  CHECK(body["scanner"] == "unknown");
  REQUIRE(offline::set_setting(*store, "printer.state", "paper_out"));
  REQUIRE(offline::set_setting(*store, "scanner.state", "connected"));
  body = offline::heartbeat_body(*store, "0.1.0", 5);
  CHECK(body["printer"] == "paper_out");
  CHECK(body["scanner"] == "connected");
  CHECK(body["queue_depth"] == 0);
}
