"""The offline marking sheet: what machines cannot mark, marked by the instructor in a browser.

``afghan-course marking RESULTS... --out DIR`` writes ``DIR/marking.html``, one self-contained
page (its CSS and JS inline, no network). For every open question and every exercise set that
learners answered, it shows each learner's answer beside the model answer and the rubric. The
instructor picks a level per criterion (each level carries the points the bank or exercise set
declares) and writes a comment; the page keeps the work in the browser as it goes and
downloads a marks file (:mod:`afghan_course.marks`) that ``gradebook`` and ``feedback`` read.
"""

from __future__ import annotations

import hashlib
from datetime import date
from pathlib import Path

from .gradebook import Gradebook, Learner
from .marks import FORMAT, VERSION
from .markup import esc, json_for_script, md
from .perspectives.model import GRID_COLUMNS, KINDS, claim_field

SHEET = "marking.html"

_CSS = """
body{font-family:system-ui,sans-serif;line-height:1.45;margin:0 auto;max-width:72rem;padding:1rem;
color:#1a1a1a;background:#fff}
header.bar{position:sticky;top:0;background:#f4f4f4;border-bottom:2px solid #555;padding:.5rem;
z-index:1;display:flex;gap:1rem;align-items:center;flex-wrap:wrap}
section.item{border-top:3px solid #0072B2;margin-top:2rem;padding-top:.5rem}
.key{background:#fffbe6;border:1px solid #b38f00;padding:.5rem 1rem}
article.answer{border:1px solid #888;border-radius:4px;margin:1rem 0;padding:.5rem 1rem;
display:grid;grid-template-columns:1fr 1fr;gap:1rem}
article.answer h3{grid-column:1/-1;margin:.2rem 0}
.learner-text{white-space:pre-wrap;background:#f7f7f7;border-left:4px solid #555;padding:.5rem;
margin:0}
fieldset{border:1px solid #aaa;margin:0 0 .5rem}
legend{font-weight:600}
label{display:block;margin:.15rem 0}
textarea{width:100%;min-height:4rem;font:inherit}
.total{font-weight:700}
table{border-collapse:collapse}td,th{border:1px solid #999;padding:.2rem .4rem;vertical-align:top;
text-align:left}
button{font:inherit;padding:.3rem .8rem}
:focus-visible{outline:3px solid #D55E00;outline-offset:2px}
@media print{header.bar{position:static}article.answer{break-inside:avoid}}
"""

_JS = r"""
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("ac-marking-data").textContent);
  var store = "afghan-course-marking:" + data.sheet;
  var saved = {};
  try { saved = JSON.parse(localStorage.getItem(store) || "{}") || {}; } catch (e) { saved = {}; }
  var status = document.getElementById("ac-status");
  function articles() {
    return Array.prototype.slice.call(document.querySelectorAll("article.answer"));
  }
  function state(a) {
    var crit = [], complete = true, earned = 0;
    a.querySelectorAll("fieldset.criterion").forEach(function (fs) {
      var picked = fs.querySelector("input:checked");
      if (!picked) { complete = false; return; }
      var pts = parseFloat(picked.getAttribute("data-points"));
      earned += pts;
      crit.push({ criterion: fs.getAttribute("data-criterion"), level: parseInt(picked.value, 10),
                  level_text: picked.getAttribute("data-level"), points: pts,
                  max_points: parseFloat(fs.getAttribute("data-max")) });
    });
    return { complete: complete, criteria: crit, earned: earned,
             comment: a.querySelector("textarea").value };
  }
  function update(a) {
    var s = state(a), possible = parseFloat(a.getAttribute("data-possible"));
    a.querySelector(".total").textContent = s.complete ? (s.earned + " of " + possible + " points")
      : ("not fully marked (" + s.criteria.length + " of " +
         a.querySelectorAll("fieldset.criterion").length + " criteria)");
    return s;
  }
  function summary() {
    var all = articles(), done = all.filter(function (a) { return state(a).complete; }).length;
    status.textContent = done + " of " + all.length + " answers fully marked";
  }
  function persist() {
    var out = {};
    articles().forEach(function (a) { out[a.id] = state(a); });
    try { localStorage.setItem(store, JSON.stringify(out)); }
    catch (e) {
      status.textContent = "Marks cannot be kept in this browser: download them now.";
      return;
    }
    summary();
  }
  articles().forEach(function (a) {
    var pre = saved[a.id] || JSON.parse(a.getAttribute("data-prefill") || "null");
    if (pre) {
      (pre.criteria || []).forEach(function (c) {
        a.querySelectorAll("fieldset.criterion").forEach(function (fs) {
          if (fs.getAttribute("data-criterion") !== c.criterion) return;
          var r = fs.querySelector('input[value="' + c.level + '"]');
          if (r) r.checked = true;
        });
      });
      a.querySelector("textarea").value = pre.comment || "";
    }
    update(a);
    a.addEventListener("change", function () { update(a); persist(); });
    a.addEventListener("input", function () { update(a); persist(); });
  });
  summary();
  document.getElementById("ac-download").addEventListener("click", function () {
    var marks = [], partly = 0, now = new Date().toISOString().replace(/\.\d{3}Z$/, "+00:00");
    articles().forEach(function (a) {
      var s = state(a);
      if (!s.complete) { if (s.criteria.length || s.comment) partly++; return; }
      marks.push({ learner_id: a.getAttribute("data-learner-id"),
        learner: a.getAttribute("data-learner"),
        kind: a.getAttribute("data-kind"), chapter: a.getAttribute("data-chapter"),
        item: a.getAttribute("data-item"), criteria: s.criteria, earned: s.earned,
        possible: parseFloat(a.getAttribute("data-possible")), comment: s.comment,
        answer_time: a.getAttribute("data-answer-time"), time: now });
    });
    var doc = { format: data.format, version: data.version, sheet: data.sheet, marks: marks };
    var blob = new Blob([JSON.stringify(doc, null, 1)], { type: "application/json" });
    var link = document.createElement("a");
    link.href = URL.createObjectURL(blob);
    link.download = "afghan-course-marks_" + now.slice(0, 10) + ".json";
    document.body.appendChild(link); link.click();
    setTimeout(function () { URL.revokeObjectURL(link.href); link.remove(); }, 0);
    status.textContent = marks.length + " mark(s) downloaded" +
      (partly ? "; " + partly + " partly marked answer(s) left out until every criterion " +
       "has a level" : "");
  });
})();
"""


