#pragma once
// The view rule shared by the window's "fit", PNG and GeoTIFF export:
// (lon0, lat0) is the south-west corner and (lon1, lat1) the north-east one; the bbox outline,
// densified, is projected to the map CRS; its bounding rectangle is centred in the image at
// scale max(width_m / W, height_m / H) metres per pixel, grid north up, no extra margin.
#include <string>

#include "geo/error.hpp"
#include "geo/types.hpp"

namespace geo {

// A view of the map: centre in map metres and scale in metres per (device) pixel.
struct Camera {
  XY centre;
  double m_per_px = 100;
  int width_px = 0, height_px = 0;

  // Map coordinates of pixel (px, py), y down from the top-left corner of the image.
  XY pixel_to_map(double px, double py) const {
    return {centre.x + (px - width_px / 2.0) * m_per_px, centre.y - (py - height_px / 2.0) * m_per_px};
  }
  // Pixel of a map point (y down).
  XY map_to_pixel(const XY& p) const {
    return {(p.x - centre.x) / m_per_px + width_px / 2.0, -(p.y - centre.y) / m_per_px + height_px / 2.0};
  }
  Rect visible_rect() const {
    return {centre.x - width_px / 2.0 * m_per_px, centre.y - height_px / 2.0 * m_per_px,
            centre.x + width_px / 2.0 * m_per_px, centre.y + height_px / 2.0 * m_per_px};
  }
};

// Projects the densified outline of a lon/lat bbox to map metres and returns its bounding rectangle.
Rect project_bbox(const BboxLL& bb);

// The camera showing the whole bbox in a width × height image (the rule above).
Camera fit_bbox(const BboxLL& bb, int width_px, int height_px);

// The same, for a map rectangle.
Camera fit_rect(const Rect& r, int width_px, int height_px);

// A bbox widened by `fraction` of its width and height on each side (the default view uses 5 %).
BboxLL with_margin(const BboxLL& bb, double fraction);

// The lon/lat box around a map rectangle (its densified outline unprojected): what a picture of
// that rectangle shows, e.g. an export's `gatemap:bbox`. Contains every bbox that fits it.
BboxLL unproject_rect(const Rect& r);

// Parses "LON0,LAT0,LON1,LAT1". Throws ValueError (Phrase::after_colon: "--bbox: …") when a part
// is not a finite number, there are not 4 of them, they are out of range, not south-west then
// north-east, or span more than 20 degrees.
BboxLL parse_bbox(const std::string& text);

}  // namespace geo
