#pragma once
// systemd's service watchdog for the render loop (the gatemap-wall.service kiosk, docs/install.md).
// Under systemd (NOTIFY_SOCKET set), the loop calls frame_presented() after each presented frame:
// the first call sends READY=1, and while systemd asks for a watchdog (WATCHDOG_USEC, and
// WATCHDOG_PID if set is this process) WATCHDOG=1 goes out whenever a quarter of that interval has
// passed, so at least every WatchdogSec/2 as long as frames keep coming. The pings come from the
// loop itself, not from a thread: a hung loop (a driver stuck in a swap, a deadlock) stops them and
// systemd restarts the display. The idle loop wakes every 0.1 s (window.cpp), so an idle map pings too.
// Without NOTIFY_SOCKET it does nothing (sd_notify is a no-op then).
//
// Test hook: GATEMAP_TEST_BLOCK_LOOP_AFTER_FRAMES=N blocks the calling loop for good after frame N
// (after a STATUS= message saying so), as a hung driver would: tests/cli/watchdog_cli.sh checks the
// pings stop.
#include <chrono>
#include <cstdint>

namespace gatemap {

class RenderWatchdog {
 public:
  RenderWatchdog();  // reads the environment once
  void frame_presented();

 private:
  bool notify_ = false;        // NOTIFY_SOCKET is set
  std::uint64_t ping_us_ = 0;  // 0: no watchdog asked for
  bool ready_sent_ = false;
  std::chrono::steady_clock::time_point last_ping_{};
  long frames_ = 0;
  long block_after_ = -1;  // the test hook
};

}  // namespace gatemap
