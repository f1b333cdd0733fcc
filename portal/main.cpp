// giaitrinh-portal: the reference portal.
//   serve: the HTTPS server (see usage below).
//   admin: plays the agency's part on the same database: enrollment codes, revoking terminals,
//          the terminal list, and moving a case through its states.
#include <csignal>
#include <cstdio>
#include <optional>

#include <openssl/pem.h>
#include <openssl/x509.h>
#include <cstdlib>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "portal.hpp"
#include "provisioning.hpp"

namespace {

constexpr const char* kUsage =
    "usage:\n"
    "  giaitrinh-portal serve --db FILE --cert PEM --key PEM --secret-key FILE [--catalog FILE]\n"
    "                         [--ca PEM: served at /api/v1/ca.pem for provisioning]\n"
    "                         [--host 127.0.0.1] [--port 8443] [--demo-token TOKEN]\n"
    "                         [--fault 500:N | 429:N[:SECONDS] | drop:N | slow:N:MS]... [--quiet]\n"
    "  giaitrinh-portal admin --db FILE [--catalog FILE] [--secret-key FILE] COMMAND\n"
    "    enroll-code TERMINAL [--ttl-min 60]   a one-time enrollment code for a terminal\n"
    "      [--portal URL --ca PEM]             …and the provisioning QR's text for it\n"
    "    revoke TERMINAL                       the terminal's token stops working\n"
    "    terminals                             every terminal, last heartbeat, silent ones\n"
    "    case CODE ACTION [--reason T] [--to AGENCY] [--note T] [--days N] [--summary T]\n"
    "                     [--document-url URL]\n"
    "      ACTION: accept refuse redirect supplement suspend resume extend answer publish\n"
    "              terminate\n"
    "    count requests|ratings                how many the portal holds\n"
    "    show CODE                             the case for the officer, personal data opened\n"
    "                                          (needs --secret-key; printed, never logged)\n";

// SHA-256 of the certificate's DER, as `openssl x509 -fingerprint -sha256` prints it (hex).
std::optional<std::string> ca_sha256(const std::string& pem_file) {
  std::FILE* f = std::fopen(pem_file.c_str(), "r");
  if (!f) return std::nullopt;
  X509* cert = PEM_read_X509(f, nullptr, nullptr, nullptr);
  std::fclose(f);
  if (!cert) return std::nullopt;
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  const bool ok = X509_digest(cert, EVP_sha256(), md, &len) == 1;
  X509_free(cert);
  if (!ok) return std::nullopt;
  std::string hex;
  char buf[3];
  for (unsigned int i = 0; i < len; ++i) {
    std::snprintf(buf, sizeof buf, "%02x", md[i]);
    hex += buf;
  }
  return hex;
}

portal::Portal* g_portal = nullptr;
void on_signal(int) {
  if (g_portal) g_portal->stop();
}
int usage() {
  std::fputs(kUsage, stderr);
  return 2;
}

// --name value pairs (and bare words, in order) from argv[from…].
struct Args {
  std::map<std::string, std::vector<std::string>> flags;
  std::vector<std::string> words;
  bool ok = true;
  [[nodiscard]] std::string get(const std::string& k, std::string fallback = {}) const {
    const auto it = flags.find(k);
    return it == flags.end() ? fallback : it->second.back();
  }
};
Args parse_args(int argc, char** argv, int from, std::initializer_list<std::string_view> bare) {
  Args a;
  for (int i = from; i < argc; ++i) {
    const std::string_view s = argv[i];
    if (s.rfind("--", 0) != 0) {
      a.words.emplace_back(s);
      continue;
    }
    bool is_bare = false;
    for (auto b : bare) is_bare = is_bare || b == s;
    if (is_bare) {
      a.flags[std::string(s)].push_back("1");
      continue;
    }
    if (i + 1 >= argc) {
      a.ok = false;
      break;
    }
    a.flags[std::string(s)].push_back(argv[++i]);
  }
  return a;
}

int print_outcome(const portal::Outcome& o) {
  if (o.status >= 200 && o.status < 300) {
    std::printf("%s\n", o.body.dump(2).c_str());
    return 0;
  }
  const auto& e = o.body["error"];
  std::fprintf(stderr, "%s\n%s\n", e.value("message_vi", "").c_str(),
               e.value("message_en", "").c_str());
  return o.status == 404 ? 1 : 2;
}

int admin(const Args& a) {
  if (!a.ok || a.get("--db").empty() || a.words.empty()) return usage();
  portal::ServiceConfig c;
  c.db_file = a.get("--db");
  c.catalog_file = a.get("--catalog", PORTAL_DEFAULT_CATALOG);
  c.secret_key_file = a.get("--secret-key");
  std::string error;
  auto svc = portal::Service::open(c, error);
  if (!svc) {
    std::fprintf(stderr, "portal: %s\n", error.c_str());
    return 1;
  }
  const auto& w = a.words;
  if (w[0] == "enroll-code" && w.size() == 2) {
    const int ttl = std::atoi(a.get("--ttl-min", "60").c_str());
    if (ttl < 1) return usage();
    const auto made = svc->make_enrollment_code(w[1], std::chrono::minutes(ttl));
    if (!made) {
      std::fprintf(stderr,
                   "Không lưu được mã đăng ký vào cơ sở dữ liệu.\n"
                   "The enrollment code could not be stored.\n");
      return 1;
    }
    const std::string& code = *made;
    std::printf("%s\n", code.c_str());
    if (const std::string url = a.get("--portal"); !url.empty()) {  // the provisioning QR's text
      const auto fingerprint = ca_sha256(a.get("--ca"));
      if (!fingerprint) {
        std::fprintf(stderr, "portal: --ca must name the CA certificate (PEM)\n");
        return 2;
      }
      const auto checked =
          kiosk::check_provisioning(url, code, *fingerprint, a.get("--center", "vinh-linh"));
      if (checked.error != kiosk::ProvisioningError::None) {
        std::fprintf(stderr, "portal: %s\n",
                     std::string(kiosk::provisioning_error_text(checked.error, true)).c_str());
        return 2;
      }
      std::printf("%s\n", kiosk::provisioning_qr(checked.value).c_str());
    }
    return 0;
  }
  if (w[0] == "revoke" && w.size() == 2) {
    if (svc->revoke(w[1])) return 0;
    std::fprintf(stderr, "Không có máy %s.\nNo terminal %s.\n", w[1].c_str(), w[1].c_str());
    return 1;
  }
  if (w[0] == "terminals" && w.size() == 1) {
    std::printf("%s\n", svc->terminals().dump(2).c_str());
    return 0;
  }
  if (w[0] == "count" && w.size() == 2 && (w[1] == "requests" || w[1] == "ratings")) {
    std::printf("%d\n", svc->count(w[1].c_str()));
    return 0;
  }
  if (w[0] == "show" && w.size() == 2) return print_outcome(svc->officer_view(w[1]));
  if (w[0] == "case" && w.size() == 3) {
    nlohmann::json args = nlohmann::json::object();
    for (const char* k : {"reason", "to", "note", "summary", "document-url"})
      if (const std::string v = a.get(std::string("--") + k); !v.empty())
        args[k == std::string_view("document-url") ? "document_url" : k] = v;
    if (const std::string d = a.get("--days"); !d.empty()) args["days"] = std::atoi(d.c_str());
    return print_outcome(svc->move_case(w[1], w[2], args));
  }
  return usage();
}

int serve(const Args& a) {
  if (!a.ok || !a.words.empty()) return usage();
  portal::PortalConfig c;
  c.service.db_file = a.get("--db");
  c.service.secret_key_file = a.get("--secret-key");
  c.service.catalog_file = a.get("--catalog", PORTAL_DEFAULT_CATALOG);
  c.cert_file = a.get("--cert");
  c.key_file = a.get("--key");
  c.ca_file = a.get("--ca");
  c.demo_token = a.get("--demo-token");
  c.access_log = a.get("--quiet").empty();
  if (c.service.db_file.empty() || c.service.secret_key_file.empty() || c.cert_file.empty() ||
      c.key_file.empty())
    return usage();
  if (const auto it = a.flags.find("--fault"); it != a.flags.end())
    for (const auto& spec : it->second)
      if (!portal::parse_fault(spec, c.faults)) {
        std::fprintf(stderr, "portal: not a fault: %s\n", spec.c_str());
        return usage();
      }
  const std::string host = a.get("--host", "127.0.0.1");
  const int port = std::atoi(a.get("--port", "8443").c_str());
  std::string error;
  auto p = portal::Portal::create(c, error);
  if (!p) {
    std::fprintf(stderr, "portal: %s\n", error.c_str());
    return 1;
  }
  const int bound = p->bind(host, port);
  if (bound < 0) {
    std::fprintf(stderr, "portal: cannot listen on %s:%d\n", host.c_str(), port);
    return 1;
  }
  std::fprintf(stderr, "portal: listening on https://%s:%d\n", host.c_str(), bound);
  g_portal = p.get();
  std::signal(SIGINT, on_signal);
  std::signal(SIGTERM, on_signal);
  p->run();
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) return usage();
  const std::string_view cmd = argv[1];
  if (cmd == "--version") {
    std::printf("giaitrinh-portal %s\n", KIOSK_VERSION);
    return 0;
  }
  if (cmd == "serve") return serve(parse_args(argc, argv, 2, {"--quiet"}));
  if (cmd == "admin") return admin(parse_args(argc, argv, 2, {}));
  return usage();
}
