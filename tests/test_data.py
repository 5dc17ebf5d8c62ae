"""The real data package validates, loads typed, and every fault is reported in one line."""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pandas as pd
import pytest

from afghan_course import data
from afghan_course.cli import main
from afghan_course.errors import CourseErrors

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"


def test_real_package_is_valid():
    assert [e.line() for e in data.check()] == []


def test_frictionless_agrees():
    out = subprocess.run([sys.executable, "-m", "frictionless", "validate", "--json",
                          str(DATA / "datapackage.json")], capture_output=True, text=True)
    if out.returncode != 0 and "No module named frictionless.__main__" in out.stderr:
        exe = Path(sys.executable).with_name("frictionless")
        out = subprocess.run([str(exe), "validate", "--json", str(DATA / "datapackage.json")],
                             capture_output=True, text=True)
    report = json.loads(out.stdout)
    assert report["valid"], [t.get("errors") for t in report["tasks"] if not t["valid"]]


def test_counts_the_course_needs():
    assert len(data.load("events")) >= 80
    eng = data.load("engagement")
    assert eng["actor"].nunique() >= 30
    st = data.load("statements")
    assert len(st) >= 60 and st["actor"].nunique() >= 12
    assert {"taliban", "afghan-civil-society"} <= set(st["actor_type"].astype(str))
    ev = data.load("events")
    assert ev["date"].min() == pd.Timestamp("2020-02-29")
    assert ev["date"].max().year == 2026


def test_every_row_resolves_to_a_source_with_a_url():
    sources = data.load("sources").set_index("id")
    assert sources["url"].str.match(r"https?://").all()
    for name in data.open_package().names:
        df = data.load(name)
        if "source_id" in df.columns:
            assert df["source_id"].isin(sources.index).all(), name


def test_every_source_has_a_defined_tier():
    """The tier codes are defined once in datapackage.json and the column uses exactly them."""
    tiers = data.source_tiers()
    field = next(f for f in data.open_package().resource("sources")["schema"]["fields"]
                 if f["name"] == "tier")
    assert field["constraints"]["enum"] == list(tiers)
    assert all(t["label"] and len(t["definition"]) > 40 for t in tiers.values())
    src = data.load("sources")
    assert src["tier"].notna().all()
    assert set(src["tier"].astype(str)) <= set(tiers)
    # the classification follows the publisher: mirrors and Wikipedia are never ranked higher
    pub = src.set_index("id")
    assert (pub[pub["publisher"].str.contains("mirror|repost|reprint", case=False)]["tier"]
            == "mirror").all()
    assert (pub[pub["publisher"] == "Wikipedia"]["tier"] == "encyclopedia").all()
    assert (pub[pub["publisher"] == "UN Press"]["tier"] == "primary").all()


def test_an_unknown_tier_is_one_line(tmp_path):
    """A tier outside the list stops with the file, row and field named."""
    out = tmp_path / "pkg"
    shutil.copytree(DATA, out)
    path = out / "sources.csv"
    text = path.read_text(encoding="utf-8").splitlines(keepends=True)
    header = text[0].rstrip("\r\n").split(",")
    col = header.index("tier")
    row = next(csv.reader([text[1]]))
    row[col] = "blog"
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\r\n").writerow(row)
    text[1] = buf.getvalue()
    path.write_text("".join(text), encoding="utf-8")
    lines = [e.line() for e in data.check(out)]
    assert any("sources.csv" in line and "row 2" in line and "tier" in line
               and "'blog' is not one of" in line for line in lines), lines


def test_types_and_ordered_categories():
    ev = data.load("events")
    assert pd.api.types.is_datetime64_any_dtype(ev["date"])
    st = data.load("statements")
    assert st["stance"].cat.ordered and list(st["stance"].cat.categories) == data.STANCES
    assets = data.load("assets")
    assert assets["amount_usd_bn"].dtype == "float64"


