"""The static exercise: documents side by side, prompts and a claims grid, as plain HTML.

Everything reads with JavaScript off. ``afghan-course.js`` finds each ``.ac-exercise``,
restores the learner's grid from localStorage (the same results document as the quizzes),
saves every change and adds the download and reset buttons. Instructor content (model
answer, rubric, the key of claim kinds) is left out unless ``instructor=True``.
"""

from __future__ import annotations

import math
from datetime import date, datetime

from ..markup import esc, json_for_script, md, md_inline, source_list_html
from ..quiz.render_html import rubric_html
from .loader import Context
from .model import GRID_COLUMNS, HEURISTICS, KINDS, ExerciseSet, claim_field

CHOOSE = "Choose…"
LOOKUP_FIELDS = ("title", "statement", "summary", "description", "figure")


def _blank(value) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value)) or value == ""


def format_date(value, precision: str | None = "day") -> str:
    """A table date as text at its precision: ``13 February 2022``, ``February 2022``, ``2022``."""
    if _blank(value):
        return ""
    if isinstance(value, str):
        try:
            value = date.fromisoformat(value[:10])
        except ValueError:  # free-text dates in facts.csv ("n/a (standing)") are shown as is
            return value
    if isinstance(value, datetime):
        value = value.date()
    if precision == "year":
        return f"{value.year}"
    if precision == "month":
        return f"{value:%B} {value.year}"
    return f"{value.day} {value:%B} {value.year}"


def _sources(row: dict) -> list[str]:
    ids = [row.get("source_id")] + str(row.get("extra_source_ids") or "").split(";")
    return [i.strip() for i in ids if not _blank(i) and isinstance(i, str) and i.strip()]


def speaker_line(st: dict) -> str:
    """``speaker (actor)``, without repeating the actor when the speaker names it."""
    speaker, actor = str(st.get("speaker") or ""), str(st.get("actor") or "")
    return speaker if not actor or actor.lower() in speaker.lower() else f"{speaker} ({actor})"


def lookup_html(row: dict | None, sources: dict[str, dict]) -> str:
    """The key fields of one ``data/`` row (title, summary or description, date, sources)."""
    if row is None:
        return "<p>This row is no longer in the course data.</p>"
    parts = []
    for key in LOOKUP_FIELDS:
        if not _blank(row.get(key)):
            tag = "strong" if key == "title" else "span"
            parts.append(f"<p><{tag}>{esc(row[key])}</{tag}></p>")
    when = format_date(row.get("date"), row.get("date_precision") or "day")
    meta = [f"Date: {esc(when)}"] if when else []
    for key in ("actor", "actors"):
        if not _blank(row.get(key)):
            meta.append(f"{key.capitalize()}: {esc(row[key])}")
    if meta:
        parts.append(f'<p class="ac-meta">{" · ".join(meta)}</p>')
    parts.append(f'<p>Row {esc(row.get("id", ""))}. Sources:</p>'
                 f"{source_list_html(_sources(row), sources)}")
    return "".join(parts)


def lookup_details(check, ctx: Context) -> str:
    """A collapsed "Look it up" block for a claim's ``check`` row ("" when it has none)."""
    if check is None:
        return ""
    return ('<details class="ac-lookup"><summary>Look it up</summary>'
            f"{lookup_html(ctx.rows.get((check.table, check.id)), ctx.sources)}</details>")


def outlet_line(st: dict, ctx: Context) -> str:
    """Who carried the statement, from the outlets table: the same caution for every source."""
    o = ctx.outlets.get(str(st.get("outlet_id", "")))
    if not o:
        return ""
    kind = str(o.get("kind", "")).replace("-", " ")
    return (f'<p class="ac-doc-outlet ac-meta">Carried by {esc(o.get("name", ""))} ({esc(kind)}; '
            f'owner or funder: {esc(o.get("owner_or_funder", ""))}). Weigh the outlet as you '
            "weigh the speaker.</p>")


def documents_html(ex: ExerciseSet, ctx: Context) -> str:
    """The documents side by side: speaker, date, text (quoted or marked paraphrase), source."""
    cards = []
    for n, d in enumerate(ex.documents, start=1):
        st = ctx.statements.get(d.statement, {})
        text = esc(st.get("text", ""))
        if st.get("text_kind") == "excerpt":
            body = f'<blockquote class="ac-doc-text"><p>{text}</p></blockquote>'
        else:
            body = (f'<p class="ac-doc-text ac-paraphrase"><em>Paraphrase:</em> {text}</p>')
        when = format_date(st.get("date"), st.get("date_precision"))
        note = f'<div class="ac-doc-note">{md(d.note)}</div>' if d.note else ""
        cards.append(
            f'<article class="ac-doc" data-statement="{esc(d.statement)}">'
            f'<p class="ac-doc-head"><strong>Document {n}: {esc(speaker_line(st))}</strong></p>'
            f'<p class="ac-meta">{esc(when)} · {esc(d.statement)}</p>{body}{note}'
            f'<div class="ac-doc-source">Source:{source_list_html(_sources(st), ctx.sources)}'
            f"</div>{outlet_line(st, ctx)}</article>")
    return '<div class="ac-docs">' + "".join(cards) + "</div>"


def prompts_html(ex: ExerciseSet) -> str:
    """The reading prompts, grouped by heuristic."""
    groups = []
    for key, label in HEURISTICS.items():
        items = "".join(f"<li>{md_inline(p)}</li>" for p in getattr(ex.prompts, key))
        groups.append(f'<div class="ac-prompt-group" data-heuristic="{key}">'
                      f"<p><strong>{label}</strong></p><ul>{items}</ul></div>")
    return ('<div class="ac-prompts"><p><strong>Questions to ask of the documents</strong></p>'
            + "".join(groups) + "</div>")


