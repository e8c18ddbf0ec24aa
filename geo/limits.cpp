#include "geo/limits.hpp"

#include <cerrno>
#include <cstdlib>

namespace geo {

namespace {

void from_env(const char* name, std::uint64_t& value) {
  const char* text = std::getenv(name);
  if (!text || !*text) return;
  char* end = nullptr;
  errno = 0;
  const unsigned long long v = std::strtoull(text, &end, 10);
  if (errno == 0 && end && *end == '\0' && v > 0 && text[0] != '-') value = v;
}

}  // namespace

const InputLimits& input_limits() {
  static const InputLimits limits = [] {
    InputLimits l;
    from_env("GATEMAP_MAX_FILE_BYTES", l.file_bytes);
    from_env("GATEMAP_MAX_LINE_BYTES", l.line_bytes);
    from_env("GATEMAP_MAX_ROWS", l.rows);
    return l;
  }();
  return limits;
}

std::string limit_text(std::uint64_t limit, const char* unit) {
  return "(limit " + std::to_string(limit) + " " + unit + ")";
}

}  // namespace geo
