#include "portal.hpp"

#include <ctime>
#include <fstream>
#include <sstream>

#include <httplib.h>

#include <atomic>
#include <charconv>
#include <chrono>
#include <cstdio>
#include <mutex>
#include <nlohmann/json.hpp>
#include <thread>

#include "calendar.hpp"
#include "case_state.hpp"
#include "rate_limit.hpp"
#include "tls_server.hpp"
#include "validate.hpp"

namespace portal {

namespace {

using nlohmann::json;

void send(httplib::Response& res, const Outcome& o) {
  res.status = o.status;
  if (o.status != 204) res.set_content(o.body.dump(), "application/json");
}

std::string html_escape(std::string_view s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out.push_back(c);
    }
  }
  return out;
}

std::string vi_date(const json& d) {
  if (!d.is_string()) return "";
  const std::string s = d.get<std::string>();
  const auto parsed = kiosk::parse_iso_date(s.substr(0, 10));
  if (!parsed) return html_escape(s);
  return kiosk::format_vi_date(*parsed) +
         (s.size() >= 16 ? " " + html_escape(s.substr(11, 5)) : "");
}

// The phone status page: plain HTML, readable on a small screen, vi or en.
std::string status_page(const json& c, bool en) {
  const auto state = kiosk::case_state_text(c["status"].get<std::string>());
  auto t = [en](std::string_view vi, std::string_view e) { return std::string(en ? e : vi); };
  const std::string code = html_escape(c["code"].get<std::string>());
  std::string html = "<!doctype html><html lang=\"" + t("vi", "en") +
                     "\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" "
                     "content=\"width=device-width,initial-scale=1\"><title>" +
                     code +
                     "</title><style>body{font-family:sans-serif;margin:1.2em;line-height:1.5;"
                     "color:#1a1f2b;max-width:40em}h1{font-size:1.4em;color:#0b3d6e}"
                     ".state{font-size:1.2em;font-weight:bold}.due{font-weight:bold}"
                     "li{margin:.3em 0}</style></head><body>";
  html += "<h1>" + t("Hồ sơ ", "Case ") + code + "</h1>";
  html += "<p>" + html_escape(c["agency"]["name"].get<std::string>()) + " – " +
          html_escape(c["field"]["name"].get<std::string>()) + "</p>";
  html += "<p class=\"state\">" + t("Tình trạng: ", "Status: ") +
          html_escape(en ? state.en : state.vi) + "</p>";
  html += "<p class=\"due\">" + t("Hạn thông báo tiếp nhận: ", "Acceptance notice due: ") +
          vi_date(c["deadlines"]["acceptance_due"]) + "</p>";
  html += "<p class=\"due\">" + t("Hạn giải trình: ", "Explanation due: ") +
          vi_date(c["deadlines"]["answer_due"]) + "</p>";
  if (c.contains("answer")) {
    html += "<h2>" + t("Nội dung giải trình (tóm tắt)", "The explanation (summary)") + "</h2><p>" +
            html_escape(c["answer"]["summary"].get<std::string>()) + "</p>";
    const std::string doc = c["answer"].value("document_url", "");
    if (is_https_url(doc))  // never javascript:, data: or http:
      html += "<p><a href=\"" + html_escape(doc) + "\">" + t("Văn bản giải trình", "The document") +
              "</a></p>";
  }
  html += "<h2>" + t("Quá trình xử lý", "History") + "</h2><ul>";
  for (const auto& h : c["history"]) {
    const auto s = kiosk::case_state_text(h["status"].get<std::string>());
    html += "<li>" + vi_date(h["at"]) + " – " + html_escape(en ? s.en : s.vi);
    const std::string note = h.value("note", "");
    if (!note.empty()) html += ": " + html_escape(note);
    html += "</li>";
  }
  html += "</ul>";
  if (state.closed)
    html += "<p>" +
            t("Nếu không đồng ý với kết quả, ông/bà có quyền khiếu nại, tố cáo theo quy định của "
              "pháp luật.",
              "If you disagree with the outcome, you may file a complaint or denunciation under "
              "the law.") +
            "</p>";
  html += "</body></html>";
  return html;
}

Outcome unauthorized() {
  return error_outcome(401, "unauthorized", "Máy chưa được cấp quyền hoặc đã bị thu hồi.",
                       "The terminal is not enrolled or its token was revoked.");
}

std::optional<std::string> terminal_of(Service& svc, const httplib::Request& req) {
  const std::string auth = req.get_header_value("Authorization");
  if (auth.rfind("Bearer ", 0) != 0 || auth.size() > 7 + 256) return std::nullopt;
  return svc.terminal_for_token(auth.substr(7));
}

