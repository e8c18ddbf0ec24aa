#pragma once
// The map projection (UTM zone 48N on WGS84, EPSG:32648: see projection.hpp) as closed formulas,
// for the code that runs on every view and must not load PROJ: an export's camera (view.cpp)
// and the scale bar. PROJ alone costs ~35 ms of library loading per process; these formulas cost
// nothing to set up.
//
// Transverse Mercator by Krüger's series to sixth order in the third flattening n (Karney 2011,
// "Transverse Mercator with an accuracy of a few nanometers", eqs. 7-9, 11-12, 35-36), the
// algorithm PROJ uses for UTM (poder_engsager): the two agree to well below a micrometre in
// the area of the map (tests/geo/utm_test.cpp compares them). Geodesic distances of short lines
// by Vincenty's inverse formula, which for lines of a few kilometres agrees with PROJ's geodesic
// (Karney's) to a few nanometres.
//
// Input lon, lat in degrees (lon first); output easting, northing in metres.
#include "geo/types.hpp"

namespace geo::utm {

// EPSG:32648 forward and inverse.
XY forward(LonLat p);
LonLat inverse(XY p);

// Geodesic distance on the WGS84 ellipsoid in metres; meant for short lines (it iterates to
// convergence and returns the last estimate for nearly antipodal points).
double geodesic_distance_m(LonLat a, LonLat b);

// Point scale of the projection at p, measured as Projector::scale_factor does: a 0.01° east-west
// step on the map against its geodesic length.
double scale_factor(LonLat p);

}  // namespace geo::utm
