#include "camera_scanner.hpp"

#define ZX_USE_UTF8 1
#include <ZXing/ReadBarcode.h>
#include <fcntl.h>
#include <linux/videodev2.h>
#include <poll.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <vector>

namespace device {

std::optional<std::string> decode_qr_luma(const std::uint8_t* data, int width, int height,
                                          int row_stride, int pix_stride) {
  if (!data || width <= 0 || height <= 0) return std::nullopt;
  ZXing::ImageView image(data, width, height, ZXing::ImageFormat::Lum, row_stride, pix_stride);
  ZXing::DecodeHints hints;
  hints.setFormats(ZXing::BarcodeFormat::QRCode);
  hints.setTryHarder(true);
  const ZXing::Result r = ZXing::ReadBarcode(image, hints);
  if (!r.isValid()) return std::nullopt;
  return r.text();
}

CameraScanner::CameraScanner(CameraConfig config, OnScan on_scan, OnState on_state)
    : config_(std::move(config)), on_scan_(std::move(on_scan)), on_state_(std::move(on_state)) {}

CameraScanner::~CameraScanner() {
  stop();
}

void CameraScanner::start() {
  if (thread_.joinable()) return;
  stop_ = false;
  thread_ = std::thread([this] { loop(); });
}

void CameraScanner::stop() {
  stop_ = true;
  if (thread_.joinable()) thread_.join();
}

namespace {

int xioctl(int fd, unsigned long request, void* arg) {
  int r;
  do r = ioctl(fd, request, arg);
  while (r < 0 && errno == EINTR);
  return r;
}

struct Mapped {
  void* start = MAP_FAILED;
  std::size_t length = 0;
};

}  // namespace

void CameraScanner::loop() {
  auto unavailable = [this](const std::string& why) {
    if (on_state_) on_state_(CameraState::Unavailable, why);
  };
  const int fd = open(config_.device.c_str(), O_RDWR | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0) return unavailable("cannot open " + config_.device.string());
  std::vector<Mapped> buffers;
  auto cleanup = [&] {
    v4l2_buf_type type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
    xioctl(fd, VIDIOC_STREAMOFF, &type);
    for (auto& b : buffers)
      if (b.start != MAP_FAILED) munmap(b.start, b.length);
    close(fd);
  };
  v4l2_format fmt{};
  fmt.type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
  fmt.fmt.pix.width = static_cast<unsigned>(config_.width);
  fmt.fmt.pix.height = static_cast<unsigned>(config_.height);
  fmt.fmt.pix.pixelformat = V4L2_PIX_FMT_YUYV;
  fmt.fmt.pix.field = V4L2_FIELD_ANY;
  if (xioctl(fd, VIDIOC_S_FMT, &fmt) < 0 || fmt.fmt.pix.pixelformat != V4L2_PIX_FMT_YUYV) {
    cleanup();
    return unavailable("the camera does not stream YUYV");
  }
  const int width = int(fmt.fmt.pix.width), height = int(fmt.fmt.pix.height);
  const int stride = fmt.fmt.pix.bytesperline ? int(fmt.fmt.pix.bytesperline) : width * 2;
  v4l2_requestbuffers req{};
  req.count = 4;
  req.type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
  req.memory = V4L2_MEMORY_MMAP;
  if (xioctl(fd, VIDIOC_REQBUFS, &req) < 0 || req.count < 2) {
    cleanup();
    return unavailable("the camera has no streaming buffers");
  }
  for (unsigned i = 0; i < req.count; ++i) {
    v4l2_buffer b{};
    b.type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
    b.memory = V4L2_MEMORY_MMAP;
    b.index = i;
    if (xioctl(fd, VIDIOC_QUERYBUF, &b) < 0) break;
    Mapped m;
    m.length = b.length;
    m.start = mmap(nullptr, b.length, PROT_READ | PROT_WRITE, MAP_SHARED, fd, b.m.offset);
    buffers.push_back(m);
    if (m.start == MAP_FAILED || xioctl(fd, VIDIOC_QBUF, &b) < 0) {
      cleanup();
      return unavailable("the camera's buffers cannot be mapped");
    }
  }
  v4l2_buf_type type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
  if (xioctl(fd, VIDIOC_STREAMON, &type) < 0) {
    cleanup();
    return unavailable("the camera does not start streaming");
  }
  if (on_state_) on_state_(CameraState::Streaming, "");
  std::string last;
  auto last_at = std::chrono::steady_clock::time_point{};
  auto last_decode = std::chrono::steady_clock::time_point{};
  while (!stop_) {
    pollfd p{fd, POLLIN, 0};
    const int ready = poll(&p, 1, 200);  // wakes to notice stop()
    if (ready < 0 && errno != EINTR) break;
    if (ready <= 0) continue;
    v4l2_buffer b{};
    b.type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
    b.memory = V4L2_MEMORY_MMAP;
    if (xioctl(fd, VIDIOC_DQBUF, &b) < 0) {
      if (errno == EAGAIN) continue;
      break;  // unplugged
    }
    const auto now = std::chrono::steady_clock::now();
    if (now - last_decode >= config_.min_frame_gap && b.index < buffers.size()) {
      last_decode = now;
      const auto* y = static_cast<const std::uint8_t*>(buffers[b.index].start);
      if (auto text = decode_qr_luma(y, width, height, stride, 2)) {
        if (*text != last || now - last_at >= config_.repeat_after) on_scan_(*text);
        last = *text;
        last_at = now;
      }
    }
    xioctl(fd, VIDIOC_QBUF, &b);
  }
  cleanup();
  if (!stop_) unavailable("the camera stopped");
}

}  // namespace device
