#include "app/window/watchdog.hpp"

#include <systemd/sd-daemon.h>
#include <unistd.h>

#include <cstdlib>
#include <string>

namespace gatemap {

RenderWatchdog::RenderWatchdog() {
  const char* socket = std::getenv("NOTIFY_SOCKET");
  notify_ = socket && *socket;
  if (const char* n = std::getenv("GATEMAP_TEST_BLOCK_LOOP_AFTER_FRAMES")) block_after_ = std::atol(n);
  if (!notify_) return;
  uint64_t usec = 0;
  // > 0 when WATCHDOG_USEC is set (and WATCHDOG_PID, if set, is this process).
  if (sd_watchdog_enabled(0, &usec) > 0 && usec > 0) ping_us_ = usec / 4;
}

void RenderWatchdog::frame_presented() {
  ++frames_;
  if (notify_) {
    const auto now = std::chrono::steady_clock::now();
    if (!ready_sent_) {
      sd_notify(0, "READY=1\nSTATUS=Rendering the map");
      ready_sent_ = true;
      last_ping_ = now;
    } else if (ping_us_ > 0 && now - last_ping_ >= std::chrono::microseconds(ping_us_)) {
      sd_notify(0, "WATCHDOG=1");
      last_ping_ = now;
    }
  }
  if (block_after_ >= 0 && frames_ > block_after_) {
    sd_notify(0, ("STATUS=test: render loop blocked after frame " + std::to_string(block_after_)).c_str());
    for (;;) ::pause();  // until a signal ends the process
  }
}

}  // namespace gatemap
