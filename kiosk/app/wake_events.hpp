// The SDL user events other threads push to wake the UI thread, one code per kind of news.
#pragma once

#include <cstdint>

#include <SDL.h>

namespace app {

inline constexpr std::uint32_t kWakeEvent = SDL_USEREVENT;
inline constexpr int kSyncReportCode = 1;    // the sync thread has a new report
inline constexpr int kLookupCode = 2;        // the status lookup finished
inline constexpr int kScanCode = 3;          // the serial scanner or the camera read a code
inline constexpr int kPrintCode = 4;         // the printer thread finished a job
inline constexpr int kPrinterStateCode = 5;  // the printer's state changed
inline constexpr int kPinCode = 6;           // a PIN check finished
inline constexpr int kTechnicianCode = 7;    // a network check or a provisioning finished
inline constexpr int kScannerStateCode = 8;  // the serial scanner was plugged in or out

// Thread-safe: SDL queues it for the UI thread.
inline void push_wake(int code) {
  SDL_Event e{};
  e.type = kWakeEvent;
  e.user.code = code;
  SDL_PushEvent(&e);
}

}  // namespace app
