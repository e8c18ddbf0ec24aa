#pragma once
// Help → About and licences: the code licence, each data layer's attribution (from the data shown,
// data/attribution.csv for the default) and the notices the data licences require (ODbL, CC BY-SA
// 4.0, LGPL-3+, MIT), with where their full texts are. A panel: it reads and owns no data.
#include "app/view/view_state.hpp"
#include "geo/scene.hpp"

namespace gatemap::panels {

// Drawn while `open`; its close button clears it. `installed`: the texts are under
// /usr/share/doc/gatemap (the package), else in the source tree (LICENSE, data/SOURCES.md).
void about_and_licences(bool& open, const geo::Scene& scene, bool installed);

}  // namespace gatemap::panels
