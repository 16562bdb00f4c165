import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from generator.dates import long_date, short_date, short_month, time_tag, week_tag


def test_long_dates_keep_the_precision_written():
    assert long_date(dt.date(2021, 9, 6)) == "6 September 2021"
    assert long_date("2021-09-06") == "6 September 2021"
    assert long_date("2021-09") == "September 2021"
    assert long_date("2021") == "2021"


def test_time_tags_carry_the_machine_date_and_the_reader_s_date():
    assert time_tag("2021-09") == '<time datetime="2021-09">September 2021</time>'
    assert time_tag(dt.date(1, 1, 1)) == '<time datetime="0001-01-01">1 January 1</time>'
    assert week_tag(dt.date(2021, 9, 6)) == (
        '<time datetime="2021-W36">week of 6 September 2021</time>'
    )


@given(st.dates())
def test_every_date_of_the_calendar_formats(day):
    assert long_date(day).endswith(str(day.year))
    assert str(day.day) in long_date(day)
    assert time_tag(day).startswith(f'<time datetime="{day.isoformat()}">')
    assert short_date(day).startswith(str(day.day)) and short_month(day) in short_date(day)
    assert long_date(day.isoformat()[:7]).endswith(str(day.year))
