#include "app/render/strip_draw.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "geo/dates.hpp"
#include "geo/strip.hpp"

namespace gatemap::render {

namespace {

using Status = StripFrame::Status;

constexpr style::Rgba kPaper = style::rgb(0xfbfaf6);
constexpr style::Rgba kStretchA = style::rgb(0xf4efdf);  // the map's Vietnam land, alternating with
constexpr style::Rgba kStretchB = style::rgb(0xe9e2cc);  // a darker tint of it
constexpr style::Rgba kGrid = style::rgb(0x8a8a8a, 0.45f);
constexpr style::Rgba kAxis = style::rgb(0x333333);
constexpr style::Rgba kTick = style::rgb(0x111111);
constexpr style::Rgba kAnnotation = style::rgb(0x555555);
constexpr style::Rgba kPlanned = style::rgb(0x1e5ac8);  // the timeline's blue of planned events
constexpr style::Rgba kToday = style::kHover;
constexpr style::Rgba kHeld = style::rgb(0xffffff, 0.55f);

style::Rgba series_colour(int c) {
  switch (c) {
    case 1: return style::kFlowExport;
    case 2: return style::kFlowImport;
    case 3: return style::kTrade;
    default: return style::rgb(0x37474f);
  }
}

// Clips the line x + y = k (pixels, y down: a 45° hatch) to the rectangle; false when it misses.
bool clip_diagonal(float k, float x0, float y0, float x1, float y1, float out[4]) {
  const float xa = std::max(x0, k - y1), xb = std::min(x1, k - y0);
  if (!(xb > xa)) return false;
  out[0] = xa, out[1] = k - xa, out[2] = xb, out[3] = k - xb;
  return true;
}

std::string fmt(const char* f, double v) {
  char b[64];
  std::snprintf(b, sizeof b, f, v);
  return b;
}

struct Layout {
  float body_x0 = 0, body_x1 = 0;  // the km axis
  float y_axis = 0, y_head = 0, y_t0 = 0, y_t1 = 0;
  float side_x0 = 0, side_x1 = 0;  // 0 width: no side panel
  float legend_y0 = 0, legend_y1 = 0;
  float cw = 0, fw = 0;  // column and flow-lane widths
  double km0 = 0, km1 = 1;
  std::int32_t d0 = 0, d1 = 1;  // [d0, d1): the axis's days
  float x_of_km(double km) const {
    return body_x0 + static_cast<float>((km - km0) / (km1 - km0)) * (body_x1 - body_x0);
  }
  float y_of_day(std::int32_t d) const {
    return y_t0 + static_cast<float>(static_cast<double>(d - d0) / (d1 - d0)) * (y_t1 - y_t0);
  }
};

// Labels placed without overlapping each other or the boxes given (pixels).
struct Placer {
  std::vector<PixelRect> boxes;
  bool free(const PixelRect& r) const {
    for (const PixelRect& b : boxes)
      if (r.x0 < b.x1 && b.x0 < r.x1 && r.y0 < b.y1 && b.y0 < r.y1) return false;
    return true;
  }
};

}  // namespace

void draw_status_band(UiGeometry& ui, float x0, float y0, float x1, float y1, Status status, float ps) {
  if (!(x1 > x0 && y1 > y0)) return;
  const float line = std::max(1.f, std::round(ps));
  switch (status) {
    case Status::open: ui.rect(x0, y0, x1, y1, style::kStatusOpen); break;
    case Status::restricted: {
      // Vertical stripes: colour and white, 4 and 2 CSS pixels.
      ui.rect(x0, y0, x1, y1, style::rgb(0xffffff));
      const float period = std::round(6 * ps), bar = std::round(4 * ps);
      for (float x = x0; x < x1; x += period) ui.rect(x, y0, std::min(x + bar, x1), y1, style::kStatusRestricted);
      break;
    }
    case Status::closed: {
      // Solid, hatched at 45° with dark lines: darker than open in grey, and patterned.
      ui.rect(x0, y0, x1, y1, style::kStatusClosed);
      const float period = 6 * ps;
      float seg[4];
      for (float k = std::floor((x0 + y0) / period) * period; k < x1 + y1; k += period)
        if (clip_diagonal(k, x0, y0, x1, y1, seg))
          ui.line(seg[0], seg[1], seg[2], seg[3], 1.6f * ps, style::rgb(0x3b0a05));
      break;
    }
    case Status::unknown:
    case Status::none:
      ui.rect(x0, y0, x1, y1, style::kStatusUnknown.premul_alpha(0.25f));
      ui.rect(x0, y0, x0 + line, y1, style::kStatusUnknown);
      ui.rect(x1 - line, y0, x1, y1, style::kStatusUnknown);
      break;
  }
}

namespace {

void draw_axes(StripCanvas& c, const StripFrame& s, const Layout& L) {
  const float ps = c.ps;
  // District stretches: shaded down the whole body, named above the axis.
  for (size_t i = 0; i < s.stretches.size(); ++i) {
    const StripFrame::Stretch& st = s.stretches[i];
    const float x0 = L.x_of_km(st.from_km), x1 = L.x_of_km(st.to_km);
    c.ui.rect(x0, L.y_axis, x1, L.y_t1, i % 2 ? kStretchB : kStretchA);
    TextBlock b = c.text(st.name, style::kSmallSize, FontStyle::bold, TextAlign::center);
    c.put(b, (x0 + x1) / 2 - b.width / 2, L.y_axis - b.height - 3 * ps, style::kAreaLabel, style::kTextHalo);
    c.ui.rect(x0, L.y_axis - 10 * ps, x0 + std::max(1.f, std::round(ps)), L.y_axis, kAxis);
  }
  // The km axis: a tick every 10 km, a label every 20 km and at the end.
  const float line = std::max(1.f, std::round(ps));
  c.ui.rect(L.body_x0, L.y_axis, L.body_x1, L.y_axis + 2 * line, kAxis);
  for (int km = 0; km <= static_cast<int>(L.km1); km += 10) {
    const float x = std::round(L.x_of_km(km));
    c.ui.rect(x, L.y_axis, x + line, L.y_axis + (km % 20 == 0 ? 7 : 4) * ps, kAxis);
    if (km % 20 == 0 && L.km1 - km > 8) {
      TextBlock b = c.text(std::to_string(km), 9.5f, FontStyle::regular, TextAlign::center);
      c.put(b, x - b.width / 2, L.y_axis + 8 * ps, kAxis, style::kTextHalo);
    }
  }
  TextBlock end = c.text(fmt("%.2f km", s.line_km), 9.5f, FontStyle::bold, TextAlign::center);
  c.ui.rect(std::round(L.x_of_km(s.line_km)) - line, L.y_axis, std::round(L.x_of_km(s.line_km)), L.y_axis + 7 * ps,
            kAxis);
  c.put(end, L.body_x1 - end.width / 2, L.y_axis + 8 * ps, kAxis, style::kTextHalo);
  char cap[256];
  std::snprintf(cap, sizeof cap,
                "Distance along the frontier from the Quảng Ninh tripoint (0 km) to the Cao Bằng tripoint · "
                "%.2f km drawn · %.2f km official",
                s.line_km, s.official_km);
  TextBlock capb = c.text(cap, 9.5f, FontStyle::regular, TextAlign::left);
  c.put(capb, L.body_x0, L.y_axis - capb.height * 2 - 8 * ps, kAxis, style::kTextHalo);

  // Time axis: a line per year across the body (and the side panel), labelled at the left.
  const geo::Date first(L.d0), last(L.d1 - 1);
  const float right = L.side_x1 > L.side_x0 ? L.side_x1 : L.body_x1;
  for (int y = first.year(); y <= last.year() + 1; ++y) {
    const geo::Date jan = geo::Date::from_ymd(y, 1, 1);
    if (jan.days() < L.d0 || jan.days() > L.d1) continue;
    const float yy = std::round(L.y_of_day(jan.days()));
    c.ui.rect(L.body_x0 - 6 * ps, yy, right, yy + line, kGrid);
    TextBlock b = c.text(std::to_string(y), style::kLabelSize, FontStyle::bold, TextAlign::right);
    c.put(b, L.body_x0 - 10 * ps - b.width, yy - b.height / 2, kAxis, style::kTextHalo);
  }
  // Months: a tick each, and a label where the months are far enough apart (a short axis).
  const float month_px = (L.y_t1 - L.y_t0) * 30.4f / static_cast<float>(L.d1 - L.d0);
  for (geo::Date m = first.first_of_month().add_months(1); m.days() < L.d1; m = m.add_months(1)) {
    const float yy = std::round(L.y_of_day(m.days()));
    c.ui.rect(L.body_x0 - 4 * ps, yy, L.body_x0, yy + line, kAxis);
    if (month_px >= 16 * ps && m.month() != 1) {
      TextBlock b = c.text(m.iso_month(), 8.5f, FontStyle::regular, TextAlign::right);
      c.put(b, L.body_x0 - 8 * ps - b.width, yy - b.height / 2, kAxis, style::kTextHalo);
    }
  }
  c.ui.rect(L.body_x0 - line, L.y_t0, L.body_x0, L.y_t1, kAxis);
  // The axis's ends, where no year line or "today" says them already.
  if (first.month() != 1 || first.day() != 1) {
    TextBlock f = c.text(first.iso(), 9.5f, FontStyle::regular, TextAlign::right);
    c.put(f, L.body_x0 - 6 * ps - f.width, L.y_t0 - f.height - 2 * ps, kAxis, style::kTextHalo);
  }
  if (!s.today || *s.today != last.days()) {
    TextBlock l = c.text(last.iso(), 9.5f, FontStyle::regular, TextAlign::right);
    c.put(l, L.body_x0 - 6 * ps - l.width, L.y_t1 + 1 * ps, kAxis, style::kTextHalo);
  }
}

// The moments after the data: statuses held as of the last dated row (veiled), and today.
void draw_as_of_and_today(StripCanvas& c, const StripFrame& s, const Layout& L, Placer& placer) {
  const float ps = c.ps, line = std::max(1.f, std::round(ps));
  const float right = L.side_x1 > L.side_x0 ? L.side_x1 : L.body_x1;
  if (s.as_of && *s.as_of + 1 < L.d1) {
    const float y = std::round(L.y_of_day(*s.as_of + 1));
    c.ui.rect(L.body_x0, y, L.body_x1, L.y_t1, kHeld);
    for (float x = L.body_x0; x < right; x += 8 * ps) c.ui.rect(x, y, std::min(x + 5 * ps, right), y + line, kAxis);
    TextBlock b = c.text("data as of " + geo::Date(*s.as_of).iso() + ": statuses after it are held, not known", 9.5f,
                         FontStyle::bold, TextAlign::left);
    const PixelRect r{L.body_x0 + 4 * ps, y + 2 * ps, L.body_x0 + 4 * ps + b.width, y + 2 * ps + b.height};
    c.put(b, r.x0, r.y0, style::rgb(0x8a4b00), style::kTextHalo);
    placer.boxes.push_back(r);
  }
  if (s.today) {
    const float y = std::round(L.y_of_day(*s.today));
    for (float x = L.body_x0; x < right; x += 8 * ps)
      c.ui.rect(x, y, std::min(x + 5 * ps, right), y + 2 * line, kToday);
    TextBlock b = c.text("today " + geo::Date(*s.today).iso(), 9.5f, FontStyle::bold, TextAlign::right);
    c.put(b, L.body_x0 - 6 * ps - b.width, y - b.height / 2, kToday, style::kTextHalo);
  }
}

struct Placed {
  float x = 0;  // column centre, pixels
  int row = 0;  // header row (0 or 1: alternate rows so that neighbours' names do not collide)
  // What the header shows where neighbours crowd it (place_headers): 3 both lines (name, Chinese
  // name and km-post), 2 both with the name's parenthesis left out, 1 that short name alone, 0 nothing.
  int header = 3;
};

// The Vietnamese name without a trailing parenthesis: "Đồng Đăng (ga liên vận)" → "Đồng Đăng".
std::string short_name(const std::string& name) {
  const size_t p = name.find(" (");
  return p == std::string::npos ? name : name.substr(0, p);
}

std::string header_line2(const StripFrame::Column& col) {
  const std::string km = col.approximate ? fmt("≈%.1f km", col.km) : fmt("%.1f km", col.km);
  return col.name2.empty() ? km : col.name2 + " · " + km;
}

// The columns in the order their names are placed when not all fit: located gates first, then
// those with more status changes (stable: in km order among equals).
std::vector<size_t> columns_by_priority(const StripFrame& s) {
  std::vector<size_t> order(s.columns.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  auto changes = [&](size_t i) {
    return std::count_if(s.columns[i].ticks.begin(), s.columns[i].ticks.end(),
                         [](const StripFrame::Tick& t) { return t.status_change; });
  };
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    if (s.columns[a].approximate != s.columns[b].approximate) return !s.columns[a].approximate;
    return changes(a) > changes(b);
  });
  return order;
}

// Headers of crowded columns, fewer by priority (a narrow picture): located gates first, then those
// with more status changes; each takes its alternate row, else the other one, with both lines,
// else the short name alone, else none (the column, its tie to the km-post and its hover stay).
void place_headers(StripCanvas& c, const StripFrame& s, std::vector<Placed>& placed) {
  const float gap = 3 * c.ps;
  const std::vector<size_t> order = columns_by_priority(s);
  std::vector<std::pair<float, float>> taken[2];  // per row: x ranges of the headers placed
  for (size_t i : order) {
    const StripFrame::Column& col = s.columns[i];
    Placed& p = placed[i];
    const float line2 = c.text(header_line2(col), 9.f, FontStyle::regular, TextAlign::center).width;
    const float brief = c.text(short_name(col.name1), 10.5f, FontStyle::bold, TextAlign::center).width;
    const float widths[4] = {0, brief, std::max(brief, line2),
                             std::max(c.text(col.name1, 10.5f, FontStyle::bold, TextAlign::center).width, line2)};
    const int rows[2] = {p.row, 1 - p.row};
    p.header = 0;
    for (int level = 3; level >= 1 && p.header == 0; --level)
      for (int row : rows) {
        const float w = widths[level];
        const float a = p.x - w / 2 - gap / 2, b = p.x + w / 2 + gap / 2;
        const bool clear = std::none_of(taken[row].begin(), taken[row].end(),
                                        [&](const auto& r) { return a < r.second && r.first < b; });
        if (!clear) continue;
        taken[row].push_back({a, b});
        p.row = row, p.header = level;
        break;
      }
  }
}

void draw_column(StripCanvas& c, const StripFrame& s, const StripFrame::Column& col, const Placed& p, const Layout& L,
                 const geo::LayerSet& layers, Placer& placer) {
  const float ps = c.ps, line = std::max(1.f, std::round(ps));
  const float x0 = std::round(p.x - L.cw / 2), x1 = x0 + std::round(L.cw);
  // Header: names and km-post, tied to the true km-post on the axis.
  const float hy = L.y_head + static_cast<float>(p.row) * 42 * ps;
  const float true_x = std::round(L.x_of_km(col.km));
  const style::Rgba lead = col.approximate ? style::kApproximate : kTick;
  c.ui.rect(true_x - line, L.y_axis - 6 * ps, true_x + line, L.y_axis + 2 * line, lead);
  c.ui.line(true_x, L.y_axis + 2 * line, p.x, hy - 2 * ps, line, lead);
  c.ui.line(p.x, hy + 38 * ps, p.x, L.y_t0, line, style::rgb(0x333333, 0.5f));
  const style::Rgba ink = col.approximate ? style::kApproximate : style::kText;
  if (p.header >= 1) {
    TextBlock n1 = c.text(p.header == 3 ? col.name1 : short_name(col.name1), 10.5f, FontStyle::bold, TextAlign::center);
    c.put(n1, p.x - n1.width / 2, hy, ink, style::kTextHalo);
    if (p.header >= 2) {
      TextBlock n2 = c.text(header_line2(col), 9.f, FontStyle::regular, TextAlign::center);
      c.put(n2, p.x - n2.width / 2, hy + n1.height, ink, style::kTextHalo);
    }
  }

  // Bands.
  const bool status_on = layers.has(geo::LayerId::status);
  for (const StripFrame::Band& b : col.bands) {
    const float y0 = std::round(L.y_of_day(std::max(b.first, L.d0)));
    const float y1 = std::round(L.y_of_day(std::min(b.last + 1, L.d1)));
    draw_status_band(c.ui, x0, y0, x1, y1, status_on ? b.status : Status::unknown, ps);
  }
  if (col.bands.empty()) draw_status_band(c.ui, x0, L.y_t0, x1, L.y_t1, Status::unknown, ps);
  if (col.approximate) {  // dashed outline, as the map's approximate markers
    const float d = 6 * ps, w = 1.5f * ps;
    for (float y = L.y_t0; y < L.y_t1; y += 2 * d) {
      c.ui.rect(x0 - 2 * w, y, x0 - w, std::min(y + d, L.y_t1), style::kApproximate);
      c.ui.rect(x1 + w, y, x1 + 2 * w, std::min(y + d, L.y_t1), style::kApproximate);
    }
  }
  if (col.gate >= 0 && col.gate == s.hovered_column)
    c.ui.frame(x0 - 3 * ps, L.y_t0, x1 + 3 * ps, L.y_t1, 2 * ps, style::kHover);
  placer.boxes.push_back({x0 - 2 * ps, L.y_t0, x1 + 2 * ps, L.y_t1});
}

// An event's label right of its column, else left of it, on the tick's row or a row or two away
// (a leader to it then); none where there is no room.
void place_tick_label(StripCanvas& c, const std::string& label, float y, float x0, float x1, const Layout& L,
                      style::Rgba colour, Placer& placer) {
  const float ps = c.ps, line = std::max(1.f, std::round(ps));
  TextBlock b = c.text(label, 8.5f, FontStyle::regular, TextAlign::left);
  for (int side = 0; side < 2; ++side)
    for (float dy : {0.f, b.height, -b.height, 2 * b.height}) {
      const float lx = side == 0 ? x1 + 5 * ps : x0 - 8 * ps - b.width;
      const PixelRect r{lx, y - b.height / 2 + dy, lx + b.width, y + b.height / 2 + dy};
      if (r.x1 > L.body_x1 + 40 * ps || r.x0 < L.body_x0 || !placer.free(r)) continue;
      if (dy != 0)
        c.ui.line(side == 0 ? x1 + 4 * ps : x0 - 4 * ps, y, side == 0 ? r.x0 : r.x1, (r.y0 + r.y1) / 2, line * 0.75f,
                  kAnnotation);
      c.put(b, r.x0, r.y0, colour, style::kTextHalo);
      placer.boxes.push_back(r);
      return;
    }
}

void draw_column_marks(StripCanvas& c, const StripFrame::Column& col, const Placed& p, const Layout& L,
                       const geo::LayerSet& layers, double flow_max, Placer& placer) {
  const float ps = c.ps, line = std::max(1.f, std::round(ps));
  const float x0 = std::round(p.x - L.cw / 2), x1 = x0 + std::round(L.cw);
  // Vehicle flows: a bar per figure in the lane right of the column, over the figure's own period.
  if (layers.has(geo::LayerId::flows) && flow_max > 0)
    for (const StripFrame::Series& sr : col.flows)
      for (const StripFrame::Bar& b : sr.bars) {
        if (b.last < L.d0 || b.first >= L.d1) continue;
        const float y0 = std::round(L.y_of_day(std::max(b.first, L.d0)));
        const float y1 = std::max(y0 + 2 * ps, std::round(L.y_of_day(std::min(b.last + 1, L.d1))));
        const float len = std::max(line, static_cast<float>(b.value / flow_max) * L.fw);
        c.ui.rect(x1 + 2 * ps, y0, x1 + 2 * ps + len, y1, series_colour(sr.colour));
        TextBlock t = c.text(b.label, 8.f, FontStyle::regular, TextAlign::left);
        const PixelRect r{x1 + 4 * ps + len, (y0 + y1) / 2 - t.height / 2, x1 + 4 * ps + len + t.width,
                          (y0 + y1) / 2 + t.height / 2};
        if (placer.free(r)) {
          c.put(t, r.x0, r.y0, series_colour(sr.colour), style::kTextHalo);
          placer.boxes.push_back(r);
        }
      }
  // Events: a tick across the column for a status change (with its label where it fits), a short
  // one at its left edge for an annotation, an outline over its period for a planned event.
  if (!layers.has(geo::LayerId::status)) return;
  for (const StripFrame::Tick& t : col.ticks) {
    if (t.day < L.d0 || t.day >= L.d1) continue;
    const float y = std::round(L.y_of_day(t.day));
    if (t.planned) {  // outlined, never filled: the band under it shows through
      const float y1 = std::max(y + 5 * ps, std::round(L.y_of_day(std::min(t.last_day + 1, L.d1))));
      c.ui.frame(x0 - 3 * ps, y, x1 + 3 * ps, y1, std::max(1.f, std::round(1.5f * ps)), kPlanned);
      place_tick_label(c, t.label, (y + y1) / 2, x0, x1, L, kPlanned, placer);
      continue;
    }
    if (!t.status_change) {
      c.ui.rect(x0 - 6 * ps, y, x0, y + line, kAnnotation);
      continue;
    }
    c.ui.rect(x0 - 4 * ps, y - line, x1 + 4 * ps, y + line, kTick);
    place_tick_label(c, t.label, y, x0, x1, L, style::kText, placer);
  }
}

// `text` with its lines broken at spaces so that each fits `max_w` pixels (a word longer than
// that keeps a line of its own).
std::string wrap_to(StripCanvas& c, const std::string& text, float css, FontStyle st, float max_w) {
  std::string out, line, word;
  auto flush_word = [&] {
    if (word.empty()) return;
    const std::string candidate = line.empty() ? word : line + " " + word;
    if (!line.empty() && c.text(candidate, css, st, TextAlign::left).width > max_w) {
      out += line + "\n";
      line = word;
    } else {
      line = candidate;
    }
    word.clear();
  };
  for (char ch : text + "\n") {
    if (ch == ' ') {
      flush_word();
    } else if (ch == '\n') {
      flush_word();
      out += line + "\n";
      line.clear();
    } else {
      word += ch;
    }
  }
  if (!out.empty()) out.pop_back();
  return out;
}

void draw_side_panel(StripCanvas& c, const StripFrame& s, const Layout& L, Placer& placer) {
  const float ps = c.ps, pad = 6 * ps;
  const float x0 = L.side_x0, x1 = L.side_x1;
  c.ui.rect(x0, L.y_axis - 30 * ps, x1, L.y_t1, style::kPanel);
  c.ui.frame(x0, L.y_axis - 30 * ps, x1, L.y_t1, std::max(1.f, std::round(ps)), style::kPanelBorder);
  TextBlock head = c.text("Trade and traffic on the same time axis (each lane its own scale; figures never added)",
                          9.5f, FontStyle::bold, TextAlign::left);
  if (!c.drop_overflow || head.width <= x1 - x0 - 2 * pad)
    c.put(head, x0 + pad, L.y_axis - 26 * ps, style::kText, style::kTextHalo);
  const size_t n = s.side.size();
  const float lw = (x1 - x0 - 2 * pad) / static_cast<float>(n);
  for (size_t i = 0; i < n; ++i) {
    const StripFrame::SideLane& lane = s.side[i];
    const float lx0 = x0 + pad + lw * static_cast<float>(i), lx1 = lx0 + lw - 4 * ps;
    if (i > 0) c.ui.rect(lx0 - 2 * ps, L.y_axis, lx0 - 2 * ps + std::max(1.f, std::round(ps)), L.y_t1, kGrid);
    // Wrapped to the lane (a narrow picture): a lane's text never runs into the next one.
    TextBlock t =
        c.text(wrap_to(c, lane.title, 8.5f, FontStyle::bold, lw - 6 * ps), 8.5f, FontStyle::bold, TextAlign::left);
    TextBlock st = c.text(wrap_to(c, lane.subtitle, 8.f, FontStyle::regular, lw - 6 * ps), 8.f, FontStyle::regular,
                          TextAlign::left);
    c.put(t, lx0, L.y_axis - 12 * ps, style::kText, style::kTextHalo);
    c.put(st, lx0, L.y_axis - 12 * ps + t.height, style::rgb(0x444444), style::kTextHalo);
    double vmax = 0;
    for (const StripFrame::Bar& b : lane.series.bars) vmax = std::max(vmax, b.value);
    if (!(vmax > 0)) continue;
    const style::Rgba col = series_colour(lane.series.colour);
    for (const StripFrame::Bar& b : lane.series.bars) {
      if (b.last < L.d0 || b.first >= L.d1) continue;
      const float y0 = std::round(L.y_of_day(std::max(b.first, L.d0)));
      const float y1 = std::max(y0 + 2 * ps, std::round(L.y_of_day(std::min(b.last + 1, L.d1))));
      const float len = std::max(1.f, static_cast<float>(b.value / vmax) * (lx1 - lx0) * 0.6f);
      c.ui.rect(lx0, y0, lx0 + len, y1, col.premul_alpha(0.75f));
      c.ui.frame(lx0, y0, lx0 + len, y1, std::max(1.f, std::round(ps * 0.75f)), col);
      TextBlock v = c.text(b.label, 8.f, FontStyle::regular, TextAlign::left);
      const PixelRect r{lx0 + len + 2 * ps, (y0 + y1) / 2 - v.height / 2, lx0 + len + 2 * ps + v.width,
                        (y0 + y1) / 2 + v.height / 2};
      if (r.x1 <= lx1 + 2 * ps && placer.free(r)) {
        c.put(v, r.x0, r.y0, style::kText, style::kTextHalo);
        placer.boxes.push_back(r);
      }
    }
  }
}

bool has_planned(const StripFrame& s) {
  for (const StripFrame::Column& col : s.columns)
    for (const StripFrame::Tick& t : col.ticks)
      if (t.planned && t.day >= s.first_day && t.day <= s.last_day) return true;
  return false;
}

// The legend's entries and their layout over the image's width (the legend's height follows the
// rows they need: a narrow picture gets more rows, not entries spilling out of the box).
struct LegendPlan {
  struct Entry {
    std::string text;
    int kind;  // 0 status band, 1 change tick, 2 annotation tick, 3 flow bar, 4 approximate, 5 leader, 6 as-of, 7
               // today, 8 planned
    Status status = Status::none;
    int colour = 0;
  };
  std::vector<Entry> e;
  std::vector<TextBlock> blocks;
  float x0 = 0, x1 = 0, item_w = 0, row_h = 0, height = 0;
  size_t per_row = 1;
};

LegendPlan plan_legend(StripCanvas& c, const StripFrame& s, const geo::LayerSet& layers) {
  const float ps = c.ps, pad = 6 * ps, sw = 24 * ps, sh = 12 * ps, gap = 5 * ps, col_gap = 16 * ps;
  LegendPlan p;
  auto& e = p.e;
  if (layers.has(geo::LayerId::status)) {
    e.push_back({"Open", 0, Status::open});
    e.push_back({"Restricted (partial)", 0, Status::restricted});
    e.push_back({"Closed", 0, Status::closed});
    e.push_back({"Status unknown", 0, Status::unknown});
    e.push_back({"Status change (labelled where room)", 1});
    e.push_back({"Other event (no status change)", 2});
    if (has_planned(s)) e.push_back({"Planned event (outlined, over its period)", 8});
  }
  if (layers.has(geo::LayerId::flows) && s.flow_max > 0) {
    e.push_back({"Cargo vehicles/day (full lane = " + fmt("%.0f", s.flow_max) + ")", 3, Status::none, 0});
    e.push_back({"Vehicles/day Việt Nam → China", 3, Status::none, 1});
    e.push_back({"Vehicles/day China → Việt Nam", 3, Status::none, 2});
  }
  e.push_back({"Gate not located: middle of its district's stretch", 4});
  e.push_back({"True km-post → column (spread where crowded)", 5});
  if (s.as_of) e.push_back({"After the data's as-of date: held, not known", 6});
  if (s.today) e.push_back({"Today", 7});
  for (const auto& x : e) {
    p.blocks.push_back(c.text(x.text, 9.5f, FontStyle::regular, TextAlign::left));
    p.item_w = std::max(p.item_w, p.blocks.back().width + sw + gap + col_gap);
  }
  p.x0 = c.x0 + c.margin, p.x1 = c.W - c.margin;
  p.per_row = std::max<size_t>(1, static_cast<size_t>((p.x1 - p.x0 - 2 * pad) / p.item_w));
  p.row_h = std::max(sh, p.blocks.front().height) + 3 * ps;
  const size_t rows = (e.size() + p.per_row - 1) / p.per_row;
  p.height = 2 * pad + p.row_h * static_cast<float>(rows);
  return p;
}

void draw_strip_legend(StripCanvas& c, const LegendPlan& p, const Layout& L) {
  const float ps = c.ps, pad = 6 * ps, sw = 24 * ps, sh = 12 * ps, gap = 5 * ps;
  const float x0 = p.x0, x1 = p.x1;
  c.ui.rect(x0, L.legend_y0, x1, L.legend_y1, style::kPanel);
  c.ui.frame(x0, L.legend_y0, x1, L.legend_y1, std::max(1.f, std::round(ps)), style::kPanelBorder);
  const float line = std::max(1.f, std::round(ps));
  for (size_t i = 0; i < p.e.size(); ++i) {
    const float ex = x0 + pad + p.item_w * static_cast<float>(i % p.per_row);
    const float ey = L.legend_y0 + pad + p.row_h * static_cast<float>(i / p.per_row);
    const float cy = std::round(ey + p.row_h / 2 - 1.5f * ps);
    const LegendPlan::Entry& x = p.e[i];
    switch (x.kind) {
      case 0: draw_status_band(c.ui, ex, cy - sh / 2, ex + sw, cy + sh / 2, x.status, ps); break;
      case 1: c.ui.rect(ex, cy - line, ex + sw, cy + line, kTick); break;
      case 2: c.ui.rect(ex + sw / 2, cy, ex + sw, cy + line, kAnnotation); break;
      case 3: c.ui.rect(ex, cy - 3 * ps, ex + sw * 0.8f, cy + 3 * ps, series_colour(x.colour)); break;
      case 4:
        for (float y = cy - sh / 2; y < cy + sh / 2; y += 6 * ps) {
          c.ui.rect(ex + 4 * ps, y, ex + 5.5f * ps, y + 3 * ps, style::kApproximate);
          c.ui.rect(ex + sw - 5.5f * ps, y, ex + sw - 4 * ps, y + 3 * ps, style::kApproximate);
        }
        break;
      case 5: c.ui.line(ex + 2 * ps, cy - sh / 2, ex + sw - 2 * ps, cy + sh / 2, line, kTick); break;
      case 6:
        c.ui.rect(ex, cy - sh / 2, ex + sw, cy + sh / 2, style::kStatusOpen),
            c.ui.rect(ex, cy - sh / 2, ex + sw, cy + sh / 2, kHeld);
        break;
      case 7:
        c.ui.rect(ex, cy - line, ex + sw * 0.4f, cy + line, kToday),
            c.ui.rect(ex + sw * 0.6f, cy - line, ex + sw, cy + line, kToday);
        break;
      case 8:
        c.ui.frame(ex + 2 * ps, cy - sh / 2, ex + sw - 2 * ps, cy + sh / 2, std::max(1.f, std::round(1.5f * ps)),
                   kPlanned);
        break;
      default: break;
    }
    c.put(p.blocks[i], ex + sw + gap, ey, style::kText, style::kTextHalo);
  }
}

// The strip on a wall read from far (StripCanvas::wall): fewer rows of text, every one of them
// primary (9.5 CSS pixels at the canvas's scale): the gates' short names above their columns, by
// priority (located gates first, then those with more status changes; a name that finds no room
// is left out, its column stays), the years beside the time axis where a label's height apart, and
// a compact legend at the right. The status colours and patterns carry the body: no text in it
// (change and event labels, flow figures), and no km axis, district names, months, flow lanes or
// trade panel (the export's layout keeps them all).
bool draw_strip_wall(StripCanvas& c, const StripFrame& s, const geo::LayerSet& layers) {
  constexpr float kText = 9.5f;
  const float ps = c.ps, line = std::max(1.f, std::round(0.5f * ps));
  auto text = [&](const std::string& t, FontStyle st, TextAlign al) { return c.text(t, kText, st, al); };
  const float em = kText * ps;                                         // its text's pixels per em (the canvas's scale)
  const float h = std::round(1.2f * em), gap = std::round(0.3f * em);  // a row of text; a gap
  Layout L;
  L.km0 = 0;
  L.km1 = std::max(1.0, s.line_km);
  L.d0 = s.first_day;
  L.d1 = std::max(s.first_day + 1, s.last_day + 1);
  const bool status_on = layers.has(geo::LayerId::status);

  // The legend: what the body's marks mean, one entry a row, by priority (the statuses first; the
  // rest where the rows leave room).
  struct Entry {
    std::string text;
    int kind;  // 0 status band, 4 approximate, 6 as-of, 7 today, 8 planned
    Status status = Status::none;
  };
  std::vector<Entry> entries;
  const bool held = s.as_of && *s.as_of + 1 < L.d1;
  const bool approximate =
      std::any_of(s.columns.begin(), s.columns.end(), [](const StripFrame::Column& col) { return col.approximate; });
  size_t needed = 0;  // the entries the legend cannot do without
  if (layers.has(geo::LayerId::legend)) {
    if (status_on) {
      entries.push_back({"Open", 0, Status::open});
      entries.push_back({"Restricted", 0, Status::restricted});
      entries.push_back({"Closed", 0, Status::closed});
      entries.push_back({"Unknown", 0, Status::unknown});
      needed = entries.size();
    }
    if (held) entries.push_back({"Held, not known", 6});
    if (s.today) entries.push_back({"Today", 7});
    if (status_on && has_planned(s)) entries.push_back({"Planned", 8});
    if (approximate) entries.push_back({"Not located", 4});
  }
  const float sw = std::round(1.4f * em), sh = std::round(0.6f * em), pad = gap;
  auto legend_width = [&] {
    float w = 0;
    for (const Entry& e : entries) w = std::max(w, text(e.text, FontStyle::regular, TextAlign::left).width);
    return entries.empty() ? 0.f : 2 * pad + sw + gap + w;
  };
  const float legend_x1 = c.W - c.margin;
  // Its top: below the decorations above it (the date stamp), beside the names' rows.
  float legend_top = c.top;
  if (c.avoid) {
    legend_top = c.margin;
    const float x0 = legend_x1 - legend_width();
    for (const PixelRect& b : *c.avoid)
      if (b.y0 < c.top && b.x1 > x0 && b.x0 < legend_x1) legend_top = std::max(legend_top, b.y1 + gap);
    legend_top = std::min(legend_top, c.top);
  }
  const size_t rows_free = static_cast<size_t>(std::max(0.f, std::floor((c.bottom - legend_top - 2 * pad) / h)));
  const bool legend_whole = rows_free >= needed;
  if (entries.size() > rows_free) entries.resize(std::max(needed, rows_free));
  const float legend_w = legend_width(), legend_x0 = legend_x1 - legend_w;
  const float legend_h = 2 * pad + h * static_cast<float>(entries.size());

  // Rows: the names (two staggered rows where the body keeps a quarter of the height, else one),
  // the columns over time.
  const int name_rows = c.bottom - c.top - 2 * h - 2 * gap >= 0.25f * c.H ? 2 : 1;
  const float y_name[2] = {c.top, c.top + static_cast<float>(name_rows - 1) * h};
  L.y_head = c.top;
  L.y_t0 = std::round(c.top + static_cast<float>(name_rows) * h + gap);
  L.y_t1 = std::round(c.bottom - gap);
  const float year_w = text("0000", FontStyle::bold, TextAlign::right).width;
  L.body_x0 = std::round(c.x0 + c.margin + year_w + 2 * gap);
  L.body_x1 = std::round((entries.empty() ? c.W - c.margin : legend_x0 - h) - gap);
  L.y_axis = L.y_t0;
  if (!(L.y_t1 > L.y_t0 + 10) || !(L.body_x1 > L.body_x0 + 10)) return false;  // too small to draw
  // Readable: room for two years' labels, the body 40 % of the width, the statuses' legend whole.
  const bool readable = L.y_t1 - L.y_t0 >= 2 * h && L.body_x1 - L.body_x0 >= 0.4f * c.W && legend_whole;

  // Columns: as wide as their number leaves room for, spread apart where closer than that.
  const size_t n = s.columns.size();
  const float pitch = (L.body_x1 - L.body_x0) / static_cast<float>(std::max<size_t>(1, n));
  L.cw = std::round(std::clamp(0.6f * pitch, 2.f * line, h));
  std::vector<double> wanted;
  for (const StripFrame::Column& col : s.columns) wanted.push_back(L.x_of_km(col.km));
  const std::vector<double> xs = geo::spread_apart(wanted, 0.85f * pitch, L.body_x0 + L.cw / 2, L.body_x1 - L.cw / 2);
  const float pattern_ps = L.cw / 18;  // the export's stripes and hatches per column

  // Years: a line across the body each, labelled where a label's height from the one above.
  const geo::Date first(L.d0), last(L.d1 - 1);
  float last_label = -1e9f;
  for (int y = first.year(); y <= last.year() + 1; ++y) {
    const geo::Date jan = geo::Date::from_ymd(y, 1, 1);
    if (jan.days() < L.d0 || jan.days() > L.d1) continue;
    const float yy = std::round(L.y_of_day(jan.days()));
    c.ui.rect(L.body_x0 - gap, yy, L.body_x1, yy + line, kGrid);
    if (yy < last_label + h || yy + h / 2 > c.bottom) continue;
    TextBlock b = text(std::to_string(y), FontStyle::bold, TextAlign::right);
    c.put(b, L.body_x0 - gap - b.width, yy - b.height / 2, kAxis, style::kTextHalo);
    last_label = yy;
  }
  c.ui.rect(L.body_x0 - line, L.y_t0, L.body_x0, L.y_t1, kAxis);

  // Names by priority, each on its row beside the body, else the row above (its leader then
  // passes between the names of the row below).
  const std::vector<size_t> order = columns_by_priority(s);
  std::vector<std::pair<float, float>> taken[2];  // x ranges of the names placed, per row
  std::vector<float> leaders;                     // x of the leaders of the upper row's names
  const float name_x0 = L.body_x0 - gap, name_x1 = entries.empty() ? c.W - c.margin : legend_x0 - gap;
  for (size_t i : order) {
    const StripFrame::Column& col = s.columns[i];
    const float x = static_cast<float>(xs[i]);
    TextBlock b = text(short_name(col.name1), FontStyle::bold, TextAlign::center);
    // Centred over its column, else slid along its row as far as it still spans the column (its
    // leader stays straight), to the nearest place clear of the names placed.
    const float w = b.width, inset = std::min(gap, w / 4);
    const float least = std::max(name_x0, x - w + inset), most = std::min(name_x1 - w, x - inset);
    const auto clear_at = [&](int r, float a) {
      const float lo = a - gap / 2, hi = a + w + gap / 2;
      const bool free =
          std::none_of(taken[r].begin(), taken[r].end(), [&](const auto& t) { return lo < t.second && t.first < hi; });
      if (!free) return false;
      if (r == 1)  // clear of the upper row's leaders
        return std::none_of(leaders.begin(), leaders.end(), [&](float l) { return l > lo && l < hi; });
      // the upper row's leader passes between the lower row's names
      return std::none_of(taken[1].begin(), taken[1].end(),
                          [&](const auto& t) { return x + line > t.first && x - line < t.second; });
    };
    int row = -1;
    float a = 0;
    for (int r = 1; r >= 2 - name_rows && row < 0 && least <= most; --r) {
      std::vector<float> tries{std::clamp(x - w / 2, least, most)};
      for (const auto& t : taken[r]) tries.push_back(t.second + gap / 2), tries.push_back(t.first - gap / 2 - w);
      float best = 1e9f;
      for (float cand : tries) {
        if (cand < least - 0.5f || cand > most + 0.5f || !clear_at(r, cand)) continue;
        if (std::abs(cand + w / 2 - x) < best) best = std::abs(cand + w / 2 - x), a = cand, row = r;
      }
    }
    const float lo = a - gap / 2, hi = a + w + gap / 2;
    if (row < 0) continue;  // unnamed: no leader, so that a slid name's leader says its column
    taken[row].push_back({lo, hi});
    if (row == 0) leaders.push_back(x);
    const style::Rgba ink = col.approximate ? style::kApproximate : style::kText;
    c.put(b, a, y_name[row] + (h - b.height) / 2, ink, style::kTextHalo);
    const float from = y_name[row] + h;
    c.ui.rect(std::round(x) - line, std::round(from), std::round(x) + line, L.y_t0, kAxis);
  }

  // The columns: bands, change ticks, planned events outlined, the hovered gate framed.
  for (size_t i = 0; i < n; ++i) {
    const StripFrame::Column& col = s.columns[i];
    const float x0 = std::round(static_cast<float>(xs[i]) - L.cw / 2), x1 = x0 + L.cw;
    for (const StripFrame::Band& b : col.bands) {
      const float y0 = std::round(L.y_of_day(std::max(b.first, L.d0)));
      const float y1 = std::round(L.y_of_day(std::min(b.last + 1, L.d1)));
      draw_status_band(c.ui, x0, y0, x1, y1, status_on ? b.status : Status::unknown, pattern_ps);
    }
    if (col.bands.empty()) draw_status_band(c.ui, x0, L.y_t0, x1, L.y_t1, Status::unknown, pattern_ps);
    if (col.approximate) {
      const float d = std::round(0.3f * h), w = line;
      for (float y = L.y_t0; y < L.y_t1; y += 2 * d) {
        c.ui.rect(x0 - 2 * w, y, x0 - w, std::min(y + d, L.y_t1), style::kApproximate);
        c.ui.rect(x1 + w, y, x1 + 2 * w, std::min(y + d, L.y_t1), style::kApproximate);
      }
    }
    if (status_on)
      for (const StripFrame::Tick& t : col.ticks) {
        if (t.day < L.d0 || t.day >= L.d1) continue;
        const float y = std::round(L.y_of_day(t.day));
        if (t.planned) {
          const float y1 = std::max(y + 3 * line, std::round(L.y_of_day(std::min(t.last_day + 1, L.d1))));
          c.ui.frame(x0 - 2 * line, y, x1 + 2 * line, y1, 1.5f * line, kPlanned);
        } else if (t.status_change) {
          c.ui.rect(x0 - 2 * line, y - line / 2, x1 + 2 * line, y - line / 2 + line, kTick);
        }
      }
    if (col.gate >= 0 && col.gate == s.hovered_column)
      c.ui.frame(x0 - 3 * line, L.y_t0, x1 + 3 * line, L.y_t1, 2 * line, style::kHover);
  }

  // After the data: held (veiled); today; the map's date.
  if (held) {
    const float y = std::round(L.y_of_day(*s.as_of + 1));
    c.ui.rect(L.body_x0, y, L.body_x1, L.y_t1, kHeld);
    for (float x = L.body_x0; x < L.body_x1; x += 4 * line)
      c.ui.rect(x, y, std::min(x + 2.5f * line, L.body_x1), y + line, kAxis);
  }
  if (s.today) {
    const float y = std::round(L.y_of_day(*s.today));
    for (float x = L.body_x0; x < L.body_x1; x += 4 * line)
      c.ui.rect(x, y, std::min(x + 2.5f * line, L.body_x1), y + 2 * line, kToday);
  }
  if (s.cursor && *s.cursor >= L.d0 && *s.cursor < L.d1) {
    const float y = std::round(L.y_of_day(*s.cursor));
    c.ui.rect(L.body_x0, y - line, L.body_x1, y + line, style::kHover);
  }
  if (c.picks) {
    StripPicks& p = *c.picks;
    p = {true, L.body_x0, L.body_x1, L.y_t0, L.y_t1, L.d0, L.d1, {}};
    for (size_t i = 0; i < n; ++i)
      p.columns.push_back(
          {static_cast<float>(xs[i]) - L.cw / 2, static_cast<float>(xs[i]) + L.cw / 2, s.columns[i].gate});
  }

  // The legend, right of the body, below the date stamp.
  if (!entries.empty()) {
    const float y0 = std::round(legend_top), y1 = y0 + legend_h;
    c.ui.rect(legend_x0, y0, legend_x1, y1, style::kPanel);
    c.ui.frame(legend_x0, y0, legend_x1, y1, line, style::kPanelBorder);
    for (size_t i = 0; i < entries.size(); ++i) {
      const float ex = legend_x0 + pad, ey = y0 + pad + h * static_cast<float>(i);
      const float cy = std::round(ey + h / 2);
      switch (entries[i].kind) {
        case 0: draw_status_band(c.ui, ex, cy - sh / 2, ex + sw, cy + sh / 2, entries[i].status, pattern_ps); break;
        case 4:
          for (float y = cy - sh / 2; y < cy + sh / 2; y += 2 * std::round(0.3f * h) / 2) {
            c.ui.rect(ex + sw * 0.2f, y, ex + sw * 0.2f + line, std::min(y + 0.15f * h, cy + sh / 2),
                      style::kApproximate);
            c.ui.rect(ex + sw * 0.8f - line, y, ex + sw * 0.8f, std::min(y + 0.15f * h, cy + sh / 2),
                      style::kApproximate);
          }
          break;
        case 6:
          c.ui.rect(ex, cy - sh / 2, ex + sw, cy + sh / 2, style::kStatusOpen);
          c.ui.rect(ex, cy - sh / 2, ex + sw, cy + sh / 2, kHeld);
          break;
        case 7:
          c.ui.rect(ex, cy - line, ex + sw * 0.4f, cy + line, kToday);
          c.ui.rect(ex + sw * 0.6f, cy - line, ex + sw, cy + line, kToday);
          break;
        case 8: c.ui.frame(ex + 2 * line, cy - sh / 2, ex + sw - 2 * line, cy + sh / 2, 1.5f * line, kPlanned); break;
        default: break;
      }
      TextBlock b = text(entries[i].text, FontStyle::regular, TextAlign::left);
      c.put(b, ex + sw + gap, ey + (h - b.height) / 2, style::kText, style::kTextHalo);
    }
  }
  return readable;
}

}  // namespace

