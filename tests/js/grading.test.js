// The book's grader against the shared conformance table (tests/grading-cases.json), the
// same table tests/test_grading_conformance.py runs against quiz/grading.py.
// Run with: node --test tests/js/
"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const fs = require("fs");
const path = require("path");
const g = require(path.join(__dirname, "..", "..", "src", "afghan_course", "static", "afghan-course.js"));
const table = JSON.parse(fs.readFileSync(path.join(__dirname, "..", "grading-cases.json"), "utf8"));

// The page key as quiz/render_html.py's _key writes it (the differential test uses the real one).
function pageKey(spec) {
  const k = { id: "q", type: spec.type, objective: "T-1", points: 1 };
  const t = spec.type;
  if (t === "single" || t === "multiple") {
    k.answer = spec.answer; k.feedback = {};
    spec.options.forEach((o) => { k.feedback[o] = "about " + o; });
  } else if (t === "truefalse") {
    k.answer = spec.answer; k.feedback = { True: "t", False: "f" };
  } else if (t === "numeric") {
    Object.assign(k, { answer: spec.answer, tolerance: spec.tolerance, unit: spec.unit,
      feedback: { correct: "yes", incorrect: "no" } });
  } else if (t === "ordering") {
    k.answer = spec.items.slice();
  } else if (t === "matching") {
    k.answer = {}; spec.pairs.forEach(([l, r]) => { k.answer[l] = r; });
  } else if (t === "short") {
    k.answer = spec.answers.slice(); k.feedback = { correct: "yes", incorrect: "no" };
  }
  return k;
}

test("the conformance table covers every question type", () => {
  const types = new Set(table.cases.map((c) => table.questions[c.question].type));
  assert.deepEqual([...types].sort(), ["matching", "multiple", "numeric", "open", "ordering", "short", "single", "truefalse"]);
});

for (const c of table.cases) {
  test(c.rule + " — " + JSON.stringify(c.answer), () => {
    const spec = table.questions[c.question];
    const r = g.grade(pageKey(spec), c.answer);
    assert.equal(r.score, c.score, "score");
    assert.equal(g.verdict(r), c.verdict, "verdict");
    if (spec.type === "numeric") {
      if (c.unread) assert.equal(g.parseNumber(c.answer, spec.unit), null, "not read as a number");
      else assert.equal(r.answer, c.value, "number read");
    }
    for (const f of r.feedback) {
      assert.ok(typeof f === "string" || (f && typeof f.html === "string"), "feedback is text or {html}");
    }
  });
}

test("the grader loads without a DOM and exposes its rules", () => {
  assert.equal(typeof globalThis.document, "undefined");
  assert.equal(g.round4(0.03125), 0.0313);
  assert.ok(g.unitWords("billion US dollars").includes("bn"));
});
