#include "printer.hpp"

#include <cups/cups.h>
#include <fcntl.h>
#include <linux/lp.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <string_view>

#include "escpos.hpp"

namespace device {

using kiosk::PrinterState;

namespace {

class Fd {
 public:
  explicit Fd(int fd = -1) : fd_(fd) {}
  ~Fd() {
    if (fd_ >= 0) ::close(fd_);
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  [[nodiscard]] int get() const { return fd_; }
  [[nodiscard]] bool ok() const { return fd_ >= 0; }

 private:
  int fd_;
};

std::string errno_text(int e) {
  return std::strerror(e);
}

// Writes everything, waiting at most `timeout_ms` for the device to take each part.
std::expected<void, PrintFailure> write_all(int fd, std::span<const std::uint8_t> bytes,
                                            int timeout_ms) {
  std::size_t done = 0;
  while (done < bytes.size()) {
    pollfd p{fd, POLLOUT, 0};
    const int ready = ::poll(&p, 1, timeout_ms);
    if (ready == 0) return std::unexpected(PrintFailure{PrinterState::Offline, "write timed out"});
    if (ready < 0) {
      if (errno == EINTR) continue;
      return std::unexpected(PrintFailure{PrinterState::Error, errno_text(errno)});
    }
    if (p.revents & (POLLERR | POLLHUP))
      return std::unexpected(PrintFailure{PrinterState::Offline, "the printer closed the link"});
    const ssize_t n = ::send(fd, bytes.data() + done, bytes.size() - done, MSG_NOSIGNAL);
    const ssize_t w =
        n < 0 && errno == ENOTSOCK ? ::write(fd, bytes.data() + done, bytes.size() - done) : n;
    if (w < 0) {
      if (errno == EINTR || errno == EAGAIN) continue;
      return std::unexpected(PrintFailure{
          errno == EPIPE || errno == ECONNRESET ? PrinterState::Offline : PrinterState::Error,
          errno_text(errno)});
    }
    done += std::size_t(w);
  }
  return {};
}

// --- file ------------------------------------------------------------------------------------
class FilePrinter final : public PrinterTransport {
 public:
  explicit FilePrinter(std::string path) : path_(std::move(path)) {}
  PrinterState status() override {
    const auto dir = std::filesystem::path(path_).parent_path();
    std::error_code ec;
    return dir.empty() || std::filesystem::is_directory(dir, ec) ? PrinterState::Ready
                                                                 : PrinterState::Offline;
  }
  std::expected<void, PrintFailure> send(std::span<const std::uint8_t> bytes) override {
    Fd fd(::open(path_.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600));
    if (!fd.ok()) return std::unexpected(PrintFailure{PrinterState::Offline, errno_text(errno)});
    auto written = write_all(fd.get(), bytes, 5000);
    if (written && ::fsync(fd.get()) != 0)
      return std::unexpected(PrintFailure{PrinterState::Error, errno_text(errno)});
    return written;
  }
  std::string describe() const override { return "file " + path_; }

 private:
  std::string path_;
};

// --- /dev/usb/lp* ----------------------------------------------------------------------------
class UsbPrinter final : public PrinterTransport {
 public:
  explicit UsbPrinter(std::string path) : path_(std::move(path)) {}
  PrinterState status() override {
    Fd fd(::open(path_.c_str(), O_WRONLY | O_NONBLOCK | O_CLOEXEC));
    if (!fd.ok()) return PrinterState::Offline;
    return state_of(fd.get());
  }
  std::expected<void, PrintFailure> send(std::span<const std::uint8_t> bytes) override {
    Fd fd(::open(path_.c_str(), O_WRONLY | O_NONBLOCK | O_CLOEXEC));
    if (!fd.ok())
      return std::unexpected(PrintFailure{PrinterState::Offline, path_ + ": " + errno_text(errno)});
    const PrinterState before = state_of(fd.get());
    if (before == PrinterState::PaperOut || before == PrinterState::CoverOpen ||
        before == PrinterState::Error)
      return std::unexpected(PrintFailure{before, "the printer reported it before the job"});
    return write_all(fd.get(), bytes, 10'000);
  }
  std::string describe() const override { return "usb " + path_; }

 private:
  // usblp answers LPGETSTATUS with the IEEE 1284 status byte.
  static PrinterState state_of(int fd) {
    int status = 0;
    if (::ioctl(fd, LPGETSTATUS, &status) != 0) return PrinterState::Unknown;
    if (status & LP_POUTPA) return PrinterState::PaperOut;
    if (!(status & LP_PERRORP)) return PrinterState::Error;
    if (!(status & LP_PSELECD)) return PrinterState::Offline;
    return PrinterState::Ready;
  }
  std::string path_;
};

// --- raw TCP (port 9100) ---------------------------------------------------------------------
class TcpPrinter final : public PrinterTransport {
 public:
  TcpPrinter(std::string host, std::string port) : host_(std::move(host)), port_(std::move(port)) {}

