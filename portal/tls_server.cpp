#include "tls_server.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <condition_variable>
#include <csignal>
#include <cstring>
#include <deque>
#include <functional>
#include <system_error>
#include <thread>

namespace portal {

namespace {

using Clock = std::chrono::steady_clock;

void address_of(int fd, bool peer, std::string& ip, int& port) {
  sockaddr_storage a{};
  socklen_t len = sizeof a;
  const int r = peer ? getpeername(fd, reinterpret_cast<sockaddr*>(&a), &len)
                     : getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
  ip.clear();
  port = 0;
  if (r != 0) return;
  char buf[INET6_ADDRSTRLEN] = {};
  if (a.ss_family == AF_INET) {
    const auto* v4 = reinterpret_cast<const sockaddr_in*>(&a);
    inet_ntop(AF_INET, &v4->sin_addr, buf, sizeof buf);
    port = ntohs(v4->sin_port);
  } else if (a.ss_family == AF_INET6) {
    const auto* v6 = reinterpret_cast<const sockaddr_in6*>(&a);
    inet_ntop(AF_INET6, &v6->sin6_addr, buf, sizeof buf);
    port = ntohs(v6->sin6_port);
  }
  ip = buf;
}

// A connection's byte stream for httplib: TLS over a non-blocking socket, every wait bounded by
// the request's deadline.
class TlsStream final : public httplib::Stream {
 public:
  TlsStream(SSL* ssl, int fd) : ssl_(ssl), fd_(fd) {
    address_of(fd, true, remote_ip_, remote_port_);
    address_of(fd, false, local_ip_, local_port_);
  }
  Clock::time_point deadline;
  bool close_after = false;
  bool timed_out = false;
  std::size_t min_rate = 32 * 1024;

  bool handshake() {
    for (;;) {
      const int r = SSL_accept(ssl_);
      if (r == 1) return true;
      if (!wait_for(SSL_get_error(ssl_, r))) return false;
    }
  }
  // Waits for the next request: bytes already here, or the socket readable within `idle`.
  bool next_request_within(std::chrono::milliseconds idle) {
    if (buffered()) return true;
    pollfd p{fd_, POLLIN, 0};
    return poll(&p, 1, static_cast<int>(idle.count())) > 0 && (p.revents & POLLIN);
  }
  void goodbye() {
    // A polite close_notify without waiting for the client's; never blocks.
    SSL_shutdown(ssl_);
  }

  bool is_readable() const override {
    if (buffered()) return true;
    pollfd p{fd_, POLLIN, 0};
    return poll(&p, 1, left_ms()) > 0;
  }
  bool is_writable() const override {
    pollfd p{fd_, POLLOUT, 0};
    return poll(&p, 1, left_ms()) > 0;
  }
  ssize_t read(char* ptr, size_t size) override {
    if (used_ == have_) {
      used_ = have_ = 0;
      for (;;) {
        const int n = SSL_read(ssl_, buf_, sizeof buf_);
        if (n > 0) {
          have_ = static_cast<std::size_t>(n);
          break;
        }
        const int err = SSL_get_error(ssl_, n);
        if (err == SSL_ERROR_ZERO_RETURN) return 0;
        if (!wait_for(err)) return -1;
      }
    }
    const std::size_t n = std::min(size, have_ - used_);
    std::memcpy(ptr, buf_ + used_, n);
    used_ += n;
    return static_cast<ssize_t>(n);
  }
  ssize_t write(const char* ptr, size_t size) override {
    if (size == 0) return 0;
    for (;;) {
      const int n = SSL_write(ssl_, ptr, static_cast<int>(std::min<size_t>(size, 1 << 30)));
      if (n > 0) return n;
      if (!wait_for(SSL_get_error(ssl_, n))) return -1;
    }
  }
  void get_remote_ip_and_port(std::string& ip, int& port) const override {
    ip = remote_ip_;
    port = remote_port_;
  }
  void get_local_ip_and_port(std::string& ip, int& port) const override {
    ip = local_ip_;
    port = local_port_;
  }
  socket_t socket() const override { return fd_; }

 private:
  // Bytes already received: in our buffer or decrypted inside OpenSSL.
  bool buffered() const { return have_ > used_ || SSL_pending(ssl_) > 0; }
  int left_ms() const {
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
    return left > 0 ? static_cast<int>(left) : 0;
  }
  // After SSL_ERROR_WANT_READ/WRITE: wait for the socket until the deadline.
  bool wait_for(int ssl_error) {
    short events = 0;
    if (ssl_error == SSL_ERROR_WANT_READ)
      events = POLLIN;
    else if (ssl_error == SSL_ERROR_WANT_WRITE)
      events = POLLOUT;
    else
      return false;
    const int left = left_ms();
    pollfd p{fd_, events, 0};
    if (left <= 0 || poll(&p, 1, left) <= 0) {
      timed_out = true;
      return false;
    }
    return !(p.revents & (POLLERR | POLLNVAL));
  }

