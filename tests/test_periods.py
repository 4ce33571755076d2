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