  PrinterState status() override {
    auto fd = connect_to();
    if (!fd) return fd.error().state;
    return ask_state((*fd)->get());
  }

  std::expected<void, PrintFailure> send(std::span<const std::uint8_t> bytes) override {
    auto fd = connect_to();
    if (!fd) return std::unexpected(fd.error());
    const PrinterState before = ask_state((*fd)->get());
    if (before != PrinterState::Ready && before != PrinterState::Unknown)
      return std::unexpected(PrintFailure{before, "the printer reported it before the job"});
    if (auto w = write_all((*fd)->get(), bytes, 10'000); !w) return w;
    ::shutdown((*fd)->get(), SHUT_WR);
    return {};
  }
  std::string describe() const override { return "tcp " + host_ + ":" + port_; }

 private:
  std::expected<std::unique_ptr<Fd>, PrintFailure> connect_to() const {
    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    addrinfo* found = nullptr;
    if (const int rc = ::getaddrinfo(host_.c_str(), port_.c_str(), &hints, &found); rc != 0)
      return std::unexpected(PrintFailure{PrinterState::Offline, gai_strerror(rc)});
    std::string last = "no address";
    for (addrinfo* a = found; a; a = a->ai_next) {
      auto fd = std::make_unique<Fd>(
          ::socket(a->ai_family, a->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, a->ai_protocol));
      if (!fd->ok()) continue;
      if (::connect(fd->get(), a->ai_addr, a->ai_addrlen) != 0 && errno != EINPROGRESS) {
        last = errno_text(errno);
        continue;
      }
      pollfd p{fd->get(), POLLOUT, 0};
      int err = 0;
      socklen_t len = sizeof err;
      if (::poll(&p, 1, 2000) != 1 ||
          ::getsockopt(fd->get(), SOL_SOCKET, SO_ERROR, &err, &len) != 0 || err != 0) {
        last = err ? errno_text(err) : "connect timed out";
        continue;
      }
      const int one = 1;
      ::setsockopt(fd->get(), IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
      ::freeaddrinfo(found);
      return fd;
    }
    ::freeaddrinfo(found);
    return std::unexpected(PrintFailure{PrinterState::Offline, last});
  }

  // DLE EOT 1, 2, 4; a printer that does not answer within a second is Unknown, not broken.
  static PrinterState ask_state(int fd) {
    if (!write_all(fd, kStatusQuery, 1000)) return PrinterState::Offline;
    std::uint8_t answer[3];
    std::size_t got = 0;
    const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(1);
    while (got < 3) {
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
          until - std::chrono::steady_clock::now());
      if (left.count() <= 0) return PrinterState::Unknown;
      pollfd p{fd, POLLIN, 0};
      if (::poll(&p, 1, int(left.count())) <= 0) return PrinterState::Unknown;
      const ssize_t n = ::recv(fd, answer + got, 3 - got, 0);
      if (n <= 0) return n == 0 ? PrinterState::Offline : PrinterState::Unknown;
      got += std::size_t(n);
    }
    return state_from_status(answer[0], answer[1], answer[2]).value_or(PrinterState::Unknown);
  }

  std::string host_, port_;
};

// --- CUPS ------------------------------------------------------------------------------------
class CupsPrinter final : public PrinterTransport {
 public:
  explicit CupsPrinter(std::string queue) : queue_(std::move(queue)) {}

  PrinterState status() override {
    cups_dest_t* dest = cupsGetNamedDest(CUPS_HTTP_DEFAULT, queue_.c_str(), nullptr);
    if (!dest) return PrinterState::Offline;
    const char* state = cupsGetOption("printer-state", dest->num_options, dest->options);
    const char* why = cupsGetOption("printer-state-reasons", dest->num_options, dest->options);
    const std::string_view reasons = why ? why : "";
    PrinterState out = PrinterState::Ready;
    if (reasons.find("media-empty") != reasons.npos || reasons.find("media-needed") != reasons.npos)
      out = PrinterState::PaperOut;
    else if (reasons.find("cover-open") != reasons.npos ||
             reasons.find("door-open") != reasons.npos)
      out = PrinterState::CoverOpen;
    else if (reasons.find("offline") != reasons.npos)
      out = PrinterState::Offline;
    else if (state && std::string_view(state) == "5")  // stopped
      out = PrinterState::Error;
    cupsFreeDests(1, dest);
    return out;
  }

  std::expected<void, PrintFailure> send(std::span<const std::uint8_t> bytes) override {
    const PrinterState before = status();
    if (before != PrinterState::Ready)
      return std::unexpected(PrintFailure{before, "CUPS queue " + queue_ + " is not ready"});
    const int job = cupsCreateJob(CUPS_HTTP_DEFAULT, queue_.c_str(), "giaitrinh-kiosk", 0, nullptr);
    if (job == 0) return std::unexpected(PrintFailure{PrinterState::Error, cupsLastErrorString()});
    if (cupsStartDocument(CUPS_HTTP_DEFAULT, queue_.c_str(), job, "receipt", CUPS_FORMAT_RAW, 1) !=
            HTTP_STATUS_CONTINUE ||
        cupsWriteRequestData(CUPS_HTTP_DEFAULT, reinterpret_cast<const char*>(bytes.data()),
                             bytes.size()) != HTTP_STATUS_CONTINUE ||
        cupsFinishDocument(CUPS_HTTP_DEFAULT, queue_.c_str()) > IPP_STATUS_OK_CONFLICTING) {
      const std::string why = cupsLastErrorString();
      cupsCancelJob2(CUPS_HTTP_DEFAULT, queue_.c_str(), job, 0);
      return std::unexpected(PrintFailure{PrinterState::Error, why});
    }
    return {};
  }
  std::string describe() const override { return "cups " + queue_; }

 private:
  std::string queue_;
};

std::string first_usb_printer() {
  std::error_code ec;
  std::string best;
  for (const auto& entry : std::filesystem::directory_iterator("/dev/usb", ec)) {
    const std::string name = entry.path().filename().string();
    if (name.starts_with("lp") && (best.empty() || entry.path().string() < best))
      best = entry.path().string();
  }
  return best;
}

}  // namespace

std::expected<std::unique_ptr<PrinterTransport>, std::string> open_printer(
    const kiosk::PrinterConfig& c) {
  const std::string& t = c.transport;
  if (t == "off") return std::unique_ptr<PrinterTransport>{};
  if (t == "auto" || t.empty()) {
    const std::string usb = c.target.empty() ? first_usb_printer() : c.target;
    if (usb.empty()) return std::unique_ptr<PrinterTransport>{};
    return std::make_unique<UsbPrinter>(usb);
  }
  if (t == "usb") return std::make_unique<UsbPrinter>(c.target.empty() ? "/dev/usb/lp0" : c.target);
  if (c.target.empty()) return std::unexpected("printer.target is needed for " + t);
  if (t == "file") return std::make_unique<FilePrinter>(c.target);
  if (t == "cups") return std::make_unique<CupsPrinter>(c.target);
  if (t == "tcp") {
    std::string host = c.target, port = "9100";
    // "host:port", "[v6]:port", or a bare host / IPv6 address.
    if (host.starts_with('[')) {
      const auto close = host.find(']');
      if (close == std::string::npos) return std::unexpected("printer.target: missing ']'");
      if (close + 1 < host.size() && host[close + 1] == ':') port = host.substr(close + 2);
      host = host.substr(1, close - 1);
    } else if (const auto colon = host.rfind(':');
               colon != std::string::npos && host.find(':') == colon) {
      port = host.substr(colon + 1);
      host = host.substr(0, colon);
    }
    if (host.empty() || port.empty()) return std::unexpected("printer.target: host[:port]");
    return std::make_unique<TcpPrinter>(host, port);
  }
  return std::unexpected("printer.transport must be auto, usb, tcp, cups, file or off, not '" + t +
                         "'");
}

}  // namespace device