def test_load_works_from_another_directory(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert len(data.load("sources")) > 100


def test_levels_on_dates():
    before = data.levels_on("2021-08-01")
    assert (before["level"] == "no_official_contact").all()
    after = data.levels_on("2025-07-03").set_index("actor")
    assert after.loc["Russia", "level"] == "formal_recognition"
    assert after.loc["China", "level"] == "ambassador_accredited"
    day_before = data.levels_on("2025-07-02").set_index("actor")
    assert day_before.loc["Russia", "level"] != "formal_recognition"
    counts = data.level_counts("2021-09-01", "2025-09-01", freq="YS")
    assert (counts.sum(axis=1) == data.load("engagement")["actor"].nunique()).all()


def test_review_lists_old_time_sensitive_rows():
    rows = data.time_sensitive_rows(timedelta(days=180), today=data.reviewed_on())
    assert not rows.empty and set(rows["table"]) <= {"assets", "humanitarian", "returns"}
    assert (rows["age_days"] > 180).all()
    none = data.time_sensitive_rows(timedelta(days=36500), today=data.reviewed_on())
    assert none.empty


def test_review_command(capsys):
    assert main(["data", "review", "--older-than", "180d"]) == 0
    out = capsys.readouterr().out
    assert "time-sensitive row" in out
    assert out.splitlines()[0] == data.as_of_line()  # both dates first, so neither is mistaken


# ---- fault fixtures: a tiny copy of the package with one fault each -------------------------

def _mini(tmp_path: Path) -> Path:
    """A two-table package (sources + events) copied from the real one, 3 events long."""
    pkg = json.loads((DATA / "datapackage.json").read_text())
    pkg["resources"] = [r for r in pkg["resources"] if r["name"] in ("sources", "events",
                                                                       "facts", "engagement")]
    out = tmp_path / "pkg"
    out.mkdir(parents=True)
    (out / "datapackage.json").write_text(json.dumps(pkg))
    shutil.copy(DATA / "sources.csv", out / "sources.csv")
    shutil.copy(DATA / "facts.csv", out / "facts.csv")
    for name in ("events", "engagement"):
        with open(DATA / f"{name}.csv", encoding="utf-8") as fh:
            rows = list(csv.reader(fh))
        with open(out / f"{name}.csv", "w", encoding="utf-8", newline="") as fh:
            csv.writer(fh).writerows(rows[:4])
    return out


def _edit(path: Path, row: int, field: str, value: str) -> None:
    with open(path, encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
        fields = list(rows[0])
    rows[row - 2][field] = value
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=fields)
        w.writeheader()
        w.writerows(rows)


FAULTS = [
    ("events", "date", "2021-02-30", "is not a date"),
    ("events", "date", "yesterday", "is not a date"),
    ("events", "source_id", "no-such-source", "is not an id in sources.csv"),
    ("events", "topic", "gossip", "is not one of"),
    ("events", "extra_source_ids", "also-missing", "is not an id in sources.csv"),
    ("events", "fact_ids", "F999", "is not an id in facts.csv"),
    ("events", "title", "", "is required but empty"),
    ("engagement", "step", "best_friends", "is not one of"),
    ("events", "id", "E001", "duplicate key"),
]


@pytest.mark.parametrize("table,field,value,reason", FAULTS)
def test_each_fault_is_one_line_with_file_row_field_reason(tmp_path, table, field, value,
                                                            reason):
    pkg = _mini(tmp_path)
    assert data.check(pkg) == []
    _edit(pkg / f"{table}.csv", 3, field, value)
    errors = data.check(pkg)
    assert errors, "fault not detected"
    line = errors[0].line()
    assert f"{table}.csv" in line and "row 3" in line and reason in line
    assert f"field {field}" in line or field == "id"
    assert "\n" not in line and "Traceback" not in line


def test_amount_not_a_number(tmp_path):
    pkg = json.loads((DATA / "datapackage.json").read_text())
    pkg["resources"] = [r for r in pkg["resources"] if r["name"] in ("sources", "assets")]
    out = tmp_path / "p"
    out.mkdir()
    (out / "datapackage.json").write_text(json.dumps(pkg))
    shutil.copy(DATA / "sources.csv", out / "sources.csv")
    shutil.copy(DATA / "assets.csv", out / "assets.csv")
    _edit(out / "assets.csv", 2, "amount_usd_bn", "$9.4bn")
    line = data.check(out)[0].line()
    assert "assets.csv: row 2: field amount_usd_bn: '$9.4bn' is not a number" in line


def test_load_refuses_bad_rows_with_clear_message(tmp_path):
    pkg = _mini(tmp_path)
    _edit(pkg / "events.csv", 2, "date", "2021-13-01")
    with pytest.raises(CourseErrors) as exc:
        data.load("events", pkg)
    assert "events.csv: row 2: field date" in str(exc.value)


def test_bad_header_and_ragged_row(tmp_path):
    pkg = _mini(tmp_path)
    text = (pkg / "events.csv").read_text(encoding="utf-8").replace("summary", "summry", 1)
    (pkg / "events.csv").write_text(text, encoding="utf-8")
    assert "header does not match the schema" in data.check(pkg)[0].line()
    pkg2 = _mini(tmp_path / "b")
    with open(pkg2 / "events.csv", "a", encoding="utf-8") as fh:
        fh.write("E999,2021-01-01\n")
    assert "different number" in data.check(pkg2)[0].line()


def test_duplicate_fact_detected(tmp_path):
    pkg = _mini(tmp_path)
    with open(pkg / "events.csv", encoding="utf-8") as fh:
        rows = list(csv.reader(fh))
    dup = list(rows[1])
    dup[0] = "E900"
    rows.append(dup)
    with open(pkg / "events.csv", "w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows(rows)
    assert any("repeats row 2" in e.line() for e in data.check(pkg))


def test_check_command_exit_codes(tmp_path, capsys):
    pkg = _mini(tmp_path)
    assert main(["data", "check", "--data", str(pkg)]) == 0
    _edit(pkg / "events.csv", 2, "date", "soon")
    assert main(["data", "check", "--data", str(pkg)]) == 1
    err = capsys.readouterr().err
    assert "events.csv: row 2: field date: 'soon' is not a date" in err
    assert "Traceback" not in err


def test_every_topic_defines_its_question_and_stances():
    pkg = data.open_package()
    topics = pkg.descriptor["x-topics"]
    fields = {f["name"]: f for f in pkg.resource("statements")["schema"]["fields"]}
    assert set(fields["topic"]["constraints"]["enum"]) == set(topics)
    for name, t in topics.items():
        assert t["question"].endswith("?"), name
        for stance in data.STANCES:
            assert len(t[stance]) > 20, (name, stance)


def test_actor_groups_are_defined_and_match_the_speakers():
    pkg = data.open_package()
    groups = pkg.descriptor["x-actor-groups"]
    fields = {f["name"]: f for f in pkg.resource("statements")["schema"]["fields"]}
    assert fields["actor_group"]["constraints"]["enum"] == list(groups)
    st = data.load("statements")
    group = st["actor_group"].astype(str)
    # The Taliban's own voice and nothing else is the authorities' group.
    assert ((st["actor_type"].astype(str) == "taliban") == (group == "afghan-authorities")).all()
    # Malala Yousafzai is Pakistani: never an Afghan voice.
    afghan = {g for g, d in groups.items() if d["afghan"]}
    malala = st[st["speaker"].str.contains("Malala")]
    assert len(malala) and not malala["actor_group"].astype(str).isin(afghan).any()
    # Koofi, Karzai and Ahmady are former Republic office holders, not civil society inside.
    for name in ("Koofi", "Karzai", "Ahmady"):
        rows = st[st["speaker"].str.contains(name)]
        assert len(rows) and (rows["actor_group"].astype(str) == "afghan-exiles").all(), name


def test_every_statement_outlet_is_described_and_sourced():
    outlets = data.load("outlets").set_index("id")
    st = data.load("statements")
    assert st["outlet_id"].isin(outlets.index).all()
    expected = {
        "state-media": {"TASS", "Sputnik", "Xinhua", "Radio Television Afghanistan (RTA)"},
        "exile-media": {"Afghanistan International", "Amu TV", "Hasht-e Subh (8am)"},
        "wire": {"Agence France-Presse (AFP)", "Associated Press (AP)", "Reuters"},
    }
    for kind, names in expected.items():
        have = set(outlets[outlets["kind"].astype(str) == kind]["name"])
        assert names <= have, (kind, names - have)
