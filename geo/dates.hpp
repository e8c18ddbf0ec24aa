#pragma once
// Civil dates (proleptic Gregorian, no time zone: a date in the data is the local calendar day of
// the event) and calendar periods for aggregated figures.
// A Date is a count of days since 1970-01-01, so comparing and subtracting dates is integer
// arithmetic and a sorted std::vector<Date> can be binary-searched. The calendar work is done by
// std::chrono::year_month_day.
#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace geo {

// How precisely the text of a date was given.
enum class DatePrecision { day, month, quarter };

class Date {
 public:
  constexpr Date() = default;
  constexpr explicit Date(std::int32_t days_since_epoch) : days_(days_since_epoch) {}
  // Throws std::invalid_argument when year/month/day is not a real calendar day.
  static Date from_ymd(int year, unsigned month, unsigned day);

  constexpr std::int32_t days() const { return days_; }
  int year() const;
  unsigned month() const;  // 1..12
  unsigned day() const;    // 1..31

  // Strict ISO `YYYY-MM-DD` (four-digit year, two-digit month and day, a real calendar day:
  // 2023-02-30 is rejected). Leading/trailing spaces are not accepted.
  static std::optional<Date> parse(std::string_view text);
  // Strict `YYYY-MM`: the first day of that month.
  static std::optional<Date> parse_month(std::string_view text);
  // Strict `YYYY-Qn` (n = 1..4): the first day of that quarter.
  static std::optional<Date> parse_quarter(std::string_view text);

  std::string iso() const;        // YYYY-MM-DD
  std::string iso_month() const;  // YYYY-MM

  constexpr Date add_days(std::int32_t n) const { return Date(days_ + n); }
  constexpr Date add_weeks(std::int32_t n) const { return Date(days_ + 7 * n); }
  // Calendar months; the day is clamped to the end of the target month (2023-01-31 + 1 = 2023-02-28).
  Date add_months(int n) const;
  Date first_of_month() const;
  Date last_of_month() const;

  friend constexpr std::int32_t operator-(Date a, Date b) { return a.days_ - b.days_; }
  friend constexpr bool operator==(Date, Date) = default;
  friend constexpr auto operator<=>(Date, Date) = default;

 private:
  std::int32_t days_ = 0;
};

// A date as written in a data file: `YYYY-MM-DD`, `YYYY-MM` (month precision, meaning the whole
// month) or `YYYY-Qn` (quarter precision, n = 1..4, meaning the whole quarter: 2026-Q3 is
// 2026-07-01 … 2026-09-30). `first` is the period's first day, `last` its last day.
struct ParsedDate {
  Date first, last;
  DatePrecision precision = DatePrecision::day;
};
std::optional<ParsedDate> parse_iso_date(std::string_view text);

// A calendar period used to aggregate figures. `start` is always the period's first day
// (Period::containing normalises it); `last()` is inclusive.
struct Period {
  enum class Kind { day, month, quarter, year };
  Kind kind = Kind::day;
  Date start;

  static Period containing(Kind kind, Date d);
  Date last() const;  // inclusive
  bool contains(Date d) const { return start <= d && d <= last(); }
  // True when the whole of [first, last] lies inside this period.
  bool covers(Date first, Date last_day) const { return start <= first && last_day <= last(); }
  Period next() const;
  Period prev() const;
  // "2023-05-14", "2023-05", "2023-Q2", "2023".
  std::string label() const;

  friend bool operator==(const Period&, const Period&) = default;
};

const char* to_string(Period::Kind k);
std::optional<Period::Kind> parse_period_kind(std::string_view s);

}  // namespace geo
