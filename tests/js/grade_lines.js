// Grade one {"key": ..., "answer": ...} JSON object per input line with the book's grader
// and print {"score", "correct", "verdict", "answer"} per line: the Node side of the
// differential test in tests/test_grading_conformance.py.
"use strict";
const path = require("path");
const readline = require("readline");
const g = require(path.join(__dirname, "..", "..", "src", "afghan_course", "static", "afghan-course.js"));

const rl = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
rl.on("line", (line) => {
  let out;
  try {
    const { key, answer } = JSON.parse(line);
    const r = g.grade(key, answer);
    out = { score: r.score, correct: r.correct, verdict: g.verdict(r), answer: r.answer === undefined ? null : r.answer };
  } catch (e) {
    out = { error: String(e && e.stack || e) };
  }
  process.stdout.write(JSON.stringify(out) + "\n");
});
