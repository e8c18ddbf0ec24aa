#include "app/cli/options.hpp"

#include <array>
#include <cctype>
#include <utility>

namespace gatemap {

namespace {

[[noreturn]] void bad_value(geo::ValueError::Phrase phrase, std::string problem) {
  throw geo::ValueError(phrase, std::move(problem));
}

// 'TEXT' + rest, appended (GCC 12's -Wrestrict misfires on "'" + std::string(…) + "…").
std::string quoted(std::string_view text, std::string_view rest) {
  std::string s = "'";
  s.append(text).append("'").append(rest);
  return s;
}

// The names of an enum's values, in the order they are listed in messages.
template <class E, size_t N>
using Names = std::array<std::pair<E, const char*>, N>;

constexpr Names<Step, 3> kSteps = {{{Step::day, "day"}, {Step::week, "week"}, {Step::month, "month"}}};
constexpr Names<ImageFormat, 7> kFormats = {{{ImageFormat::png, "png"},
                                             {ImageFormat::tif, "tif"},
                                             {ImageFormat::mp4, "mp4"},
                                             {ImageFormat::webm, "webm"},
                                             {ImageFormat::geojson, "geojson"},
                                             {ImageFormat::csv, "csv"},
                                             {ImageFormat::kml, "kml"}}};
constexpr Names<ExportView, 2> kViews = {{{ExportView::map, "map"}, {ExportView::strip, "strip"}}};

template <class E, size_t N>
const char* name_of(const Names<E, N>& names, E value) {
  for (const auto& [v, name] : names)
    if (v == value) return name;
  return names[0].second;
}

// The value named `text`, or a ValueError "'TEXT' is not one of a, b, c".
template <class E, size_t N>
E parse_named(const Names<E, N>& names, std::string_view text) {
  std::string list;
  for (const auto& [v, name] : names) {
    if (text == name) return v;
    list.append(list.empty() ? "" : ", ").append(name);
  }
  bad_value(geo::ValueError::Phrase::after_colon, quoted(text, " is not one of " + list));
}

}  // namespace

const char* to_string(Step s) { return name_of(kSteps, s); }

Step parse_step(std::string_view text) { return parse_named(kSteps, text); }

const char* to_string(ImageFormat f) { return name_of(kFormats, f); }

ImageFormat parse_format(std::string_view text) { return parse_named(kFormats, text); }

ExportView parse_view(std::string_view text) { return parse_named(kViews, text); }

std::optional<ImageFormat> format_of_path(const std::filesystem::path& path) {
  std::string ext = path.extension().string();
  for (char& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (ext == ".png") return ImageFormat::png;
  if (ext == ".tif" || ext == ".tiff") return ImageFormat::tif;
  if (ext == ".mp4") return ImageFormat::mp4;
  if (ext == ".webm") return ImageFormat::webm;
  if (ext == ".geojson" || ext == ".json") return ImageFormat::geojson;
  if (ext == ".csv") return ImageFormat::csv;
  if (ext == ".kml") return ImageFormat::kml;
  return std::nullopt;
}

geo::Date parse_date(std::string_view text) {
  const std::optional<geo::Date> d = geo::Date::parse(text);
  if (!d) bad_value(geo::ValueError::Phrase::value_first, quoted(text, " is not a real date in the form YYYY-MM-DD"));
  if (d->year() < 1990 || d->year() > 2100)
    bad_value(geo::ValueError::Phrase::value_first, std::string(text) + " is out of range (1990-01-01 … 2100-12-31)");
  return *d;
}

namespace {

// "A,B": two dates of parse_date; `form` names them in the message ("FROM,TO").
std::pair<geo::Date, geo::Date> two_dates(std::string_view text, const char* form) {
  const size_t comma = text.find(',');
  if (comma == std::string_view::npos || text.find(',', comma + 1) != std::string_view::npos)
    bad_value(geo::ValueError::Phrase::value_first,
              quoted(text, std::string(" is not ") + form + " (two dates YYYY-MM-DD separated by a comma)"));
  return {parse_date(text.substr(0, comma)), parse_date(text.substr(comma + 1))};
}

}  // namespace

std::pair<geo::Date, geo::Date> parse_date_pair(std::string_view text) { return two_dates(text, "D1,D2"); }

geo::DateWindow parse_window(std::string_view text) {
  const auto [from, to] = two_dates(text, "FROM,TO");
  const geo::DateWindow w{from, to};
  if (w.to < w.from) bad_value(geo::ValueError::Phrase::value_first, quoted(text, " ends before it starts"));
  return w;
}

geo::LayerSet parse_layers(std::string_view list) {
  geo::LayerSet set;
  size_t start = 0;
  while (start <= list.size()) {
    const size_t comma = std::min(list.find(',', start), list.size());
    const std::string name(list.substr(start, comma - start));
    start = comma + 1;
    if (name.empty()) continue;
    const auto id = geo::parse_layer(name);
    if (!id)
      bad_value(geo::ValueError::Phrase::after_colon,
                "unknown layer " + quoted(name, " (see `gatemap info` for the layer names)"));
    set.set(*id);
  }
  return set;
}

}  // namespace gatemap
