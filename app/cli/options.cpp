#include "app/cli/options.hpp"

#include <cctype>

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

}  // namespace

const char* to_string(Step s) {
  switch (s) {
    case Step::day: return "day";
    case Step::week: return "week";
    case Step::month: return "month";
  }
  return "month";
}

Step parse_step(std::string_view text) {
  if (text == "day") return Step::day;
  if (text == "week") return Step::week;
  if (text == "month") return Step::month;
  bad_value(geo::ValueError::Phrase::after_colon, quoted(text, " is not one of day, week, month"));
}

const char* to_string(ImageFormat f) {
  switch (f) {
    case ImageFormat::png: return "png";
    case ImageFormat::tif: return "tif";
    case ImageFormat::mp4: return "mp4";
    case ImageFormat::webm: return "webm";
  }
  return "png";
}

ImageFormat parse_format(std::string_view text) {
  if (text == "png") return ImageFormat::png;
  if (text == "tif") return ImageFormat::tif;
  if (text == "mp4") return ImageFormat::mp4;
  if (text == "webm") return ImageFormat::webm;
  bad_value(geo::ValueError::Phrase::after_colon, quoted(text, " is not one of png, tif, mp4, webm"));
}

std::optional<ImageFormat> format_of_path(const std::filesystem::path& path) {
  std::string ext = path.extension().string();
  for (char& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (ext == ".png") return ImageFormat::png;
  if (ext == ".tif" || ext == ".tiff") return ImageFormat::tif;
  if (ext == ".mp4") return ImageFormat::mp4;
  if (ext == ".webm") return ImageFormat::webm;
  return std::nullopt;
}

geo::Date parse_date(std::string_view text) {
  const std::optional<geo::Date> d = geo::Date::parse(text);
  if (!d) bad_value(geo::ValueError::Phrase::value_first, quoted(text, " is not a real date in the form YYYY-MM-DD"));
  if (d->year() < 1990 || d->year() > 2100)
    bad_value(geo::ValueError::Phrase::value_first, std::string(text) + " is out of range (1990-01-01 … 2100-12-31)");
  return *d;
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
