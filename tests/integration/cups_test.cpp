// The CUPS transport against a real cupsd: a private scheduler on a Unix socket in a temporary
// folder, one raw queue whose backend appends each job to a file, so the bytes that CUPS handed
// to the "printer" are compared with what the kiosk sent.
#include <doctest/doctest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <thread>

#include "escpos.hpp"
#include "escpos_decoder.hpp"
#include "printer.hpp"
#include "receipt_render.hpp"
#include "temp_dir.hpp"

namespace fs = std::filesystem;

namespace {

void write(const fs::path& p, const std::string& text) {
  std::ofstream(p) << text;
}

struct PrivateCups {
  TempDir dir;
  pid_t pid = -1;
  fs::path socket, output;

  PrivateCups() {
    const fs::path& d = dir.path;
    for (const char* sub : {"root", "spool", "tmp", "cache", "state", "log", "bin/backend", "out"})
      fs::create_directories(d / sub);
    fs::permissions(d / "out", fs::perms::all);
    socket = d / "cups.sock";
    output = d / "out" / "printer.bin";
    write(d / "root/cupsd.conf", "Listen " + socket.string() +
                                     "\nLogLevel warn\nDefaultAuthType None\nWebInterface No\n"
                                     "<Location />\n  Order allow,deny\n  Allow all\n</Location>\n"
                                     "<Policy default>\n  <Limit All>\n    Order deny,allow\n"
                                     "  </Limit>\n</Policy>\n");
    // The scheduler runs its helpers from ServerBin: Debian's daemon/ (cups-exec), our backend.
    write(d / "root/cups-files.conf",
          "ServerRoot " + (d / "root").string() + "\nRequestRoot " + (d / "spool").string() +
              "\nTempDir " + (d / "tmp").string() + "\nCacheDir " + (d / "cache").string() +
              "\nStateDir " + (d / "state").string() + "\nErrorLog " +
              (d / "log/error_log").string() + "\nAccessLog " + (d / "log/access_log").string() +
              "\nPageLog " + (d / "log/page_log").string() + "\nServerBin " + (d / "bin").string() +
              "\nDataDir /usr/share/cups\n");
    fs::create_directory_symlink("/usr/lib/cups/daemon", d / "bin/daemon");
    write(d / "bin/backend/recorder",
          "#!/bin/sh\n"
          "if [ $# -eq 0 ]; then echo 'direct recorder \"Unknown\" \"Test recorder\"'; exit 0; fi\n"
          "out=${DEVICE_URI#recorder:}\n"
          "if [ $# -ge 6 ]; then cat \"$6\" >> \"$out\"; else cat >> \"$out\"; fi\n");
    fs::permissions(d / "bin/backend/recorder", fs::perms::owner_all);  // 0700: run as root
    pid = ::fork();
    if (pid == 0) {
      ::execl("/usr/sbin/cupsd", "cupsd", "-f", "-c", (d / "root/cupsd.conf").c_str(), "-s",
              (d / "root/cups-files.conf").c_str(), nullptr);
      ::_exit(127);
    }
    for (int i = 0; i < 100 && !fs::exists(socket); ++i)
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    ::setenv("CUPS_SERVER", socket.c_str(), 1);
  }
  ~PrivateCups() {
    if (pid > 0) {
      ::kill(pid, SIGTERM);
      ::waitpid(pid, nullptr, 0);
    }
  }
  int admin(const std::string& args) const {
    return std::system(
        ("CUPS_SERVER='" + socket.string() + "' " + args + " >/dev/null 2>&1").c_str());
  }
};

std::vector<std::uint8_t> read_bytes(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), {}};
}

}  // namespace

TEST_CASE(
    "a CUPS queue: the job's bytes reach the printer unchanged, and a stopped queue is refused") {
  if (!fs::exists("/usr/sbin/cupsd") || ::geteuid() != 0) {
    // cupsd runs a 0700 backend only as root; elsewhere the CUPS path cannot be exercised.
    MESSAGE("skipped: needs /usr/sbin/cupsd (Debian cups-daemon) and root to run a private cupsd");
    return;
  }
  PrivateCups cups;
  REQUIRE(fs::exists(cups.socket));
  REQUIRE(cups.admin("lpadmin -p quay-1 -E -v recorder:" + cups.output.string() + " -m raw") == 0);

  auto fonts = device::PrintFonts::open(KIOSK_SHARE_DIR "/fonts");
  REQUIRE(fonts);
  kiosk::PrintHeader header;
  header.terminal_id = "VL01";
  const auto bytes = device::encode_escpos(device::render_printout(
      kiosk::test_page_printout(header, "cups quay-1", "2026-11-25T10:00:00+07:00"), **fonts,
      device::Paper::Mm80));
  auto printer = device::open_printer({"cups", "quay-1", 80});
  REQUIRE(printer);
  CHECK((*printer)->status() == kiosk::PrinterState::Ready);
  REQUIRE((*printer)->send(bytes));
  for (int i = 0; i < 100 && read_bytes(cups.output).size() < bytes.size(); ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  REQUIRE(read_bytes(cups.output) == bytes);
  const auto decoded = testsupport::decode_escpos(read_bytes(cups.output));
  CHECK(decoded.error.empty());

  REQUIRE(cups.admin("cupsdisable quay-1") == 0);  // stopped, as after a printer fault
  CHECK((*printer)->status() == kiosk::PrinterState::Error);
  CHECK_FALSE((*printer)->send(bytes));
  auto missing = device::open_printer({"cups", "no-such-queue", 80});
  REQUIRE(missing);
  CHECK((*missing)->status() == kiosk::PrinterState::Offline);
}