def _rubric_table(rubric) -> str:
    rows = "".join(
        f"<tr><th scope='row'>{esc(c.criterion)}</th>" + "".join(
            f"<td>{esc(level)} <strong>({p:g})</strong></td>"
            for level, p in zip(c.levels, c.level_points, strict=True)) + "</tr>"
        for c in rubric)
    return f"<table class='rubric'><caption>Rubric (points per level)</caption>{rows}</table>"


def _controls(dom: str, rubric) -> str:
    out = []
    for n, c in enumerate(rubric):
        radios = "".join(
            f"<label><input type='radio' name='{dom}-c{n}' value='{i}' data-points='{p:g}' "
            f"data-level='{esc(level)}'> {esc(level)} ({p:g} points)</label>"
            for i, (level, p) in enumerate(zip(c.levels, c.level_points, strict=True)))
        out.append(f"<fieldset class='criterion' data-criterion='{esc(c.criterion)}' "
                   f"data-max='{c.max_points:g}'><legend>{esc(c.criterion)}</legend>{radios}"
                   "</fieldset>")
    return "".join(out)


def _prefill(mark) -> str:
    if mark is None:
        return "null"
    return esc(json_for_script({"criteria": mark.criteria, "comment": mark.comment}))


def _article(dom: str, lr: Learner, kind: str, chapter: str, item: str, answer_html: str,
             rubric, answer_time: str, mark) -> str:
    possible = sum(c.max_points for c in rubric)
    return (f"<article class='answer' id='{dom}' data-learner-id='{esc(lr.learner_id)}' "
            f"data-learner='{esc(lr.name)}' data-kind='{kind}' data-chapter='{esc(chapter)}' "
            f"data-item='{esc(item)}' data-answer-time='{esc(answer_time)}' "
            f"data-possible='{possible:g}' data-prefill='{_prefill(mark)}'>"
            f"<h3>{esc(lr.label)}</h3><div>{answer_html}</div>"
            f"<div>{_controls(dom, rubric)}<label>Comment for the learner"
            f"<textarea name='{dom}-comment'></textarea></label>"
            f"<p>Total: <output class='total'></output></p></div></article>")


def _grid_html(exercise, answer: dict) -> str:
    rows = []
    for n, d in enumerate(exercise.documents, start=1):
        picks = [answer.get(claim_field(d, m)) for m in range(1, len(d.claims) + 1)]
        claims = "".join(
            f"<li>{esc(c.text)}: <strong>{esc(KINDS.get(p or '', '') or p or 'not classified')}"
            f"</strong> (key: {esc(KINDS.get(c.kind or '', '?'))})</li>"
            for c, p in zip(d.claims, picks, strict=True))
        cols = "".join(f"<td class='learner-text'>{esc(answer.get(f'{d.statement}-{k}', ''))}</td>"
                       for k in GRID_COLUMNS)
        rows.append(f"<tr><th scope='row'>{n}. {esc(d.statement)}</th><td><ol>{claims}</ol></td>"
                    f"{cols}</tr>")
    head = "".join(f"<th scope='col'>{esc(v)}</th>" for v in GRID_COLUMNS.values())
    return (f"<table><tr><th scope='col'>Document</th><th scope='col'>Claims: the learner's "
            f"kind</th>{head}</tr>{''.join(rows)}</table>")


