"""knowledge/insights.py: what coordinators see of the counts, small counts hidden."""

from __future__ import annotations

import datetime as dt

import pytest

from knowledge.insights import insight_table, insights_csv
from knowledge.models import COURSES, TriageCount

TODAY = dt.date(2026, 11, 19)  # a Thursday
THIS_WEEK = dt.date(2026, 11, 16)
LAST_WEEK = dt.date(2026, 11, 9)
LONG_AGO = dt.date(2026, 8, 17)  # 13 weeks back: outside the default 12
TOWN = "DE:beispielstadt"
OTHER_TOWN = "FR:villexemple"
REPORT = "Report it to the platform and to the reporting point"
ENGAGE = "Talk to the young person, carefully and as a professional"

COUNTS = [
    (THIS_WEEK, TOWN, "report", "hate_speech", "tiktok", 7),
    (THIS_WEEK, TOWN, "report", "hate_speech", "instagram", 3),
    (THIS_WEEK, TOWN, "engage", "extremist_symbols", "unknown", 5),
    (LAST_WEEK, TOWN, "report", "hate_speech", "tiktok", 6),
    (LAST_WEEK, TOWN, "dont_feed", "conspiracy_disinformation", "telegram", 4),
    (LONG_AGO, TOWN, "report", "hate_speech", "tiktok", 100),
    (THIS_WEEK, OTHER_TOWN, "report", "hate_speech", "tiktok", 40),
    (THIS_WEEK, OTHER_TOWN, "report", "hate_speech", "instagram", 4),
    (LAST_WEEK, OTHER_TOWN, "dont_feed", "conspiracy_disinformation", "telegram", 9),
]


@pytest.fixture
def counted(session):
    for week, key, course, content_type, platform, count in COUNTS:
        session.add(
            TriageCount(
                week=week,
                jurisdiction_key=key,
                course_of_action=course,
                content_type=content_type,
                platform=platform,
                count=count,
            )
        )
    session.flush()
    return session


def coordinator_table(session, **options):
    return insight_table(session, [TOWN], min_count=5, today=TODAY, **options)


def test_rows_hide_counts_below_the_minimum(counted):
    rows = [
        (r.week, r.course_of_action, r.content_type, r.platform, r.count)
        for r in coordinator_table(counted).rows
    ]
    assert rows == [
        (LAST_WEEK, "dont_feed", "conspiracy_disinformation", "telegram", None),
        (LAST_WEEK, "report", "hate_speech", "tiktok", 6),
        (THIS_WEEK, "engage", "extremist_symbols", "unknown", 5),
        (THIS_WEEK, "report", "hate_speech", "instagram", None),
        (THIS_WEEK, "report", "hate_speech", "tiktok", 7),
    ]


def test_coordinator_never_sees_another_municipality(counted):
    table = coordinator_table(counted)
    assert table.by_course["report"] == 13  # 7 + 6: not the other town's 40
    assert table.by_content_type["hate_speech"]["report"] == 13
    assert table.by_platform["tiktok"]["report"] == 13
    assert table.by_week[THIS_WEEK]["report"] == 7
    assert insight_table(counted, [OTHER_TOWN], min_count=5, today=TODAY).by_course == {
        "emergency": None,
        "report": 40,
        "refer_coordinator": None,
        "engage": None,
        "dont_feed": 9,
    }


def test_totals_add_up_only_the_shown_rows_so_nothing_hidden_can_be_worked_out(counted):
    table = coordinator_table(counted)
    # the hidden 3 on Instagram and 4 on Telegram are in no total
    assert table.by_platform["instagram"]["report"] is None
    assert table.by_platform["telegram"]["dont_feed"] is None
    assert table.by_content_type["conspiracy_disinformation"]["dont_feed"] is None
    assert table.by_week[LAST_WEEK] == {
        "emergency": None,
        "report": 6,
        "refer_coordinator": None,
        "engage": None,
        "dont_feed": None,
    }
    shown = [r for r in table.rows if r.count is not None]
    totals = [
        (table.by_content_type, lambda r: r.content_type),
        (table.by_platform, lambda r: r.platform),
        (table.by_week, lambda r: r.week),
    ]
    for total, key in totals:
        for value, per_course in total.items():
            for course, count in per_course.items():
                rows_sum = sum(
                    r.count for r in shown if key(r) == value and r.course_of_action == course
                )
                assert count == (rows_sum or None)


