from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from okrtui.store import legacy, values
from okrtui.textfmt import cell_width, fit, number, printable, progress_bar, sparkline, value_of_target, with_unit


@pytest.mark.parametrize(
    "values, width, expected",
    [([], None, ""), ([5, 5, 5], None, "▄▄▄"), ([0, 7], None, "▁█"), ([1, 2, 3, 4, 5, 6, 7, 8], 3, "▁▅█"), ([1], 0, "")],
)
def test_sparkline(values, width, expected):
    assert sparkline(values, width) == expected


@pytest.mark.parametrize("fraction, bar", [(0, "░░░░"), (0.5, "██░░"), (1.7, "████"), (-1, "░░░░"), (None, "····")])
def test_progress_bar(fraction, bar):
    assert progress_bar(fraction, 4) == bar


@pytest.mark.parametrize(
    "value, compact, text",
    [(150000.0, False, "150000"), (150000.0, True, "150k"), (82500.0, True, "82.5k"), (2.5, False, "2.5"),
     (1 / 3, False, "0.3333"), (None, False, "—"), (-12000.0, True, "-12k")],
)
def test_number(value, compact, text):
    assert number(value, compact) == text


def test_units():
    assert with_unit(-5, "$") == "-$5"
    assert with_unit(90, "%") == "90%"
    assert with_unit(3, "h") == "3h"
    assert with_unit(3, "min") == "3 min"
    assert value_of_target(82500, 150000, "$") == "$82.5k/$150k"
    assert value_of_target(6, 12, "accounts") == "6/12 accounts"


def test_printable_neutralises_control_characters():
    assert printable("a\x1b[31mred\x07") == "a\\x1b[31mred\\x07"
    assert printable("[bold]x") == "[bold]x"  # markup is Rich's business, not the terminal's
    assert printable("提高\u200b") == "提高\\u200b"


@pytest.mark.parametrize("text, width", [("提高客户体验", 8), ("abcdef", 4), ("ab", 5), ("提a", 3)])
def test_fit_counts_wide_characters(text, width):
    assert cell_width(fit(text, width)) == width


# -- the packed KPI series of schema 1 (legacy.py), and the values document (values.py) ------------
def test_packed_format_dates_only_gaps_and_month_starts():
    dates = ["2026-11-29", "2026-11-30", "2026-12-01", "2026-12-02", "2026-12-09"]
    packed = legacy.pack(dates, [412.5, 398, 377, 380, 366])
    assert packed == "@2026-11-29 412.5;398;@2026-12-01 377;380;@2026-12-09 366"
    assert legacy.unpack(packed) == (dates, [412.5, 398.0, 377.0, 380.0, 366.0])
    doc = {"values": packed, "notes": {"2026-12-01": "a note"}}
    assert legacy.document_from_packed(doc) == values.document(dates, [412.5, 398.0, 377.0, 380.0, 366.0],
                                                                doc["notes"])
    assert legacy.packed_document(legacy.document_from_packed(doc)) == doc


def test_with_value_appends_replaces_and_inserts():
    doc, replaced = values.with_value(None, "2026-01-02", 2)
    assert (values.columns(doc), replaced) == ((["2026-01-02"], [2.0]), False)
    doc, _ = values.with_value(doc, "2026-01-04", 4.5)
    assert values.columns(doc) == (["2026-01-02", "2026-01-04"], [2.0, 4.5])
    kept = doc
    doc, replaced = values.with_value(doc, "2026-01-04", 5, "fixed")
    assert replaced and values.columns(doc) == (["2026-01-02", "2026-01-04"], [2.0, 5.0])
    assert doc["notes"] == {"2026-01-04": "fixed"} and values.columns(kept)[1] == [2.0, 4.5]  # a new document
    doc, _ = values.with_value(doc, "2026-01-05", 6)
    doc, replaced = values.with_value(doc, "2026-01-05", 7)
    assert replaced and values.columns(doc)[1][-2:] == [5.0, 7.0]
    doc, replaced = values.with_value(doc, "2026-01-03", 3)
    assert not replaced
    doc, replaced = values.with_value(doc, "2026-01-02", 20)
    assert replaced
    doc, _ = values.with_value(doc, "2025-12-31", -1)
    assert values.columns(doc) == (
        ["2025-12-31", "2026-01-02", "2026-01-03", "2026-01-04", "2026-01-05"], [-1.0, 20.0, 3.0, 5.0, 7.0])
    assert values.tail(doc, 2) == (["2026-01-04", "2026-01-05"], [5.0, 7.0])
    assert values.tail(doc, 10) == values.columns(doc) and values.tail(doc, 0) == ([], [])
    assert values.day_value(doc, "2026-01-04") == [5.0, "fixed"] and values.day_value(doc, "2026-01-01") is None
    doc, removed = values.without_day(doc, "2026-01-04")
    assert removed == 5.0 and doc["notes"] == {} and "2026-01-04" not in doc["dates"]
    assert values.without_day(doc, "2026-01-04")[1] is None