def _open_text(a) -> tuple[str, str]:
    ans = a.record.get("answer")
    text = ans.get("text", "") if isinstance(ans, dict) else (ans or "")
    rating = ans.get("self_assessment") if isinstance(ans, dict) else None
    return str(text), (f"<p>The learner's own rating: <strong>{esc(rating)}</strong></p>"
                       if rating else "")


def write_sheet(book: Gradebook, out: str | Path) -> tuple[Path, int]:
    """Write the marking sheet for *book* into the folder *out*; return (path, answers)."""
    from .gradebook import full_banks
    from .perspectives.loader import all_exercises

    banks = full_banks()
    exercises = {e.id: e for e in all_exercises()}
    sections, count = [], 0
    for chapter, bank in banks.items():
        for q in bank.questions:
            if q.type != "open":
                continue
            arts = []
            for lr in book.learners:
                a = lr.answers.get(chapter, {}).get(q.id)
                if a is None:
                    continue
                text, rating = _open_text(a)
                dom = "m-" + hashlib.sha1(f"{lr.key}|{chapter}|{q.id}".encode()).hexdigest()[:12]
                arts.append(_article(dom, lr, "quiz", chapter, q.id,
                                     f"<p class='learner-text'>{esc(text) or '(no text)'}</p>"
                                     f"{rating}", q.rubric, a.record["time"], a.mark))
            if arts:
                count += len(arts)
                sections.append(
                    f"<section class='item' id='q-{esc(chapter)}-{esc(q.id)}'>"
                    f"<h2>{esc(bank.title)} · {esc(q.id)} ({q.points:g} points in the quiz)</h2>"
                    f"{md(q.prompt)}<div class='key'><h4>Model answer</h4>{md(q.model_answer)}"
                    f"{_rubric_table(q.rubric)}</div>{''.join(arts)}</section>")
    for eid, ex in exercises.items():
        arts = []
        for lr in book.learners:
            if eid not in lr.exercises:
                continue
            rec, mark = lr.exercises[eid]
            answer = rec.get("answer") if isinstance(rec.get("answer"), dict) else {}
            dom = "m-" + hashlib.sha1(f"{lr.key}|exercise|{eid}".encode()).hexdigest()[:12]
            arts.append(_article(dom, lr, "exercise", rec["chapter"], eid,
                                 _grid_html(ex, answer), ex.rubric or [], rec["time"], mark))
        if arts:
            count += len(arts)
            sections.append(
                f"<section class='item' id='x-{esc(eid)}'><h2>Exercise: {esc(ex.title)}</h2>"
                f"{md(ex.central_question)}<div class='key'><h4>Model answer</h4>"
                f"{md(ex.model_answer or '')}{_rubric_table(ex.rubric or [])}</div>"
                f"{''.join(arts)}</section>")
    sheet = hashlib.sha1("|".join(sorted(lr.key for lr in book.learners)).encode()
                         ).hexdigest()[:12]
    data = {"format": FORMAT, "version": VERSION, "sheet": sheet}
    body = "".join(sections) or "<p>No open answers or exercise grids in these files.</p>"
    page = (
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
        "<meta name='viewport' content='width=device-width, initial-scale=1'>"
        "<link rel='icon' href='data:,'>"
        f"<title>Marking sheet: Afghanistan after 2021 ({date.today().isoformat()})</title>"
        f"<style>{_CSS}</style></head><body>"
        "<header class='bar'><strong>Marking sheet</strong>"
        "<button type='button' id='ac-download'>Download marks file</button>"
        "<span id='ac-status' role='status' aria-live='polite'></span></header><main>"
        f"<h1>Marking sheet: {len(book.learners)} learner(s), {count} answer(s)</h1>"
        "<p>For each answer pick one level per criterion and add a comment. Your choices are "
        "kept in this browser as you go; <strong>Download marks file</strong> saves every fully "
        "marked answer, for <code>afghan-course gradebook RESULTS... MARKS.json</code> and "
        "<code>afghan-course feedback</code>.</p>"
        f"{body}</main>"
        f"<script type='application/json' id='ac-marking-data'>{json_for_script(data)}</script>"
        f"<script>{_JS}</script></body></html>")
    path = Path(out) / SHEET
    path.write_text(page, encoding="utf-8")
    return path, count
