// The camera as a QR reader (optional at run time): V4L2 frames (YUYV, mmap streaming) decoded
// with zxing-cpp, only while the status screen is open. A terminal without a camera, or with one
// that will not stream, simply has none: the state callback says so and nothing else changes.
// Frames never leave this thread and nothing it decodes is logged.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <thread>

namespace device {

// A QR code in an 8-bit luminance image (`pix_stride` 2 reads the Y of YUYV); nullopt when none.
[[nodiscard]] std::optional<std::string> decode_qr_luma(const std::uint8_t* data, int width,
                                                        int height, int row_stride,
                                                        int pix_stride = 1);

struct CameraConfig {
  std::filesystem::path device = "/dev/video0";
  int width = 640, height = 480;
  std::chrono::milliseconds min_frame_gap{100};  // decode at most ~10 frames a second
  std::chrono::milliseconds repeat_after{3000};  // the same code again only after this
};

enum class CameraState { Streaming, Unavailable };

class CameraScanner {
 public:
  using OnScan = std::function<void(std::string)>;
  using OnState = std::function<void(CameraState, const std::string& why)>;

  CameraScanner(CameraConfig config, OnScan on_scan, OnState on_state = {});
  ~CameraScanner();
  CameraScanner(const CameraScanner&) = delete;
  CameraScanner& operator=(const CameraScanner&) = delete;

  void start();  // opens the camera on its thread; a no-op while running
  void stop();   // stops streaming and closes the device
  [[nodiscard]] bool running() const { return thread_.joinable(); }

 private:
  void loop();
  CameraConfig config_;
  OnScan on_scan_;
  OnState on_state_;
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

}  // namespace device
