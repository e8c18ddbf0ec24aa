#include "geo/gates.hpp"

namespace geo {

const char* to_string(Confidence c) {
  switch (c) {
    case Confidence::high: return "high";
    case Confidence::medium: return "medium";
    case Confidence::low: return "low";
    case Confidence::not_found: return "not_found";
  }
  return "not_found";
}

std::optional<Confidence> parse_confidence(const std::string& s) {
  if (s == "high") return Confidence::high;
  if (s == "medium") return Confidence::medium;
  if (s == "low") return Confidence::low;
  if (s == "not_found") return Confidence::not_found;
  return std::nullopt;
}

std::optional<LonLat> GatePair::anchor() const {
  if (crossing && crossing->pos) return crossing->pos;
  if (vn && vn->pos) return vn->pos;
  if (cn && cn->pos) return cn->pos;
  return std::nullopt;
}

}  // namespace geo
