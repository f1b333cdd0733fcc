// Bench for receipts (issue 6): what the printer thread does for each receipt, timed in one run.
//   receipt_80mm_ms          median of 200: layout + 1-bit raster (Noto via FreeType, glyphs
//                            cached as in the printer thread) + ESC/POS encoding, 80 mm paper
//   receipt_80mm_p95_ms      the 95th percentile of the same
//   receipt_80mm_cold_ms     the first receipt after the fonts were opened (empty glyph cache)
//   receipt_80mm_first_ms    the first receipt after the printer thread's warm-up (as in the app)
//   warm_up_ms               that warm-up, done once when the printer thread starts
//   receipt_58mm_ms          median of 200 on 58 mm paper
//   qr_ms                    median of 2,000 QR encodings of a status URL (libqrencode, level M)
//   receipt_80mm_bytes       the ESC/POS job's size
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <vector>

#include "demo_paper.hpp"
#include "escpos.hpp"
#include "receipt_render.hpp"

namespace {

using Clock = std::chrono::steady_clock;

double ms_since(Clock::time_point t0) {
  return std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
}

double percentile(std::vector<double> v, double p) {
  std::sort(v.begin(), v.end());
  return v[std::min(v.size() - 1, std::size_t(p * double(v.size())))];
}

kiosk::ReceiptFacts facts(int i) {
  return demo_paper::receipt_facts(i, "Sở Nông nghiệp và Môi trường tỉnh Quảng Trị");
}

kiosk::PrintHeader header() {
  return demo_paper::header();
}

std::size_t one_receipt(device::PrintFonts& fonts, device::Paper paper, int i) {
  const auto printout = kiosk::receipt_printout(facts(i), header(), "2026-11-25T09:41:08+07:00");
  return device::encode_escpos(device::render_printout(printout, fonts, paper)).size();
}

}  // namespace

int main() {
  auto opened = device::PrintFonts::open(KIOSK_SHARE_DIR "/fonts");
  if (!opened) {
    std::fprintf(stderr, "bench_receipt: %s\n", opened.error().c_str());
    return 1;
  }
  device::PrintFonts& fonts = **opened;
  auto t0 = Clock::now();
  const std::size_t bytes = one_receipt(fonts, device::Paper::Mm80, 1);
  const double cold = ms_since(t0);
  auto fresh = device::PrintFonts::open(KIOSK_SHARE_DIR "/fonts");
  if (!fresh) return 1;
  t0 = Clock::now();
  device::warm_up(**fresh, device::Paper::Mm80);
  const double warm_up = ms_since(t0);
  t0 = Clock::now();
  (void)one_receipt(**fresh, device::Paper::Mm80, 1);
  const double first = ms_since(t0);

  std::vector<double> t80, t58, tqr;
  for (int i = 0; i < 200; ++i) {
    t0 = Clock::now();
    (void)one_receipt(fonts, device::Paper::Mm80, i + 2);
    t80.push_back(ms_since(t0));
    t0 = Clock::now();
    (void)one_receipt(fonts, device::Paper::Mm58, i + 2);
    t58.push_back(ms_since(t0));
  }
  std::size_t modules = 0;
  for (int i = 0; i < 2000; ++i) {
    const std::string url = facts(i).status_url;
    t0 = Clock::now();
    modules += device::encode_qr(url).dark.size();
    tqr.push_back(ms_since(t0));
  }
  std::printf("receipt_80mm_ms: %.2f\n", percentile(t80, 0.5));
  std::printf("receipt_80mm_p95_ms: %.2f\n", percentile(t80, 0.95));
  std::printf("receipt_80mm_cold_ms: %.2f\n", cold);
  std::printf("receipt_80mm_first_ms: %.2f\n", first);
  std::printf("warm_up_ms: %.2f\n", warm_up);
  std::printf("receipt_58mm_ms: %.2f\n", percentile(t58, 0.5));
  std::printf("qr_ms: %.4f\n", percentile(tqr, 0.5));
  std::printf("receipt_80mm_bytes: %zu\n", bytes);
  return modules > 0 ? 0 : 1;
}
