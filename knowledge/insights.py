"""What coordinators may see of the triage counts: small counts hidden, totals unable to
give them away, labels for people, and the same table as CSV.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass
from typing import Dict, List, Optional, Sequence

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from knowledge.models import COURSES, TriageCount, VocabularyTerm
from knowledge.outcomes import UNKNOWN, week_of
from knowledge.vocabulary import course_names, label

UNKNOWN_LABEL = "Not asked"
DIMENSIONS = ("course_of_action", "content_type", "platform")
# A spreadsheet runs a cell starting with one of these as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

Cell = Optional[int]  # None: hidden, because it is below the minimum count


@dataclass(frozen=True)
class InsightRow:
    """How many recommendations of one kind were given in one week (None: hidden)."""

    week: dt.date
    course_of_action: str
    content_type: str
    platform: str
    count: Cell


@dataclass(frozen=True)
class InsightTable:
    """The counts of a scope over some weeks, with the totals the charts draw.

    Each total is ``{category value: {course: count}}`` (``by_course`` just
    ``{course: count}``); every course and every week of the period is present.
    ``labels`` gives the words to show for each dimension's values.
    """

    min_count: int
    weeks: List[dt.date]
    rows: List[InsightRow]
    by_course: Dict[str, Cell]
    by_content_type: Dict[str, Dict[str, Cell]]
    by_platform: Dict[str, Dict[str, Cell]]
    by_week: Dict[dt.date, Dict[str, Cell]]
    labels: Dict[str, Dict[str, str]]

    def series(self, by: str) -> Dict[str, Dict[str, Cell]]:
        """A total as the charts take it, with labels: ``"course"``, ``"content_type"``,
        ``"platform"`` or ``"week"`` (the week's Monday, ISO) against the courses."""
        courses = self.labels["course_of_action"]
        if by == "course":
            return {"All recommendations": {courses[c]: n for c, n in self.by_course.items()}}
        totals = {
            "content_type": self.by_content_type,
            "platform": self.by_platform,
            "week": self.by_week,
        }[by]
        return {
            self.label(by, key): {courses[c]: n for c, n in per_course.items()}
            for key, per_course in totals.items()
        }

    def label(self, dimension: str, value) -> str:
        """The words for ``value`` of ``dimension`` (a week is shown as its ISO Monday)."""
        if dimension == "week":
            return value.isoformat()
        return self.labels[dimension].get(value, value)


def insight_table(
    session: Session,
    jurisdiction_keys: Optional[Sequence[str]],
    *,
    min_count: int,
    weeks: int = 12,
    today: Optional[dt.date] = None,
) -> InsightTable:
    """The counts of the last ``weeks`` weeks (this one included) in ``jurisdiction_keys``
    (None: everywhere, for an admin; a coordinator's page passes their municipality only).

    Small counts are hidden: every row below ``min_count`` is None. The totals add up
    **only the rows shown**, never the hidden ones, so no total minus the shown rows can
    give a hidden count away. A total is therefore a floor, and it too is None when it
    is below ``min_count`` (which, as each shown row is at least ``min_count``, means
    that it rests on hidden rows only, or on none).
    """
    last_week = week_of(today or dt.date.today())
    periods = [last_week - dt.timedelta(weeks=n) for n in reversed(range(weeks))]
    query = (
        select(
            TriageCount.week,
            TriageCount.course_of_action,
            TriageCount.content_type,
            TriageCount.platform,
            func.sum(TriageCount.count),
        )
        .where(TriageCount.week >= periods[0], TriageCount.week <= last_week)
        .group_by(
            TriageCount.week,
            TriageCount.course_of_action,
            TriageCount.content_type,
            TriageCount.platform,
        )
        .order_by(
            TriageCount.week,
            TriageCount.course_of_action,
            TriageCount.content_type,
            TriageCount.platform,
        )
    )
    if jurisdiction_keys is not None:
        query = query.where(TriageCount.jurisdiction_key.in_(list(jurisdiction_keys)))
    rows = [
        InsightRow(week, course, content_type, platform, _shown(int(total), min_count))
        for week, course, content_type, platform, total in session.execute(query)
    ]
    labels = _labels(session, rows)
    courses = list(labels["course_of_action"])
    return InsightTable(
        min_count=min_count,
        weeks=periods,
        rows=rows,
        by_course={
            course: _shown(
                sum(r.count for r in rows if r.course_of_action == course and r.count), min_count
            )
            for course in courses
        },
        by_content_type=_totals(rows, "content_type", labels["content_type"], courses, min_count),
        by_platform=_totals(rows, "platform", labels["platform"], courses, min_count),
        by_week=_totals(rows, "week", periods, courses, min_count),
        labels=labels,
    )


def insights_csv(table: InsightTable) -> str:
    """The table's rows as CSV for a spreadsheet: labels, ISO dates of each week's Monday,
    and ``<5``-style text where a count is hidden."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["week", "course of action", "content type", "platform", "count"])
    for row in table.rows:
        writer.writerow(
            [
                row.week.isoformat(),
                *(_safe(table.label(d, getattr(row, d))) for d in DIMENSIONS),
                row.count if row.count is not None else f"<{table.min_count}",
            ]
        )
    return out.getvalue()


def _shown(count: int, min_count: int) -> Cell:
    return count if count >= min_count else None


def _totals(rows: List[InsightRow], by: str, keys, courses: List[str], min_count: int) -> Dict:
    """``{key: {course: total of the shown rows}}`` for every key and course given."""
    totals = {key: dict.fromkeys(courses, 0) for key in keys}
    for row in rows:
        key = getattr(row, by)
        if row.count is not None and key in totals:
            totals[key][row.course_of_action] += row.count
    return {
        key: {course: _shown(n, min_count) for course, n in per_course.items()}
        for key, per_course in totals.items()
    }


def _labels(session: Session, rows: List[InsightRow]) -> Dict[str, Dict[str, str]]:
    """Labels of the values in ``rows``: categories in the vocabulary's order, courses in
    the policy's, each course named by its EU-wide guidance title."""
    terms = list(session.scalars(select(VocabularyTerm).order_by(VocabularyTerm.id)))
    labels: Dict[str, Dict[str, str]] = {}
    for dimension in ("content_type", "platform"):
        present = {getattr(row, dimension) for row in rows}
        ordered = [t.value for t in terms if t.slot == dimension and t.value in present]
        ordered += sorted(present - set(ordered))
        labels[dimension] = {
            value: UNKNOWN_LABEL if value == UNKNOWN else label(terms, dimension, value)
            for value in ordered
        }
    extra_courses = sorted({row.course_of_action for row in rows} - set(COURSES))
    names = course_names(session)
    labels["course_of_action"] = {
        course: names.get(course, course) for course in [*COURSES, *extra_courses]
    }
    return labels


def _safe(text: str) -> str:
    """``text`` made inert for a spreadsheet (a label could start like a formula)."""
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text
