// giaitrinh-portal: the reference portal. `giaitrinh-portal serve --db FILE --cert PEM --key PEM
// --secret-key FILE --catalog FILE [--host 127.0.0.1] [--port 8443] [--demo-token TOKEN]`.
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "portal.hpp"

namespace {
portal::Portal* g_portal = nullptr;
void on_signal(int) {
  if (g_portal) g_portal->stop();
}
int usage() {
  std::fputs(
      "usage: giaitrinh-portal serve --db FILE --cert PEM --key PEM --secret-key FILE --catalog "
      "FILE\n"
      "                        [--host 127.0.0.1] [--port 8443] [--demo-token TOKEN]\n",
      stderr);
  return 2;
}
}  // namespace

int main(int argc, char** argv) {
  if (argc < 2 || std::string_view(argv[1]) != "serve") return usage();
  portal::PortalConfig c;
  std::string host = "127.0.0.1";
  int port = 8443;
  for (int i = 2; i < argc; ++i) {
    const std::string_view a = argv[i];
    if (i + 1 >= argc) return usage();
    const char* v = argv[++i];
    if (a == "--db")
      c.db_file = v;
    else if (a == "--cert")
      c.cert_file = v;
    else if (a == "--key")
      c.key_file = v;
    else if (a == "--secret-key")
      c.secret_key_file = v;
    else if (a == "--catalog")
      c.catalog_file = v;
    else if (a == "--host")
      host = v;
    else if (a == "--port")
      port = std::atoi(v);
    else if (a == "--demo-token")
      c.demo_token = v;
    else
      return usage();
  }
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
