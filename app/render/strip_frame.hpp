#pragma once
// The frontier strip (issue 19) as the renderer draws it: plain arrays in the strip's own units,
// km along the frontier (0 = the Quảng Ninh tripoint) across and days (geo::Date::days()) down.
// Built by app/view/strip_builder from geo/strip.hpp's km-posts and status bands; drawn by
// app/render/strip_draw.cpp inside the frame's decorations (title, legend, attribution, date).
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "app/render/frame.hpp"

namespace gatemap::render {

struct StripFrame {
  using Status = GateFrameState::Status;
  struct Band {
    std::int32_t first = 0, last = 0;  // days, inclusive
    Status status = Status::unknown;
    bool approximate = false;  // a deciding date is not day-precise
  };
  struct Tick {
    std::int32_t day = 0;
    std::string label;           // "closed 2020-02-01" for a status change; the event type otherwise
    bool status_change = false;  // false: an annotation (an event that changes no status)
    // A planned event (events.csv role `planned`): drawn outlined, never filled, over
    // [day, last_day] — its period, or the month or quarter its date gives.
    bool planned = false;
    std::int32_t last_day = 0;
  };
  // One figure of a series over its own period (a gap between figures stays a gap).
  struct Bar {
    std::int32_t first = 0, last = 0;  // days, inclusive
    double value = 0;
    std::string label;  // the figure as printed beside its bar
  };
  struct Series {
    std::string name;  // e.g. "cargo vehicles/day"
    int colour = 0;    // 0 cargo (both ways), 1 Việt Nam → China, 2 China → Việt Nam, 3 trade
    std::vector<Bar> bars;
  };
  struct Column {
    int gate = -1;  // index into Scene::gates
    std::string name1, name2;
    double km = 0;             // true km-post
    bool approximate = false;  // not located: the middle of its district's stretch
    std::vector<Band> bands;   // top to bottom, covering the time axis
    std::vector<Tick> ticks;
    std::vector<Series> flows;  // vehicles per day at this gate, one series per metric
  };
  struct Stretch {
    std::string name;
    double from_km = 0, to_km = 0;
  };
  // A lane of the side panel: a series of one scope, metric, unit and basis (never added up).
  struct SideLane {
    std::string title, subtitle;  // what, and its unit and basis
    Series series;
  };

  double line_km = 0, official_km = 0;
  std::int32_t first_day = 0, last_day = 0;  // the time axis, inclusive
  std::optional<std::int32_t> as_of;         // the data's as-of date, when inside the axis
  std::optional<std::int32_t> today;         // "today", when inside the axis
  std::vector<Stretch> stretches;
  std::vector<Column> columns;         // by km
  double flow_max = 0;                 // the vehicles/day that a full flow bar stands for
  std::vector<SideLane> side;          // the side panel (trade, province-wide vehicles), each on its own scale
  int hovered_column = -1;             // the Scene::gates index of the column under the cursor (the window), or -1
  std::optional<std::int32_t> cursor;  // the map's date (the window), drawn as a line across the strip
};

// Where the last strip was drawn, for the window's cursor: which column and which day a pixel is.
struct StripPick {
  int gate = -1;                    // Scene::gates index of the column under the pixel, or -1
  std::optional<std::int32_t> day;  // the day at the pixel's row, inside the time axis
};
struct StripPicks {
  bool valid = false;
  float body_x0 = 0, body_x1 = 0, y_t0 = 0, y_t1 = 0;  // the columns' area, pixels
  std::int32_t d0 = 0, d1 = 0;                         // [d0, d1): the axis's days
  struct Column {
    float x0 = 0, x1 = 0;  // pixels, the column and its flow lane
    int gate = -1;
  };
  std::vector<Column> columns;
  StripPick at(double x, double y) const;
};

}  // namespace gatemap::render
