"""Currency: the review log covers every month and topic, rows only a later report dates say
so, and the pages print the newest evidence date next to the review date."""

from __future__ import annotations

import csv
import json
import re
import shutil
from datetime import date
from pathlib import Path

import pandas as pd

from afghan_course import currency, data, timeline

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"


def _copy_data(tmp_path: Path) -> Path:
    out = tmp_path / "data"
    shutil.copytree(DATA, out)
    return out


def _rewrite(path: Path, keep) -> None:
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, lineterminator="\n").writerows([rows[0]] + [r for r in rows[1:] if keep(r)])


def test_the_log_covers_every_month_and_topic_and_names_real_rows():
    assert currency.check_log() == []
    rows = currency.read_log()
    cells = {(r["month"], r["topic"]) for r in rows}
    assert len(currency.months()) == 9
    for month in currency.months():
        for topic in currency.TOPICS:
            assert (month, topic) in cells


def test_a_missing_month_or_an_unknown_row_id_is_one_line_each(tmp_path):
    folder = _copy_data(tmp_path)
    log = currency.log_path(folder)
    _rewrite(log, lambda r: not (r[0] == "2025-11" and r[1] == "UN track"))
    errors = currency.check_log(folder)
    assert [e.line() for e in errors] == [
        f"{log}: no row for 2025-11 and topic 'UN track'"]
    with log.open("a", encoding="utf-8") as fh:
        fh.write("2025-11,UN track,some query,something,E999,,2026-12-04\n")
    lines = [e.line() for e in currency.check_log(folder)]
    assert len(lines) == 1 and "field added_row_ids: E999 is not an id in events.csv" in lines[0]


def test_a_bad_log_header_is_reported_not_raised(tmp_path):
    folder = _copy_data(tmp_path)
    log = currency.log_path(folder)
    log.write_text("month,topic\n2025-08,UN track\n", encoding="utf-8")
    (error,) = currency.check_log(folder)
    assert "header must be month, topic, query" in error.line()


def test_months_cross_the_year_end():
    assert currency.months("2025-11", "2026-02") == ["2025-11", "2025-12", "2026-01", "2026-02"]


def test_evidence_date_is_the_newest_dated_row_and_moves_with_the_data(tmp_path):
    newest = max(
        data.load(res["name"])[f["name"]].max()
        for res in data.open_package().descriptor["resources"] if res["name"] != "sources"
        for f in res["schema"]["fields"] if f.get("type") == "date")
    assert data.evidence_up_to() == newest.date()
    assert data.evidence_up_to() < data.reviewed_on()
    folder = _copy_data(tmp_path)
    with (folder / "events.csv").open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    later = dict(rows[-1], id="E299", title="A later test event", date="2026-05-02")
    with (folder / "events.csv").open("a", encoding="utf-8", newline="") as fh:
        csv.DictWriter(fh, fieldnames=list(rows[0]), lineterminator="\n").writerow(later)
    assert data.evidence_up_to(folder) == date(2026, 5, 2)


def test_as_of_line_names_both_dates():
    line = data.as_of_line()
    ev, rev = data.evidence_up_to(), data.reviewed_on()
    assert line == (f"Evidence up to {ev.day} {ev:%B} {ev.year}; "
                    f"reviewed on {rev.day} {rev:%B} {rev.year}.")
    assert data.as_of_text().startswith("evidence up to ")


def test_reported_on_may_not_precede_the_date_it_reports(tmp_path):
    folder = _copy_data(tmp_path)
    with (folder / "assets.csv").open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    rows[0]["reported_on"] = "2020-01-01"
    with (folder / "assets.csv").open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(rows[0]), lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    lines = [e.line() for e in data.check(folder)]
    assert lines == ["data/assets.csv: row 2: field reported_on: reported on 2020-01-01, "
                     "before its as_of 2021-04-30"] or any(
        line.endswith("assets.csv: row 2: field reported_on: reported on 2020-01-01, before "
                      "its as_of 2021-04-30") for line in lines)


def test_reported_on_is_typed_and_set_where_only_a_report_dates_the_row():
    events = data.load("events").set_index("id")
    assets = data.load("assets").set_index("id")
    assert pd.api.types.is_datetime64_any_dtype(events["reported_on"])
    # the rows the audit found: a ruling dated by the analysis that reported it, a transfer
    # dated by the article that reported it, an order reported weeks after it was issued
    assert assets.loc["A022", "reported_on"] == pd.Timestamp("2025-09-02")
    assert events.loc["E117", "reported_on"] == pd.Timestamp("2025-09-02")
    assert events.loc["E201", "date_precision"] == "month"
    assert events.loc["E201", "reported_on"] > events.loc["E201", "date"]
    for table in (events, assets):
        assert table["reported_on"].notna().sum() >= 4


def test_timeline_says_when_only_a_report_dates_an_event():
    events = data.load("events")
    html = timeline.events_table_html(events[events["id"].isin(["E117", "E118"])])
    row117 = re.search(r'<tr data-id="E117".*?</tr>', html, re.S).group(0)
    row118 = re.search(r'<tr data-id="E118".*?</tr>', html, re.S).group(0)
    assert "no source gives its own date; reported 2 September 2025" in row117
    assert "reported" not in row118.split("<details>")[0]


def test_the_landing_page_states_the_data_horizon_computed_from_the_data():
    import sys
    sys.path.insert(0, str(ROOT / "book" / "_ext"))
    from course_book import data_substitutions

    intro = (ROOT / "book" / "intro.md").read_text(encoding="utf-8")
    assert "{{ evidence_up_to }}" in intro and "{{ reviewed_on }}" in intro
    ev = data.evidence_up_to()
    subs = data_substitutions()
    assert subs["evidence_up_to"] == f"{ev.day} {ev:%B} {ev.year}"
    assert subs["data_horizon"] == data.as_of_text()


def test_chapters_print_the_evidence_date_wherever_they_print_a_review_date():
    for nb_path in sorted((ROOT / "book").rglob("*.ipynb")):
        if "_build" in nb_path.parts:
            continue
        nb = json.loads(nb_path.read_text(encoding="utf-8"))
        for cell in nb["cells"]:
            if cell["cell_type"] != "code":
                continue
            src = "".join(cell["source"])
            if "reviewed_on()" in src and "print(" in src:
                assert "as_of" in src, f"{nb_path.name}: prints the review date without the " \
                                       f"evidence date"