def sac_html(ex: ExerciseSet) -> str:
    """The Structured Academic Controversy plan, if the set has one."""
    if ex.sac is None:
        return ""
    roles = "".join(f"<li><strong>{esc(r.name)}</strong>: {md_inline(r.brief)}</li>"
                    for r in ex.sac.roles)
    steps = "".join(f"<li>{s.minutes} min: {md_inline(s.activity)}</li>" for s in ex.sac.steps)
    total = sum(s.minutes for s in ex.sac.steps)
    return (f'<details class="ac-sac"><summary>In class: structured academic controversy '
            f"({total} minutes)</summary><p>Roles:</p><ul>{roles}</ul><p>Steps:</p>"
            f"<ol>{steps}</ol></details>")


def _label(dom: str, text: str) -> str:
    return f'<label class="ac-visually-hidden" for="{dom}">{esc(text)}</label>'


def grid_html(ex: ExerciseSet, ctx: Context, dom: str) -> str:
    """The grid: a row per document, its claims to classify and three columns to write in."""
    heads = "".join(f'<th scope="col">{esc(h)}</th>' for h in GRID_COLUMNS.values())
    options = f'<option value="">{CHOOSE}</option>' + "".join(
        f'<option value="{k}">{esc(v)}</option>' for k, v in KINDS.items())
    rows = []
    for n, d in enumerate(ex.documents, start=1):
        st = ctx.statements.get(d.statement, {})
        claims = []
        for m, c in enumerate(d.claims, start=1):
            field = claim_field(d, m)
            cid = f"{dom}-{field}"
            lookup = lookup_details(c.check, ctx)
            claims.append(
                f'<li class="ac-claim"><label class="ac-claim-text" for="{cid}">'
                f"{md_inline(c.text)}</label> "
                f'<select id="{cid}" class="ac-select" data-field="{field}">{options}</select>'
                f"{lookup}</li>")
        cells = []
        for suffix, heading in GRID_COLUMNS.items():
            field = f"{d.statement}-{suffix}"
            cid = f"{dom}-{field}"
            cells.append(f"<td>{_label(cid, f'{heading} (document {n})')}"
                         f'<textarea id="{cid}" class="ac-textarea" data-field="{field}" '
                         f'rows="3" maxlength="4000"></textarea></td>')
        rows.append(f'<tr data-statement="{esc(d.statement)}"><th scope="row">Document {n}: '
                    f"{esc(speaker_line(st))}</th>"
                    f'<td><ol class="ac-claims">{"".join(claims)}</ol></td>{"".join(cells)}</tr>')
    return (f'<table class="ac-grid"><caption>For each document: is each claim a fact, an '
            "interpretation or a value judgement? What interests lie behind it, what evidence "
            "does it offer, and what other claims do you notice?</caption>"
            f'<thead><tr><th scope="col">Document</th><th scope="col">Claims mapped</th>{heads}'
            f"</tr></thead><tbody>{''.join(rows)}</tbody></table>")


def instructor_html(ex: ExerciseSet) -> str:
    """Model answer, rubric and the key of claim kinds, for the instructor's copy."""
    key = []
    for n, d in enumerate(ex.documents, start=1):
        for m, c in enumerate(d.claims, start=1):
            key.append(f"<li>Document {n}, claim {m}: {md_inline(c.text)} — "
                       f"<strong>{esc(KINDS[c.kind])}</strong></li>")
    return (f'<details class="ac-instructor"><summary>Instructor: model answer, rubric and key'
            f"</summary>{rubric_html(ex.model_answer, ex.rubric)}"
            f'<p>Key of claim kinds:</p><ul class="ac-claim-key">{"".join(key)}</ul></details>')


def render_exercise_html(ex: ExerciseSet, ctx: Context, instructor: bool = False,
                         dom_id: str | None = None) -> str:
    """HTML for exercise *ex*; ``dom_id`` keeps element ids unique on a page."""
    dom = dom_id or f"ace-{ex.id}"
    context = f'<div class="ac-context">{md(ex.context)}</div>' if ex.context else ""
    parts = [
        f'<div class="ac-exercise" id="{esc(dom)}" data-exercise="{esc(ex.id)}" '
        f'data-chapter="{esc(ex.record_chapter)}">',
        f'<p class="ac-exercise-title"><strong>Perspectives: {esc(ex.title)}</strong> '
        f"({len(ex.documents)} documents)</p>",
        f'<p class="ac-central-question"><strong>Central question:</strong> '
        f"{md_inline(ex.central_question)}</p>",
        context,
        '<p class="ac-live-note"><strong>This is the stored copy of the exercise: run this '
        "cell to fill in the grid here.</strong> Your saved grid comes back when it runs.</p>",
        '<p class="ac-noscript" hidden="hidden">Saving your grid in this browser needs JavaScript; '
        "the documents, prompts and grid read without it.</p>",
        documents_html(ex, ctx),
        prompts_html(ex),
        grid_html(ex, ctx, dom),
        sac_html(ex),
        '<div class="ac-exercise-actions" hidden="hidden">'
        '<button type="button" class="ac-download">'
        'Download my results</button> <button type="button" class="ac-reset ac-secondary">'
        'Reset</button> <span class="ac-status" role="status" aria-live="polite"></span></div>',
    ]
    if instructor and ex.edition != "student":
        parts.append(instructor_html(ex))
    data = {"id": ex.id, "chapter": ex.record_chapter, "fields": ex.fields()}
    parts.append(f'<script type="application/json" class="ac-exercise-data">'
                 f"{json_for_script(data)}</script></div>")
    return "".join(parts)