  SSL* ssl_;
  int fd_;
  char buf_[4096];
  std::size_t have_ = 0, used_ = 0;
  std::string remote_ip_, local_ip_;
  int remote_port_ = 0, local_port_ = 0;
};

// Bytes in, bytes out: a request handed over whole (the robustness run).
class MemoryStream final : public httplib::Stream {
 public:
  MemoryStream(std::string_view in, std::string ip) : in_(in), ip_(std::move(ip)) {}
  std::string out;
  bool is_readable() const override { return pos_ < in_.size(); }
  bool is_writable() const override { return true; }
  ssize_t read(char* ptr, size_t size) override {
    const std::size_t n = std::min(size, in_.size() - pos_);
    std::memcpy(ptr, in_.data() + pos_, n);
    pos_ += n;
    return static_cast<ssize_t>(n);
  }
  ssize_t write(const char* ptr, size_t size) override {
    out.append(ptr, size);
    return static_cast<ssize_t>(size);
  }
  void get_remote_ip_and_port(std::string& ip, int& port) const override {
    ip = ip_;
    port = 40000;
  }
  void get_local_ip_and_port(std::string& ip, int& port) const override {
    ip = "127.0.0.1";
    port = 8443;
  }
  socket_t socket() const override { return 0; }

 private:
  std::string_view in_;
  std::size_t pos_ = 0;
  std::string ip_;
};

// The connection being served on this thread, for the handlers' allow_transfer/close_after_reply.
thread_local TlsStream* t_current = nullptr;

// Workers that grow on demand up to `max`, and go away after a minute idle (down to `min`).
class ElasticPool final : public httplib::TaskQueue {
 public:
  ElasticPool(std::size_t min, std::size_t max) : min_(min), max_(max) {}
  ~ElasticPool() override { shutdown(); }
  void enqueue(std::function<void()> fn) override {
    std::unique_lock lock(mutex_);
    jobs_.push_back(std::move(fn));
    // A waiting worker per waiting job; a new one when there are more jobs than idle workers
    // (a worker woken for an earlier job may not have taken it yet).
    if (jobs_.size() > idle_ && threads_ < max_) {
      ++threads_;
      try {
        std::thread([this] { work(); }).detach();
        return;
      } catch (const std::system_error&) {  // no thread to be had: the workers there take it
        --threads_;
        if (threads_ == 0) {  // none at all: serve it here rather than never
          auto job = std::move(jobs_.back());
          jobs_.pop_back();
          lock.unlock();
          job();
          return;
        }
      }
    }
    more_.notify_one();
  }
  void shutdown() override {
    std::unique_lock lock(mutex_);
    stopping_ = true;
    more_.notify_all();
    gone_.wait(lock, [this] { return threads_ == 0; });
  }

 private:
  void work() {
    std::unique_lock lock(mutex_);
    for (;;) {
      ++idle_;
      const bool woke = more_.wait_for(lock, std::chrono::seconds(60),
                                       [this] { return stopping_ || !jobs_.empty(); });
      --idle_;
      if (jobs_.empty() && (stopping_ || (!woke && threads_ > min_))) break;
      if (jobs_.empty()) continue;
      auto job = std::move(jobs_.front());
      jobs_.pop_front();
      lock.unlock();
      job();
      lock.lock();
    }
    --threads_;
    gone_.notify_all();
  }