bool hits(std::atomic<long>& counter, int every) {
  return every > 0 && (counter.fetch_add(1) + 1) % every == 0;
}

}  // namespace

bool parse_fault(std::string_view spec, Faults& f) {
  std::vector<int> n;
  const auto colon = spec.find(':');
  if (colon == std::string_view::npos) return false;
  const std::string_view kind = spec.substr(0, colon);
  std::string_view rest = spec.substr(colon + 1);
  while (!rest.empty()) {
    const auto next = rest.find(':');
    const std::string_view part = rest.substr(0, next);
    int v = 0;
    const auto [end, ec] = std::from_chars(part.data(), part.data() + part.size(), v);
    if (ec != std::errc() || end != part.data() + part.size() || v < 0) return false;
    n.push_back(v);
    rest = next == std::string_view::npos ? std::string_view() : rest.substr(next + 1);
  }
  if (n.empty() || n[0] < 1) return false;
  if (kind == "500" && n.size() == 1)
    f.status_500_every = n[0];
  else if (kind == "429" && n.size() <= 2) {
    f.status_429_every = n[0];
    f.retry_after_s = n.size() == 2 ? n[1] : 1;
  } else if (kind == "drop" && n.size() == 1)
    f.drop_after_commit_every = n[0];
  else if (kind == "slow" && n.size() == 2) {
    f.slow_every = n[0];
    f.slow_ms = n[1];
  } else
    return false;
  return true;
}

struct Portal::Impl {
  explicit Impl(const PortalConfig& c)
      : config(c), faults(c.faults), guesses(c.lookup_guesses), enroll_guesses(c.enroll_guesses) {}
  PortalConfig config;
  std::unique_ptr<Service> service;
  std::unique_ptr<TlsServer> server;
  std::mutex faults_mutex;
  Faults faults;
  RateLimiter guesses, enroll_guesses;
  std::atomic<long> calls{0}, n500{0}, n429{0}, ndrop{0}, nslow{0};

  Faults current_faults() {
    std::lock_guard lock(faults_mutex);
    return faults;
  }

  // A submission-type call: faults before, the work, faults after.
  template <class F>
  void submission(httplib::Response& res, F&& work) {
    ++calls;
    const Faults f = current_faults();
    if (hits(n500, f.status_500_every)) {
      send(res,
           error_outcome(500, "injected", "Lỗi máy chủ (thử nghiệm).", "Server error (injected)."));
      return;
    }
    if (hits(n429, f.status_429_every)) {
      res.set_header("Retry-After", std::to_string(f.retry_after_s));
      send(res, error_outcome(429, "too_many_requests", "Quá nhiều yêu cầu, thử lại sau.",
                              "Too many requests; try again later."));
      return;
    }
    const Outcome o = work();
    if (hits(nslow, f.slow_every))
      std::this_thread::sleep_for(std::chrono::milliseconds(f.slow_ms));
    if (hits(ndrop, f.drop_after_commit_every)) {
      // Stored; now the status line and headers go out and the body never does: the connection
      // closes under the client before it has read the reply.
      res.status = o.status;
      const std::size_t length = o.body.dump().size();
      res.set_content_provider(length, "application/json",
                               [](std::size_t, std::size_t, httplib::DataSink&) { return false; });
      return;
    }
    send(res, o);
  }
};

