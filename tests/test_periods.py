from assistant.periods import parse_periods, resolve_years


def test_plain_year() -> None:
    assert parse_periods("GLD in Leeds in 2018").years == [2018]


def test_academic_and_financial_years_start_year() -> None:
    assert parse_periods("in 2018/19").years == [2018]
    assert parse_periods("in the 2022-23 financial year").years == [2022]


def test_ranges() -> None:
    q = parse_periods("between 2016 and 2018")
    assert (q.start, q.end) == (2016, 2018)
    q = parse_periods("from 2010 to 2019")
    assert (q.start, q.end) == (2010, 2019)
    assert parse_periods("2015-2017").start == 2015


def test_since_last_and_latest() -> None:
    assert parse_periods("since 2016").start == 2016
    assert parse_periods("over the last 5 years").last_n == 5
    assert parse_periods("the latest figure").latest


def test_resolve_years_against_available() -> None:
    available = [2016, 2017, 2018]
    assert resolve_years(parse_periods("since 2017"), available) == [2017, 2018]
    assert resolve_years(parse_periods("last 2 years"), available) == [2017, 2018]
    assert resolve_years(parse_periods("in 2020"), available) == []


def test_months_and_quarters_are_written_as_tables_write_them() -> None:
    from assistant.periods import month_labels

    assert month_labels("between April and June 2025") == "2025-04 2025-05 2025-06 Q2 2025"
    assert month_labels("May to June 2024") == "2024-05 2024-06"  # not a whole quarter
    assert month_labels("in the second quarter of 2025") == "in the Q2 2025"
    assert month_labels("rain in July 2018") == "rain in 2018-07"
    assert parse_periods("since the end of 2023").start == 2023