StripPick StripPicks::at(double x, double y) const {
  StripPick out;
  if (!valid || y < y_t0 || y >= y_t1 || x < body_x0 || x > body_x1) return out;
  out.day = d0 + static_cast<std::int32_t>(std::floor((y - y_t0) / (y_t1 - y_t0) * (d1 - d0)));
  for (const Column& c : columns)
    if (x >= c.x0 && x <= c.x1) out.gate = c.gate;
  return out;
}

bool draw_strip(StripCanvas& c, const StripFrame& s, const geo::LayerSet& layers) {
  if (c.picks) *c.picks = {};
  if (c.wall) return draw_strip_wall(c, s, layers);
  const float ps = c.ps;
  Layout L;
  L.km0 = 0;
  L.km1 = std::max(1.0, s.line_km);
  L.d0 = s.first_day;
  L.d1 = std::max(s.first_day + 1, s.last_day + 1);
  L.cw = std::round(18 * ps);
  L.fw = std::round(22 * ps);
  // Rows, top to bottom: district names, the km axis, column headers (two staggered rows), the
  // columns over time, the legend.
  L.y_axis = c.top + 58 * ps;
  L.y_head = L.y_axis + 28 * ps;
  L.y_t0 = L.y_head + 92 * ps;
  const bool legend = layers.has(geo::LayerId::legend);
  const LegendPlan legend_plan = legend ? plan_legend(c, s, layers) : LegendPlan{};
  const float legend_h = legend ? legend_plan.height : 0;
  L.legend_y1 = c.bottom - 4 * ps;
  L.legend_y0 = L.legend_y1 - legend_h;
  L.y_t1 = (legend ? L.legend_y0 : c.bottom) - 22 * ps;
  const bool side = layers.has(geo::LayerId::trade) && !s.side.empty();
  const float side_w =
      side ? std::min(0.33f * (c.W - c.x0), 110 * ps * static_cast<float>(s.side.size()) + 12 * ps) : 0;
  L.side_x1 = side ? c.W - c.margin : 0;
  L.side_x0 = side ? L.side_x1 - side_w : 0;
  L.body_x0 = c.x0 + c.margin + 96 * ps;
  L.body_x1 = (side ? L.side_x0 - 70 * ps : c.W - c.margin - 70 * ps);
  if (!(L.y_t1 > L.y_t0 + 10) || !(L.body_x1 > L.body_x0 + 10)) return false;  // too small to draw
  const bool readable = L.y_t1 - L.y_t0 >= 0.25f * c.H && L.body_x1 - L.body_x0 >= 0.4f * c.W;

  draw_axes(c, s, L);
  Placer placer;
  // Columns spread apart where closer than a column and its flow lane.
  std::vector<double> wanted;
  for (const StripFrame::Column& col : s.columns) wanted.push_back(L.x_of_km(col.km));
  const std::vector<double> xs =
      geo::spread_apart(wanted, L.cw + L.fw + 8 * ps, L.body_x0 + L.cw / 2 + 4 * ps, L.body_x1 + 40 * ps);
  std::vector<size_t> order(s.columns.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(), [&](size_t a, size_t b) { return xs[a] < xs[b]; });
  std::vector<Placed> placed(s.columns.size());
  for (size_t k = 0; k < order.size(); ++k)
    placed[order[k]] = {static_cast<float>(xs[order[k]]), static_cast<int>(k % 2)};
  place_headers(c, s, placed);
  for (size_t i = 0; i < s.columns.size(); ++i) draw_column(c, s, s.columns[i], placed[i], L, layers, placer);
  draw_as_of_and_today(c, s, L, placer);
  if (s.cursor && *s.cursor >= L.d0 && *s.cursor < L.d1) {  // the map's date (the window)
    const float y = std::round(L.y_of_day(*s.cursor));
    c.ui.rect(L.body_x0, y - ps, L.body_x1, y + ps, style::kHover);
    TextBlock b = c.text("map " + geo::Date(*s.cursor).iso(), 9.5f, FontStyle::bold, TextAlign::left);
    c.put(b, L.body_x1 + 4 * ps, y - b.height / 2, style::kHover, style::kTextHalo);
  }
  if (c.picks) {
    StripPicks& p = *c.picks;
    p = {true, L.body_x0, L.body_x1 + 40 * ps, L.y_t0, L.y_t1, L.d0, L.d1, {}};
    for (size_t i = 0; i < s.columns.size(); ++i)
      p.columns.push_back({placed[i].x - L.cw / 2 - 2 * ps, placed[i].x + L.cw / 2 + L.fw, s.columns[i].gate});
  }
  for (size_t i = 0; i < s.columns.size(); ++i)
    draw_column_marks(c, s.columns[i], placed[i], L, layers, s.flow_max, placer);
  if (side) draw_side_panel(c, s, L, placer);
  if (legend) draw_strip_legend(c, legend_plan, L);
  return readable;
}

}  // namespace gatemap::render