def test_every_cell_below_the_minimum_is_hidden(counted):
    table = coordinator_table(counted)
    cells = [r.count for r in table.rows] + list(table.by_course.values())
    for total in (table.by_content_type, table.by_platform, table.by_week):
        cells += [n for per_course in total.values() for n in per_course.values()]
    assert all(n is None or n >= 5 for n in cells)
    assert None in cells
    assert [r.count for r in insight_table(counted, [TOWN], min_count=8, today=TODAY).rows] == [
        None
    ] * 5


def test_admin_sees_every_jurisdiction_added_up(counted):
    table = insight_table(counted, None, min_count=5, today=TODAY)
    this_week = {(r.content_type, r.platform): r.count for r in table.rows if r.week == THIS_WEEK}
    assert this_week[("hate_speech", "tiktok")] == 47
    assert this_week[("hate_speech", "instagram")] == 7  # 3 + 4: each hidden, together not
    assert table.by_course == {
        "emergency": None,
        "report": 47 + 7 + 6,
        "refer_coordinator": None,
        "engage": 5,
        "dont_feed": 13,  # 4 + 9 in one row
    }
    assert insight_table(counted, [], min_count=5, today=TODAY).rows == []


def test_period_is_the_last_weeks_oldest_first(counted):
    table = coordinator_table(counted)
    assert len(table.weeks) == 12
    assert (table.weeks[0], table.weeks[-1]) == (THIS_WEEK - dt.timedelta(weeks=11), THIS_WEEK)
    assert list(table.by_week) == table.weeks
    assert LONG_AGO not in {r.week for r in table.rows}
    longer = coordinator_table(counted, weeks=14)
    assert (LONG_AGO, 100) in {(r.week, r.count) for r in longer.rows}
    assert longer.by_course["report"] == 113


def test_labels_come_from_the_vocabulary_and_the_guidance(counted):
    table = coordinator_table(counted)
    assert list(table.labels["course_of_action"]) == list(COURSES)
    assert table.labels["course_of_action"]["report"] == REPORT
    assert table.labels["content_type"] == {
        "hate_speech": "Hate speech or incitement",
        "extremist_symbols": "Extremist symbols or codes",
        "conspiracy_disinformation": "Conspiracy or disinformation",
    }
    assert table.labels["platform"]["unknown"] == "Not asked"
    assert table.series("platform")["TikTok"][REPORT] == 13
    assert table.series("week")["2026-11-16"][ENGAGE] == 5
    assert table.series("course") == {
        "All recommendations": {
            table.labels["course_of_action"][c]: n for c, n in table.by_course.items()
        }
    }


def test_csv_has_labels_iso_weeks_and_hidden_counts_as_text(counted):
    assert insights_csv(coordinator_table(counted)).splitlines() == [
        "week,course of action,content type,platform,count",
        '2026-11-09,"Don\'t feed it: no likes, comments or shares",'
        "Conspiracy or disinformation,Telegram,<5",
        f"2026-11-09,{REPORT},Hate speech or incitement,TikTok,6",
        f'2026-11-16,"{ENGAGE}",Extremist symbols or codes,Not asked,5',
        f"2026-11-16,{REPORT},Hate speech or incitement,Instagram,<5",
        f"2026-11-16,{REPORT},Hate speech or incitement,TikTok,7",
    ]


def test_csv_makes_a_formula_like_label_inert(counted):
    counted.add(
        TriageCount(
            week=THIS_WEEK,
            jurisdiction_key=TOWN,
            course_of_action="report",
            content_type="=HYPERLINK(1)",
            platform="tiktok",
            count=9,
        )
    )
    counted.flush()
    assert "2026-11-16,Report it to the platform and to the reporting point,'=HYPERLINK(1)" in (
        insights_csv(coordinator_table(counted))
    )