dates = st.dates(min_value=date(1990, 1, 1), max_value=date(2100, 12, 31)).map(lambda d: d.isoformat())
numbers = st.floats(allow_nan=False, allow_infinity=False, width=64)


@given(st.dictionaries(dates, numbers, max_size=40))
def test_with_value_matches_a_sorted_dict(entries):
    doc = None
    for day, value in entries.items():
        doc, _ = values.with_value(doc, day, value)
    ordered = sorted(entries)
    expected = (ordered, [entries[d] for d in ordered])
    assert values.columns(doc) == expected
    assert values.columns(values.with_values(None, [(d, v, "") for d, v in entries.items()])) == expected
    assert legacy.unpack(legacy.pack(*expected)) == expected


@given(st.integers(0, 120), st.sets(st.integers(0, 400), max_size=30), st.integers(0, 60))
def test_tail_equals_the_end_of_the_columns(run, gaps, n):
    start = date(2026, 1, 20).toordinal()
    days = sorted({start + i for i in range(run)} | {start + run + g for g in gaps})
    doc = values.document([date.fromordinal(d).isoformat() for d in days], [float(i) for i in range(len(days))], {})
    full_dates, full_values = values.columns(doc)
    expected = (full_dates[-n:], full_values[-n:]) if n else ([], [])
    assert values.tail(doc, n) == expected


# -- numbers are never cut into other numbers (issue 15) ------------------------------------------
import re  # noqa: E402

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from okrtui.textfmt import SUFFIXES, number_fit, number_forms, pair_fit  # noqa: E402


def read_number_form(text: str) -> tuple[float, float]:
    """(value, half the step of its last shown digit) of a form number_forms writes: what the
    text claims, for tests that check a shown number is the number."""
    size = 1.0
    for scale, suffix in SUFFIXES:
        if text.endswith(suffix):
            size, text = scale, text[: -len(suffix)]
            break
    mantissa, _, exponent = text.partition("e")  # number() writes 2.22e-16 for the tiniest values
    places = len(mantissa.partition(".")[2])
    return float(text) * size, 0.5 * 10 ** (-places + int(exponent or 0)) * size

VALUES = st.one_of(st.floats(min_value=-1e15, max_value=1e15, allow_nan=False),
                   st.integers(-10**15, 10**15).map(float),
                   st.sampled_from([0.0, 300.0, 120.0, 12926.0, 0.3333, 999960.0, 99.95, 1e15, -1e15, 0.004, 2.5]))
UNITS = st.sampled_from(["", "%", "$", "min", "tickets", "访问", "h"])


@settings(max_examples=2_000, deadline=None)
@given(value=VALUES)
def test_every_form_of_a_number_reads_back_as_that_number(value):
    forms = number_forms(value)
    widths = [len(form) for form in forms]
    assert widths == sorted(widths, reverse=True) and len(set(widths)) == len(widths)
    for form in forms:
        assert "…" not in form
        shown, half_step = read_number_form(form)
        assert abs(shown - value) <= half_step * (1 + 1e-9) + abs(value) * 1e-12, (value, form)


@settings(max_examples=2_000, deadline=None)
@given(value=VALUES, unit=UNITS, width=st.integers(0, 30))
def test_a_number_in_a_column_fits_and_is_the_number_or_is_not_there(value, unit, width):
    text = number_fit(value, unit, width)
    assert len(text) <= width or text == ""
    if text:
        figure = text.replace(unit, "").replace(" ", "").strip() if unit else text
        shown, half_step = read_number_form(figure)
        assert abs(shown - value) <= half_step * (1 + 1e-9) + abs(value) * 1e-12, (value, unit, width, text)


@settings(max_examples=1_000, deadline=None)
@given(value=VALUES, target=VALUES, unit=UNITS, width=st.integers(0, 30))
def test_a_value_and_target_pair_fits_and_never_cuts_digits(value, target, unit, width):
    text = pair_fit(value, target, unit, width)
    assert "…" not in text and (len(text) <= width or not text)


@settings(max_examples=1_000, deadline=None)
@given(text=st.text(alphabet="ab 0123456789.,-", max_size=30), width=st.integers(1, 30))
def test_fit_never_leaves_a_cut_number_before_its_ellipsis(text, width):
    assert not re.search(r"\d[.,]?…", fit(text, width))


@pytest.mark.parametrize("value, unit, width, expected", [
    (300, "tickets", 11, "300 tickets"), (300, "tickets", 5, "300"), (300, "tickets", 2, ""),
    (120, "min", 4, "120"), (12926, "", 5, "12926"), (12926, "", 4, "13k"), (1234.5, "", 4, "1234"),
    (150000, "$", 5, "$150k"), (0.3333, "", 4, "0.33"), (0.3333, "", 3, ""), (999960, "", 4, ""),
    (3525, "visits", 9, "3525"), (12000, "visits", 9, "12k visits"[:0] + "12000"), (12000, "visits", 10, "12k visits"),
])
def test_number_fit_examples(value, unit, width, expected):
    assert number_fit(value, unit, width) == expected
