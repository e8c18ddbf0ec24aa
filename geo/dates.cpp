#include "geo/dates.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <stdexcept>

namespace geo {

namespace chr = std::chrono;

namespace {

chr::year_month_day to_ymd(Date d) { return chr::year_month_day{chr::sys_days{chr::days{d.days()}}}; }

Date from_ymd_checked(const chr::year_month_day& ymd) {
  return Date(static_cast<std::int32_t>(chr::sys_days{ymd}.time_since_epoch().count()));
}

// Reads exactly `n` ASCII digits at s[pos..pos+n); -1 when any is not a digit.
int digits(std::string_view s, size_t pos, size_t n) {
  int v = 0;
  for (size_t i = pos; i < pos + n; ++i) {
    if (s[i] < '0' || s[i] > '9') return -1;
    v = v * 10 + (s[i] - '0');
  }
  return v;
}

}  // namespace

Date Date::from_ymd(int year, unsigned month, unsigned day) {
  chr::year_month_day ymd{chr::year{year}, chr::month{month}, chr::day{day}};
  if (!ymd.ok()) throw std::invalid_argument("not a calendar date");
  return from_ymd_checked(ymd);
}

int Date::year() const { return static_cast<int>(to_ymd(*this).year()); }
unsigned Date::month() const { return static_cast<unsigned>(to_ymd(*this).month()); }
unsigned Date::day() const { return static_cast<unsigned>(to_ymd(*this).day()); }

std::optional<Date> Date::parse(std::string_view s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return std::nullopt;
  const int y = digits(s, 0, 4), m = digits(s, 5, 2), d = digits(s, 8, 2);
  if (y < 0 || m < 0 || d < 0) return std::nullopt;
  chr::year_month_day ymd{chr::year{y}, chr::month{static_cast<unsigned>(m)}, chr::day{static_cast<unsigned>(d)}};
  if (!ymd.ok()) return std::nullopt;
  return from_ymd_checked(ymd);
}

std::optional<Date> Date::parse_month(std::string_view s) {
  if (s.size() != 7 || s[4] != '-') return std::nullopt;
  const int y = digits(s, 0, 4), m = digits(s, 5, 2);
  if (y < 0 || m < 1 || m > 12) return std::nullopt;
  return from_ymd_checked(chr::year{y} / chr::month{static_cast<unsigned>(m)} / 1);
}

std::optional<Date> Date::parse_quarter(std::string_view s) {
  if (s.size() != 7 || s[4] != '-' || s[5] != 'Q') return std::nullopt;
  const int y = digits(s, 0, 4), q = digits(s, 6, 1);
  if (y < 0 || q < 1 || q > 4) return std::nullopt;
  return from_ymd_checked(chr::year{y} / chr::month{static_cast<unsigned>(3 * q - 2)} / 1);
}

std::string Date::iso() const {
  const auto ymd = to_ymd(*this);
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                static_cast<unsigned>(ymd.day()));
  return buf;
}

std::string Date::iso_month() const { return iso().substr(0, 7); }

Date Date::add_months(int n) const {
  const auto ymd = to_ymd(*this);
  const chr::year_month ym = chr::year_month{ymd.year(), ymd.month()} + chr::months{n};
  const chr::day last = chr::year_month_day_last{ym.year(), chr::month_day_last{ym.month()}}.day();
  return from_ymd_checked(chr::year_month_day{ym.year(), ym.month(), std::min(ymd.day(), last)});
}

Date Date::first_of_month() const {
  const auto ymd = to_ymd(*this);
  return from_ymd_checked(ymd.year() / ymd.month() / 1);
}

Date Date::last_of_month() const {
  const auto ymd = to_ymd(*this);
  return from_ymd_checked(chr::year_month_day{ymd.year() / ymd.month() / chr::last});
}

std::optional<ParsedDate> parse_iso_date(std::string_view text) {
  if (auto d = Date::parse(text)) return ParsedDate{*d, *d, DatePrecision::day};
  if (auto m = Date::parse_month(text)) return ParsedDate{*m, m->last_of_month(), DatePrecision::month};
  if (auto q = Date::parse_quarter(text)) return ParsedDate{*q, q->add_months(3).add_days(-1), DatePrecision::quarter};
  return std::nullopt;
}

Period Period::containing(Kind kind, Date d) {
  switch (kind) {
    case Kind::day: return {kind, d};
    case Kind::month: return {kind, d.first_of_month()};
    case Kind::quarter: {
      const unsigned first_month = (d.month() - 1) / 3 * 3 + 1;
      return {kind, Date::from_ymd(d.year(), first_month, 1)};
    }
    case Kind::year: return {kind, Date::from_ymd(d.year(), 1, 1)};
  }
  return {kind, d};
}

Date Period::last() const {
  switch (kind) {
    case Kind::day: return start;
    case Kind::month: return start.add_months(1).add_days(-1);
    case Kind::quarter: return start.add_months(3).add_days(-1);
    case Kind::year: return start.add_months(12).add_days(-1);
  }
  return start;
}

Period Period::next() const { return containing(kind, last().add_days(1)); }
Period Period::prev() const { return containing(kind, start.add_days(-1)); }

std::string Period::label() const {
  switch (kind) {
    case Kind::day: return start.iso();
    case Kind::month: return start.iso_month();
    case Kind::quarter: return std::to_string(start.year()) + "-Q" + std::to_string((start.month() - 1) / 3 + 1);
    case Kind::year: return std::to_string(start.year());
  }
  return start.iso();
}

const char* to_string(Period::Kind k) {
  switch (k) {
    case Period::Kind::day: return "day";
    case Period::Kind::month: return "month";
    case Period::Kind::quarter: return "quarter";
    case Period::Kind::year: return "year";
  }
  return "day";
}

std::optional<Period::Kind> parse_period_kind(std::string_view s) {
  if (s == "day") return Period::Kind::day;
  if (s == "month") return Period::Kind::month;
  if (s == "quarter") return Period::Kind::quarter;
  if (s == "year") return Period::Kind::year;
  return std::nullopt;
}

}  // namespace geo