Portal::Portal(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Portal::~Portal() = default;

namespace {

Outcome too_many(int retry_after_s) {
  Outcome o =
      error_outcome(429, "too_many_tries", "Thử sai quá nhiều lần. Xin thử lại sau ít phút.",
                    "Too many wrong tries. Please try again in a few minutes.");
  o.body["retry_after_s"] = retry_after_s;
  return o;
}

void send_limited(httplib::Response& res, int retry_after_s) {
  res.set_header("Retry-After", std::to_string(retry_after_s));
  send(res, too_many(retry_after_s));
}

// The largest body a route may carry (docs/api.md, "Limits"); 0: none.
std::size_t body_cap(const std::string& path) {
  if (path == "/api/v1/requests:batch" || path == "/api/v1/ratings:batch") return kMaxBatchBody;
  if (path == "/api/v1/terminals/enroll") return kMaxSmallBody;
  if (path == "/api/v1/requests" || path == "/api/v1/ratings" ||
      (path.rfind("/api/v1/terminals/", 0) == 0 && path.ends_with("/heartbeat")))
    return kMaxSingleBody;
  return 0;
}

bool is_page(const std::string& path) {
  return path.rfind("/c/", 0) == 0;
}

// Paths anyone may call; every other one needs a terminal's token.
bool is_public(const std::string& path) {
  return is_page(path) || path == "/api/v1/terminals/enroll" || path == "/api/v1/ca.pem";
}

// The terminal whose token this request carries: resolved once, by the pre-routing handler
// (before any body is read), for the handler httplib then runs on the same thread.
thread_local std::optional<std::string> t_terminal;

}  // namespace

std::unique_ptr<Portal> Portal::create(const PortalConfig& config, std::string& error) {
  auto impl = std::make_unique<Impl>(config);
  impl->service = Service::open(config.service, error);
  if (!impl->service) return nullptr;
  if (!config.demo_token.empty() &&
      !impl->service->set_terminal_token(config.demo_terminal_id, config.demo_token)) {
    error = "cannot store the demo terminal's token";
    return nullptr;
  }
  impl->server = std::make_unique<TlsServer>(config.cert_file.string(), config.key_file.string(),
                                             config.limits);
  if (!impl->server->is_valid()) {
    error = "cannot load the server certificate or key: " + config.cert_file.string();
    return nullptr;
  }
  Impl* p = impl.get();
  Service* svc = impl->service.get();
  auto& s = *impl->server;
  // Headers and body go out in separate writes: without this, Nagle's algorithm holds the body
  // until the client's delayed ACK (~40 ms a reply on Linux).
  s.set_tcp_nodelay(true);
  // What any route may read (the largest batch); each route's own cap is checked before reading.
  s.set_payload_max_length(kMaxBatchBody);
  if (config.access_log)
    s.set_logger([](const httplib::Request& req, const httplib::Response& res) {
      // Method, path and status only: bodies, query strings and headers carry personal data
      // and secrets.
      std::fprintf(stderr, "portal: %s %s %d\n", req.method.c_str(), req.path.c_str(), res.status);
    });
  auto authed = [](auto handler) {
    return [handler](const httplib::Request& req, httplib::Response& res) {
      if (!t_terminal) return send(res, unauthorized());
      handler(req, res, *t_terminal);
    };
  };
  auto parse = [](const httplib::Request& req) {
    auto body = parse_json(req.body);
    return body ? std::move(*body) : json(json::value_t::discarded);
  };
  // After the headers, before any body is read: the method, the size, the encoding and the
  // token. A refused body is never read; the connection closes after the answer.
  s.set_pre_routing_handler([svc](const httplib::Request& req, httplib::Response& res) {
    using R = httplib::Server::HandlerResponse;
    const auto refuse = [&](const Outcome& o) {
      send(res, o);
      TlsServer::close_after_reply();
      return R::Handled;
    };
    t_terminal.reset();
    if (req.method != "GET" && req.method != "POST" && req.method != "HEAD")
      return refuse(error_outcome(405, "method_not_allowed", "Phương thức không được hỗ trợ.",
                                  "Method not allowed."));
    const bool has_body = req.has_header("Content-Length") || req.has_header("Transfer-Encoding");
    if (req.method != "POST") {
      if (has_body)
        return refuse(error_outcome(400, "unexpected_body", "Yêu cầu này không có nội dung.",
                                    "This request takes no body."));
      if (!is_public(req.path) && !(t_terminal = terminal_of(*svc, req))) {
        send(res, unauthorized());
        return R::Handled;
      }
      return R::Unhandled;
    }
    if (!req.has_header("Content-Length") || req.has_header("Transfer-Encoding"))
      return refuse(error_outcome(411, "length_required", "Cần Content-Length.",
                                  "Content-Length is required."));
    const std::string encoding = req.get_header_value("Content-Encoding");
    if (!encoding.empty() && encoding != "identity")
      return refuse(error_outcome(415, "encoding_not_supported", "Không nhận nội dung nén.",
                                  "Compressed bodies are not accepted."));
    const std::string length = req.get_header_value("Content-Length");
    std::uint64_t n = 0;
    const auto [end, ec] = std::from_chars(length.data(), length.data() + length.size(), n);
    if (ec != std::errc() || end != length.data() + length.size())
      return refuse(error_outcome(400, "bad_content_length", "Content-Length không hợp lệ.",
                                  "Content-Length is not valid."));
    const std::size_t cap = body_cap(req.path);
    if (cap == 0)
      return refuse(error_outcome(404, "not_found", "Không có địa chỉ này.", "No such path."));
    if (n > cap)
      return refuse(
          error_outcome(413, "body_too_large", "Nội dung quá lớn.", "The body is too large."));
    if (!is_public(req.path) && !(t_terminal = terminal_of(*svc, req)))
      return refuse(unauthorized());
    TlsServer::allow_transfer(n);  // the body may take its time, at the minimum rate
    return R::Unhandled;
  });
  // Every answer: the time (RFC 9110 Date, terminals compare their clocks with it), a JSON body
  // for an error httplib made itself (404, 400, 413…), and the headers a public page needs.
  s.set_error_handler(httplib::Server::HandlerWithResponse([](const httplib::Request& req,
                                                              httplib::Response& res) {
    if (!res.body.empty()) return httplib::Server::HandlerResponse::Unhandled;
    // An error httplib's parser found (a malformed or timed-out request): the connection may hold
    // anything after it, so it closes after this answer.
    TlsServer::close_after_reply();
    if (is_page(req.path)) {
      res.set_content(
          "<!doctype html><meta charset=\"utf-8\"><p>Không tìm thấy trang. / Page not found.</p>",
          "text/html; charset=utf-8");
    } else {
      Outcome o = error_outcome(res.status, "http_error", "Yêu cầu không hợp lệ.",
                                "The request is not valid.");
      if (res.status == 404)
        o = error_outcome(404, "not_found", "Không có địa chỉ này.", "No such path.");
      send(res, o);
    }
    return httplib::Server::HandlerResponse::Handled;
  }));
  s.set_exception_handler([](const httplib::Request&, httplib::Response& res, std::exception_ptr) {
    // Never the exception's text: it may name a table, a file or a value.
    res.headers.clear();
    send(res, error_outcome(500, "internal", "Lỗi máy chủ, xin thử lại sau.",
                            "Server error; please try again later."));
  });
  s.set_post_routing_handler([](const httplib::Request& req, httplib::Response& res) {
    const std::time_t now = std::time(nullptr);
    std::tm tm{};
    gmtime_r(&now, &tm);
    char date[64];
    std::strftime(date, sizeof date, "%a, %d %b %Y %H:%M:%S GMT", &tm);
    res.set_header("Date", date);
    res.set_header("X-Content-Type-Options", "nosniff");
    res.set_header("Referrer-Policy", "no-referrer");  // the lookup token is in the page's URL
    res.set_header("Strict-Transport-Security", "max-age=31536000");
    if (req.path != "/api/v1/catalog" && req.path != "/api/v1/public-answers" &&
        req.path != "/api/v1/ca.pem")
      res.set_header("Cache-Control", "no-store");
    if (is_page(req.path)) {
      res.set_header("Content-Security-Policy",
                     "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; "
                     "form-action 'none'; frame-ancestors 'none'");
      res.set_header("X-Frame-Options", "DENY");
    }
    TlsServer::allow_transfer(res.body.size());
  });
  if (!config.ca_file.empty()) {
    std::ifstream in(config.ca_file);
    std::stringstream pem;
    pem << in.rdbuf();
    if (!in || pem.str().find("-----BEGIN CERTIFICATE-----") == std::string::npos) {
      error = "cannot read the CA certificate: " + config.ca_file.string();
      return nullptr;
    }
    s.Get("/api/v1/ca.pem", [ca = pem.str()](const httplib::Request&, httplib::Response& res) {
      res.set_content(ca, "application/x-pem-file");
    });
  }
  s.Post("/api/v1/terminals/enroll",
         [p, svc, parse](const httplib::Request& req, httplib::Response& res) {
           const std::string who = "ip:" + req.remote_addr;
           if (const int wait = p->enroll_guesses.take({who})) return send_limited(res, wait);
           const Outcome o = svc->enroll(parse(req));
           if (o.status == 201) p->enroll_guesses.give_back({who});
           send(res, o);
         });
  s.Post("/api/v1/requests", authed([p, svc, parse](const httplib::Request& req,
                                                    httplib::Response& res, const std::string& t) {
           p->submission(res, [&] {
             const json body = parse(req);
             if (body.is_discarded())
               return error_outcome(400, "bad_json", "Nội dung không phải JSON.",
                                    "The body is not JSON.");
             return svc->submit(t, req.get_header_value("Idempotency-Key"), body);
           });
         }));
  s.Post("/api/v1/requests:batch",
         authed([p, svc, parse](const httplib::Request& req, httplib::Response& res,
                                const std::string& t) {
           p->submission(res, [&] { return svc->batch(t, parse(req), true); });
         }));
  s.Post("/api/v1/ratings", authed([p, svc, parse](const httplib::Request& req,
                                                   httplib::Response& res, const std::string& t) {
           p->submission(res, [&] {
             return svc->rate(t, req.get_header_value("Idempotency-Key"), parse(req));
           });
         }));
  s.Post("/api/v1/ratings:batch",
         authed([p, svc, parse](const httplib::Request& req, httplib::Response& res,
                                const std::string& t) {
           p->submission(res, [&] { return svc->batch(t, parse(req), false); });
         }));
  s.Post(R"(/api/v1/terminals/([A-Za-z0-9_-]{1,40})/heartbeat)",
         authed([svc, parse](const httplib::Request& req, httplib::Response& res,
                             const std::string& t) {
           send(res, svc->heartbeat(t, req.matches[1], parse(req)));
         }));
  s.Get("/api/v1/catalog",
        authed([svc](const httplib::Request& req, httplib::Response& res, const std::string&) {
          res.set_header("ETag", svc->catalog_etag());
          if (req.get_header_value("If-None-Match") == svc->catalog_etag()) {
            res.status = 304;
            return;
          }
          res.set_content(svc->catalog_body(), "application/json");
        }));
  s.Get("/api/v1/public-answers",
        authed([svc](const httplib::Request& req, httplib::Response& res, const std::string&) {
          const std::string body = svc->public_answers().dump();
          const std::string etag = "\"" + std::to_string(std::hash<std::string>{}(body)) + "\"";
          res.set_header("ETag", etag);
          if (req.get_header_value("If-None-Match") == etag) {
            res.status = 304;
            return;
          }
          res.set_content(body, "application/json");
        }));
  s.Get(R"(/api/v1/requests/([A-Z0-9-]{1,40}))",
        authed([p, svc](const httplib::Request& req, httplib::Response& res, const std::string& t) {
          // A wrong token or wrong digits costs a try from both the terminal's and the client's
          // bucket; a right one costs nothing.
          const int wait = p->guesses.take({"terminal:" + t, "ip:" + req.remote_addr});
          if (wait) return send_limited(res, wait);
          Outcome o;
          if (!req.has_param("t") && req.has_param("p4")) {  // typed: last 4 digits of the phone
            o = svc->case_status_by_phone(req.matches[1], req.get_param_value("p4"));
            if (o.status == 429) res.set_header("Retry-After", "3600");
          } else {
            const auto c = svc->case_status(req.matches[1], req.get_param_value("t"));
            o = c ? Outcome{200, *c}
                  : error_outcome(404, "not_found", "Không tìm thấy hồ sơ.", "No such case.");
          }
          if (o.status == 200) p->guesses.give_back({"terminal:" + t, "ip:" + req.remote_addr});
          send(res, o);
        }));
  s.Get(R"(/c/([A-Z0-9-]{1,40}))", [p, svc](const httplib::Request& req, httplib::Response& res) {
    const bool en = req.get_param_value("lang") == "en";
    const std::string who = "ip:" + req.remote_addr;
    if (const int wait = p->guesses.take({who})) {
      res.status = 429;
      res.set_header("Retry-After", std::to_string(wait));
      res.set_content(en ? "<!doctype html><meta charset=\"utf-8\"><p>Too many wrong tries. "
                           "Please try again in a few minutes.</p>"
                         : "<!doctype html><meta charset=\"utf-8\"><p>Thử sai quá nhiều lần. "
                           "Xin thử lại sau ít phút.</p>",
                      "text/html; charset=utf-8");
      return;
    }
    const auto c = svc->case_status(req.matches[1], req.get_param_value("t"));
    if (!c) {
      res.status = 404;
      res.set_content(en ? "<!doctype html><meta charset=\"utf-8\"><p>No such case.</p>"
                         : "<!doctype html><meta charset=\"utf-8\"><p>Không tìm thấy hồ sơ.</p>",
                      "text/html; charset=utf-8");
      return;
    }
    p->guesses.give_back({who});
    res.set_content(status_page(*c, en), "text/html; charset=utf-8");
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

void Portal::set_faults(const Faults& faults) {
  std::lock_guard lock(impl_->faults_mutex);
  impl_->faults = faults;
}

std::string Portal::serve_bytes(std::string_view request, const std::string& client_ip) {
  return impl_->server->serve_bytes(request, client_ip);
}

long Portal::submission_calls() const {
  return impl_->calls.load();
}

Service& Portal::service() {
  return *impl_->service;
}

}  // namespace portal
