#pragma once
// GPU and driver errors while the window displays (issue 14: "a GPU or driver error is shown on
// screen and logged; the display keeps going where it can"). The loop reports each GL error it
// reads back (glGetError after the frame's draw) and each drawing step that threw (a GlError from
// the renderer: a framebuffer, a buffer upload, a swapped-in scene); DisplayFaults logs it on
// stderr — the journal under the kiosk unit — and keeps a line for the wall's discreet banner.
// The loop goes on drawing the next frame either way; while the map itself cannot be drawn, the
// window shows the line on black (window.cpp) instead of a frozen or blank wall.
//
// Logging is bounded: a message is written the first time it occurs, then at most once a minute
// with how many times it recurred, so a fault on every frame cannot flood the journal. The banner
// stays while the fault recurs and for kBannerSeconds after the last time.
//
// Test hook (fault injection, as GATEMAP_TEST_BLOCK_LOOP_AFTER_FRAMES in watchdog.hpp):
// GATEMAP_TEST_GL_FAULT=KIND:N
//   error:N  one invalid GL call (glEnable(0): GL_INVALID_ENUM) in frame N, a real driver error
//   draw:N   the map's draw throws a GlError in every frame from N on, as a lost context would
// tests/cli/display_faults.sh uses both.
#include <map>
#include <string>

namespace gatemap {

class DisplayFaults {
 public:
  static constexpr double kBannerSeconds = 60;
  static constexpr double kRelogSeconds = 60;

  DisplayFaults();  // reads the test hook from the environment once

  // A fault seen at `now_s` (seconds, any steady clock): `what` says which step and why.
  void report(const std::string& what, double now_s);
  // The banner's line at `now_s` ("" when no fault is recent).
  std::string banner(double now_s) const;

  // The test hook: whether frame `frame_no` must inject a GL error, or fail its map draw.
  bool inject_gl_error(long frame_no) const { return kind_ == Kind::gl_error && frame_no == at_frame_; }
  bool inject_draw_failure(long frame_no) const { return kind_ == Kind::draw && frame_no >= at_frame_; }

 private:
  struct Seen {
    double first_s = 0, last_s = 0, logged_s = 0;
    long count = 0, logged_count = 0;
  };
  std::map<std::string, Seen> seen_;
  std::string last_;
  enum class Kind { none, gl_error, draw } kind_ = Kind::none;
  long at_frame_ = -1;
};

// The name of a glGetError code ("GL_INVALID_ENUM (0x500)").
std::string gl_error_name(unsigned code);

// Reads every pending GL error (glGetError until GL_NO_ERROR, at most 16) and reports them as one
// fault of `step`: "GPU error while STEP: GL_INVALID_ENUM (0x500)". Returns whether there was one.
bool check_gl_errors(DisplayFaults& faults, const char* step, double now_s);

}  // namespace gatemap
