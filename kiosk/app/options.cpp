#include "options.hpp"

#include "provision.hpp"

#include <unistd.h>

#include <charconv>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <string_view>

#include <nlohmann/json.hpp>

namespace app {

namespace fs = std::filesystem;

fs::path default_assets_dir() {
  if (const char* env = std::getenv("KIOSK_ASSETS"); env && *env) return env;
  std::error_code ec;
  const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) return exe.parent_path().parent_path() / "share" / "giaitrinh-kiosk";
  return "/usr/share/giaitrinh-kiosk";
}

fs::path default_state_dir() {
  if (const char* env = std::getenv("XDG_STATE_HOME"); env && *env)
    return fs::path(env) / "giaitrinh-kiosk";
  if (const char* home = std::getenv("HOME"); home && *home)
    return fs::path(home) / ".local" / "state" / "giaitrinh-kiosk";
  return fs::path("/var/lib/giaitrinh-kiosk");
}

const char* version() {
  return KIOSK_VERSION;
}

std::string usage() {
  return R"(Giải Trình Kiosk — terminal for requests for explanation (yêu cầu giải trình)

usage: kiosk [options]
       kiosk receipt --demo [--kind receipt|status|summary|test] [--paper 80|58]
                     [--out FILE.bin] [--png FILE.png] [--print] [--config FILE]
       echo PIN | kiosk set-pin staff|technician [--state-dir DIR]
       kiosk ime | deadline | parse-qr …   (checking the domain from a shell)

  --version            print the version (giaitrinh-kiosk X.Y.Z) and exit
  --config FILE        JSON config (default: the demo config in the assets folder)
  --state-dir DIR      where the SQLite file lives (default: ~/.local/state/giaitrinh-kiosk)
  --assets DIR         fonts and demo data (default: next to the program)
  --lang vi|en         language the screens start in
  --portal URL         the portal to sync with (https://…)
  --portal-token T     the terminal's bearer token from enrollment
  --portal-ca PEM      the only CA trusted for the portal
  --scanner-port DEV   the serial QR scanner (default: the first /dev/ttyACM*, /dev/ttyUSB*;
                       "off" for none)
  --camera DEV         the camera that reads QR codes on the status screen (default:
                       /dev/video0 when present; "off" for none)
  --printer T[:TARGET] the receipt printer: auto, off, usb[:/dev/usb/lpN], tcp:HOST[:PORT],
                       cups:QUEUE, file:PATH (appends each job's ESC/POS bytes)
  --paper 80|58        the printer's paper width in millimetres
  --landscape          1920×1080 instead of portrait 1080×1920
  --fullscreen         take the whole display (the terminal's kiosk session), laid out for
                       its shape and scaled to fill it
  --output WxH         lay out as on an output of W×H pixels (portrait or landscape by its
                       shape), e.g. for --screenshot; the window shows it scaled
  --window-scale X     window pixels per screen pixel (default: fit the display)
  --renderer NAME      auto, software, opengl or opengles2
  --idle-warn-s N      seconds without a touch before the warning (default 60)
  --idle-reset-s N     seconds without a touch before going home and wiping (default 75)
  --screenshot PNG     render one frame offscreen to PNG and exit
  --screen NAME        with --screenshot: home, request, status, rating, agencies
  --idle-warning       with --screenshot --screen: the idle warning over that screen
  --exit-after-ms N    quit by itself after N ms
  --headless           no window: open the store and sync with the portal until stopped
  --until-drained      with --headless: stop once every queued submission is sent
  --soak-every-ms N    with --headless: burn-in, queue a demo request every N ms as a
                       resident's would be (a test terminal only: they reach its portal)
  --print-first-frame  print "first_frame" on stdout when the first frame is on screen
  --measure-frames N   then draw N frames and print frame_ms_mean and frame_ms_p95
)";
}

namespace {

bool parse_lang(std::string_view s, kiosk::Lang& out) {
  if (s == "vi")
    out = kiosk::Lang::Vi;
  else if (s == "en")
    out = kiosk::Lang::En;
  else
    return false;
  return true;
}

template <class T>
bool parse_number(std::string_view s, T& out) {
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc() && end == s.data() + s.size();
}

void apply_orientation(kiosk::KioskConfig& c) {
  c.display.width = c.display.landscape ? 1920 : 1080;
  c.display.height = c.display.landscape ? 1080 : 1920;
}

}  // namespace

std::expected<void, std::string> load_config_file(const fs::path& file, kiosk::KioskConfig& c) {
  std::ifstream in(file);
  if (!in) return std::unexpected("cannot read config file " + file.string());
  nlohmann::json j = nlohmann::json::parse(in, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded() || !j.is_object())
    return std::unexpected("config file " + file.string() + " is not a JSON object");
  try {
    if (j.contains("center")) {
      const auto& center = j.at("center");
      c.centre.name_vi = center.value("name_vi", c.centre.name_vi);
      c.centre.name_en = center.value("name_en", c.centre.name_en);
      c.centre.address = center.value("address", c.centre.address);
      c.centre.hotline = center.value("hotline", c.centre.hotline);
    }
    c.centre.terminal_id = j.value("terminal_id", c.centre.terminal_id);
    if (j.contains("lang") && !parse_lang(j.at("lang").get<std::string>(), c.input.default_lang))
      return std::unexpected("config: lang must be \"vi\" or \"en\"");
    c.display.landscape = j.value("landscape", c.display.landscape);
    apply_orientation(c);
    c.display.diagonal_inch = j.value("screen_diagonal_inch", c.display.diagonal_inch);
    c.display.fullscreen = j.value("fullscreen", c.display.fullscreen);
    c.display.renderer = j.value("renderer", c.display.renderer);
    if (j.contains("portal")) {
      const auto& portal = j.at("portal");
      c.portal.url = portal.value("url", c.portal.url);
      c.portal.public_key = portal.value("public_key", c.portal.public_key);
      c.portal.token = portal.value("token", c.portal.token);
      c.portal.ca_file = portal.value("ca_file", c.portal.ca_file);
    }
    if (j.contains("scanner") && j.at("scanner").is_object()) {
      c.devices.scanner_port = j.at("scanner").value("serial", c.devices.scanner_port);
      if (c.devices.scanner_port == "auto") c.devices.scanner_port.clear();
      c.devices.camera_device = j.at("scanner").value("camera", c.devices.camera_device);
      if (c.devices.camera_device == "auto") c.devices.camera_device.clear();
    }
    if (j.contains("printer") && j.at("printer").is_object()) {
      const auto& printer = j.at("printer");
      c.devices.printer.transport = printer.value("transport", c.devices.printer.transport);
      c.devices.printer.target = printer.value("target", c.devices.printer.target);
      c.devices.printer.paper_mm = printer.value("paper_mm", c.devices.printer.paper_mm);
      if (c.devices.printer.paper_mm != 80 && c.devices.printer.paper_mm != 58)
        return std::unexpected("config: printer.paper_mm must be 80 or 58");
    }
    if (j.contains("catalog_file")) {
      fs::path catalog = j.at("catalog_file").get<std::string>();
      if (catalog.is_relative()) catalog = fs::path(c.assets_dir) / catalog;
      c.catalog_file = catalog.string();
    }
    if (j.contains("input_method")) {
      const std::string m = j.at("input_method").get<std::string>();
      if (m == "telex")
        c.input.input_method = kiosk::InputMethod::Telex;
      else if (m == "vni")
        c.input.input_method = kiosk::InputMethod::Vni;
      else
        return std::unexpected("config: input_method must be \"telex\" or \"vni\"");
    }
    if (j.contains("tone_style")) {
      const std::string t = j.at("tone_style").get<std::string>();
      if (t == "modern")
        c.input.tone_style = kiosk::ToneStyle::Modern;
      else if (t == "classic")
        c.input.tone_style = kiosk::ToneStyle::Classic;
      else
        return std::unexpected("config: tone_style must be \"modern\" (hoà) or \"classic\" (hòa)");
    }
    if (j.contains("idle")) {
      const auto& idle = j.at("idle");
      auto seconds = [&](const char* key, std::int64_t& ms) {
        if (idle.contains(key)) ms = std::llround(idle.at(key).get<double>() * 1000.0);
      };
      seconds("warn_after_s", c.input.idle.warn_after_ms);
      seconds("reset_after_s", c.input.idle.reset_after_ms);
    }
  } catch (const nlohmann::json::exception& e) {
    return std::unexpected("config file " + file.string() + ": " + e.what());
  }
  return {};
}

std::expected<RunOptions, std::string> parse_options(int argc, char** argv) {
  RunOptions o;
  o.config.assets_dir = default_assets_dir().string();
  fs::path config_file;
  // First pass: where the assets and the config are, so flags can override the file.
  for (int i = 1; i + 1 < argc; ++i) {
    const std::string_view a = argv[i];
    if (a == "--config") config_file = argv[i + 1];
    if (a == "--assets") o.config.assets_dir = argv[i + 1];
  }
  if (config_file.empty()) {
    const fs::path demo = fs::path(o.config.assets_dir) / "demo" / "kiosk.json";
    if (fs::exists(demo)) config_file = demo;
  }
  if (!config_file.empty()) {
    if (auto r = load_config_file(config_file, o.config); !r) return std::unexpected(r.error());
  }

  const kiosk::KioskConfig from_file = o.config;  // what flags did not change, provisioning may
  for (int i = 1; i < argc; ++i) {
    const std::string_view a = argv[i];
    auto value = [&]() -> std::expected<std::string_view, std::string> {
      if (i + 1 >= argc) return std::unexpected("option " + std::string(a) + " needs a value");
      return std::string_view(argv[++i]);
    };
    auto bad = [&](std::string_view v) {
      return std::unexpected("invalid value for " + std::string(a) + ": " + std::string(v));
    };
    if (a == "--help" || a == "-h") {
      o.help = true;
    } else if (a == "--config" || a == "--assets") {
      if (auto v = value(); !v) return std::unexpected(v.error());
    } else if (a == "--state-dir") {
      auto v = value();
      if (!v) return std::unexpected(v.error());
      o.config.state_dir = std::string(*v);
    } else if (a == "--portal" || a == "--portal-token" || a == "--portal-ca") {
      auto v = value();
      if (!v) return std::unexpected(v.error());
      (a == "--portal"         ? o.config.portal.url
       : a == "--portal-token" ? o.config.portal.token
                               : o.config.portal.ca_file) = std::string(*v);
    } else if (a == "--scanner-port" || a == "--camera") {
      auto v = value();
      if (!v) return std::unexpected(v.error());
      (a == "--camera" ? o.config.devices.camera_device : o.config.devices.scanner_port) =
          std::string(*v);
    } else if (a == "--printer") {
      auto v = value();
      if (!v) return std::unexpected(v.error());
      const auto colon = v->find(':');
      o.config.devices.printer.transport = std::string(v->substr(0, colon));
      o.config.devices.printer.target =
          colon == std::string_view::npos ? "" : std::string(v->substr(colon + 1));
    } else if (a == "--paper") {
      auto v = value();
      if (!v) return std::unexpected(v.error());
      if (*v != "80" && *v != "58") return bad(*v);
      o.config.devices.printer.paper_mm = *v == "58" ? 58 : 80;
    } else if (a == "--lang") {
      auto v = value();
      if (!v) return std::unexpected(v.error());
      if (!parse_lang(*v, o.config.input.default_lang)) return bad(*v);
    } else if (a == "--landscape") {
      o.config.display.landscape = true;
      apply_orientation(o.config);
    } else if (a == "--fullscreen") {
      o.config.display.fullscreen = true;
    } else if (a == "--output") {
      auto v = value();
      if (!v) return std::unexpected(v.error());
      const std::size_t x = v->find_first_of("xX");
      int w = 0, h = 0;
      if (x == std::string_view::npos || !parse_number(v->substr(0, x), w) ||
          !parse_number(v->substr(x + 1), h) || w < 320 || h < 320 || w > 16384 || h > 16384)
        return bad(*v);
      const kiosk::LayoutSize size = kiosk::layout_for_output(w, h);
      o.config.display.width = size.width;
      o.config.display.height = size.height;
      o.config.display.landscape = size.landscape();
      // A window with that layout: full screen would follow the real display instead (a
      // terminal's own config asks for full screen, and its screenshots must show this output).
      o.config.display.fullscreen = false;
    } else if (a == "--window-scale") {
      auto v = value();
      if (!v) return std::unexpected(v.error());
      if (!parse_number(*v, o.config.display.window_scale) || o.config.display.window_scale < 0 ||
          o.config.display.window_scale > 4)
        return bad(*v);
    } else if (a == "--renderer") {
      auto v = value();
      if (!v) return std::unexpected(v.error());
      if (*v != "auto" && *v != "software" && *v != "opengl" && *v != "opengles2") return bad(*v);
      o.config.display.renderer = std::string(*v);
    } else if (a == "--idle-warn-s" || a == "--idle-reset-s") {
      auto v = value();
      if (!v) return std::unexpected(v.error());
      double s = 0;
      if (!parse_number(*v, s) || s <= 0) return bad(*v);
      (a == "--idle-warn-s" ? o.config.input.idle.warn_after_ms
                            : o.config.input.idle.reset_after_ms) = std::int64_t(s * 1000);
    } else if (a == "--screenshot") {
      auto v = value();
      if (!v) return std::unexpected(v.error());
      o.screenshot = std::string(*v);
    } else if (a == "--screen") {
      auto v = value();
      if (!v) return std::unexpected(v.error());
      if (!kiosk::parse_screen(*v, o.screen)) return bad(*v);
    } else if (a == "--idle-warning") {
      o.idle_warning = true;
    } else if (a == "--exit-after-ms") {
      auto v = value();
      if (!v) return std::unexpected(v.error());
      if (!parse_number(*v, o.exit_after_ms) || o.exit_after_ms < 0) return bad(*v);
    } else if (a == "--measure-frames") {
      auto v = value();
      if (!v) return std::unexpected(v.error());
      if (!parse_number(*v, o.measure_frames) || o.measure_frames < 0) return bad(*v);
    } else if (a == "--headless") {
      o.headless = true;
    } else if (a == "--until-drained") {
      o.until_drained = true;
    } else if (a == "--soak-every-ms") {
      auto v = value();
      if (!v) return std::unexpected(v.error());
      if (!parse_number(*v, o.soak_every_ms) || o.soak_every_ms < 50) return bad(*v);
    } else if (a == "--print-first-frame") {
      o.print_first_frame = true;
    } else {
      return std::unexpected("unknown option " + std::string(a) + " (see kiosk --help)");
    }
  }
  if (o.config.input.idle.reset_after_ms <= o.config.input.idle.warn_after_ms)
    return std::unexpected("the idle reset must come after the idle warning");
  if (o.config.state_dir.empty()) o.config.state_dir = default_state_dir().string();
  // What `kiosk provision` left in the state folder overrides the config file; flags override both.
  auto provisioned = offline::load_provisioned(o.config.state_dir);
  if (!provisioned) return std::unexpected(provisioned.error());
  if (*provisioned) {
    const offline::ProvisionedConfig& p = **provisioned;
    kiosk::KioskConfig& c = o.config;
    auto take = [](std::string& field, const std::string& file_value, const std::string& v) {
      if (field == file_value && !v.empty()) field = v;
    };
    take(c.portal.url, from_file.portal.url, p.portal_url);
    take(c.portal.token, from_file.portal.token, p.token);
    take(c.portal.ca_file, from_file.portal.ca_file, p.ca_file.string());
    take(c.portal.public_key, from_file.portal.public_key, p.portal_public_key);
    take(c.centre.terminal_id, from_file.centre.terminal_id, p.terminal_id);
    take(c.centre.name_vi, from_file.centre.name_vi, p.center_name);
    take(c.centre.address, from_file.centre.address, p.center_address);
  }
  return o;
}

}  // namespace app