  std::size_t min_, max_;
  std::mutex mutex_;
  std::condition_variable more_, gone_;
  std::deque<std::function<void()>> jobs_;
  std::size_t threads_ = 0, idle_ = 0;
  bool stopping_ = false;
};

}  // namespace

TlsServer::TlsServer(const std::string& cert_file, const std::string& key_file, ServerLimits limits)
    : limits_(limits) {
  // A client that goes away mid-reply must not kill the process: OpenSSL writes with write(2),
  // which raises SIGPIPE on a closed socket.
  std::signal(SIGPIPE, SIG_IGN);
  SSL_CTX* ctx = SSL_CTX_new(TLS_server_method());
  if (!ctx) return;
  // TLS 1.2 and 1.3 only; for 1.2, ECDHE with AEAD ciphers (Mozilla's "intermediate" list): no
  // CBC-SHA, no RSA key exchange.
  const bool ok =
      SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION) == 1 &&
      SSL_CTX_set_cipher_list(ctx,
                              "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:"
                              "ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:"
                              "ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305") == 1 &&
      SSL_CTX_use_certificate_chain_file(ctx, cert_file.c_str()) == 1 &&
      SSL_CTX_use_PrivateKey_file(ctx, key_file.c_str(), SSL_FILETYPE_PEM) == 1 &&
      SSL_CTX_check_private_key(ctx) == 1;
  if (!ok) {
    SSL_CTX_free(ctx);
    ERR_clear_error();
    return;
  }
  SSL_CTX_set_options(
      ctx, SSL_OP_NO_COMPRESSION | SSL_OP_NO_RENEGOTIATION | SSL_OP_CIPHER_SERVER_PREFERENCE);
  SSL_CTX_set_mode(ctx, SSL_MODE_ENABLE_PARTIAL_WRITE | SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER);
  ctx_ = ctx;
  new_task_queue = [max = limits_.max_workers] { return new ElasticPool(4, max); };
  set_keep_alive_max_count(limits_.requests_per_connection);
  set_keep_alive_timeout(
      std::chrono::duration_cast<std::chrono::seconds>(limits_.keep_alive).count());
}

TlsServer::~TlsServer() {
  if (ctx_) SSL_CTX_free(ctx_);
}

void TlsServer::allow_transfer(std::size_t bytes) {
  if (!t_current) return;
  const auto needed = std::chrono::milliseconds(
      5000 + bytes * 1000 / std::max<std::size_t>(1, t_current->min_rate));
  t_current->deadline = std::max(t_current->deadline, Clock::now() + needed);
}

void TlsServer::close_after_reply() {
  if (t_current) t_current->close_after = true;
}

bool TlsServer::take_client_slot(const std::string& ip) {
  std::lock_guard lock(clients_mutex_);
  auto& n = clients_[ip];
  if (n >= limits_.connections_per_client) return false;
  ++n;
  return true;
}

void TlsServer::give_client_slot(const std::string& ip) {
  std::lock_guard lock(clients_mutex_);
  const auto it = clients_.find(ip);
  if (it != clients_.end() && --it->second == 0) clients_.erase(it);
}

namespace {

// After refusing a body without reading it: stop sending, then read and drop what the client is
// still sending for a moment, so that its TCP stack sees the answer before a reset (a bounded
// "lingering close": at most 16 MiB or 2 s, into one small buffer).
void linger(int sock) {
  ::shutdown(sock, SHUT_WR);
  char sink[16384];
  std::size_t dropped = 0;
  const auto until = Clock::now() + std::chrono::milliseconds(2000);
  while (dropped < (16u << 20)) {
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(until - Clock::now()).count();
    if (left <= 0) break;
    pollfd p{sock, POLLIN, 0};
    if (poll(&p, 1, static_cast<int>(left)) <= 0) break;
    const ssize_t n = ::recv(sock, sink, sizeof sink, 0);
    if (n <= 0) break;
    dropped += static_cast<std::size_t>(n);
  }
}

}  // namespace

bool TlsServer::process_and_close_socket(socket_t sock) {
  std::string ip;
  int port = 0;
  address_of(sock, true, ip, port);
  bool ok = false;
  if (take_client_slot(ip)) {
    fcntl(sock, F_SETFL, fcntl(sock, F_GETFL) | O_NONBLOCK);
    SSL* ssl = SSL_new(ctx_);
    if (ssl && SSL_set_fd(ssl, sock) == 1) {
      TlsStream stream(ssl, sock);
      stream.min_rate = limits_.min_bytes_per_s;
      stream.deadline = Clock::now() + limits_.handshake;
      if (stream.handshake()) {
        t_current = &stream;
        for (std::size_t n = 0; n < limits_.requests_per_connection; ++n) {
          if (!stream.next_request_within(n == 0 ? limits_.headers : limits_.keep_alive)) break;
          stream.deadline = Clock::now() + limits_.headers;
          bool closed = false;
          ok = process_request(stream, n + 1 == limits_.requests_per_connection, closed, nullptr);
          if (!ok || closed || stream.close_after || stream.timed_out) break;
        }
        t_current = nullptr;
        stream.goodbye();
        if (stream.close_after) linger(sock);
      }
    }
    if (ssl) SSL_free(ssl);
    ERR_clear_error();
    give_client_slot(ip);
  }
  ::shutdown(sock, SHUT_RDWR);
  ::close(sock);
  return ok;
}

std::string TlsServer::serve_bytes(std::string_view request, const std::string& client_ip) {
  MemoryStream stream(request, client_ip);
  bool closed = false;
  (void)process_request(stream, true, closed, nullptr);
  return std::move(stream.out);
}

}  // namespace portal
