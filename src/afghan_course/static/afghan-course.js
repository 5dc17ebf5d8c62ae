/* afghan-course.js: static quizzes and exercise grids for the built book.
 * One file serves every page; no network, no framework. Results live in localStorage in
 * the same JSON format as the live notebooks' results file, and can be downloaded.
 * Learner text is only ever written with textContent; feedback HTML comes from the page's
 * own key, rendered and escaped at build time. */
/* ---- grading: one specification with afghan_course/quiz/grading.py ----
 * The same rules, character tables and regular expressions as grading.py, so the book and
 * the gradebook give every answer the same score; tests/grading-cases.json is the shared
 * conformance table and a differential test runs both graders on generated input. This
 * block touches no DOM: under Node, require() this file to get the grader.
 * Feedback entries are plain text (strings) or {html: ...} for the page key's own
 * feedback, which was rendered and escaped at build time. */
var afghanGrading = (function () {
  "use strict";
  var MAX = 10000;
  var SELF = { "not yet": 0, "partly": 0.5, "fully": 1 };
  var WS = "\\t\\n\\x0b\\x0c\\r\\x1c-\\x1f \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff";
  var WS_RUN = new RegExp("[" + WS + "]+", "g");
  var LETTERS = { "\u00df": "ss", "\u03c2": "\u03c3", "\u064a": "\u06cc", "\u0649": "\u06cc",
    "\u0643": "\u06a9", "\u2019": "'", "\u2018": "'", "\u02bc": "'" };
  var DROP = /[\u0640\u200b-\u200d\u2060]/g;
  var EDGE_RE = /^[ .,;:!?"'()\[\]\u060c\u061b\u061f\u00ab\u00bb\u201c\u201d]+|[ .,;:!?"'()\[\]\u060c\u061b\u061f\u00ab\u00bb\u201c\u201d]+$/g;
  var MN = /\p{Mn}/u;

  function own(obj, k) { return obj != null && Object.prototype.hasOwnProperty.call(obj, k); }
  function isStr(x) { return typeof x === "string"; }
  /* Python slices strings by code point, JavaScript by UTF-16 unit: clip by code point. */
  function clip(s, n) { n = n || MAX; return s.length <= n ? s : Array.from(s).slice(0, n).join(""); }
  function lowerAscii(s) { return s.replace(/[A-Z]/g, function (c) { return c.toLowerCase(); }); }
  function round4(x) { return Math.floor(x * 10000 + 0.5) / 10000; }

  function normalise(text) {
    var s = String(text == null ? "" : text).normalize("NFKD").toLowerCase().normalize("NFKD");
    var out = "";
    for (var ch of s) { if (!MN.test(ch)) out += own(LETTERS, ch) ? LETTERS[ch] : ch; }
    out = out.replace(DROP, "").replace(WS_RUN, " ").replace(/^ +| +$/g, "");
    return out.replace(EDGE_RE, "");
  }

  function foldDigits(s) {
    var out = "";
    for (var ch of s) {
      var c = ch.codePointAt(0);
      if (c >= 0xFF01 && c <= 0xFF5E) ch = String.fromCharCode(c - 0xFEE0);
      else if (c >= 0x0660 && c <= 0x0669) ch = String.fromCharCode(c - 0x0660 + 48);
      else if (c >= 0x06F0 && c <= 0x06F9) ch = String.fromCharCode(c - 0x06F0 + 48);
      else if (c === 0x066B) ch = ".";
      else if (c === 0x066C) ch = ",";
      else if (c === 0x2212) ch = "-";
      out += ch;
    }
    return out;
  }

  var NUMBER = /^([^0-9+\-.]*?) ?([+-]?)([0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?|[0-9]{1,3}(?: [0-9]{3})+(?:\.[0-9]+)?|[0-9]+,[0-9]+|[0-9]+\.?[0-9]*|\.[0-9]+)(e[+-]?[0-9]+)?((?: ?[^0-9 ].*)?)$/;
  var SMALL = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"];
  var TENS = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"];
  var WORD = new RegExp("^(?:(" + TENS.join("|") + ")(?:[- ](" + SMALL.slice(1, 10).join("|") + "))?|(" +
    SMALL.join("|") + "))((?: .*)?)$");
  var ALIASES = { "%": ["percent", "per", "cent", "pct"], "percent": ["%"], "billion": ["bn", "b"],
    "million": ["m", "mn"], "thousand": ["k"], "dollar": ["$", "usd"], "dollars": ["$", "usd"],
    "us": ["u.s."], "time": ["x", "\u00d7"], "times": ["x", "\u00d7"] };
  var GENERIC = ["$", "\u20ac", "\u00a3", "us", "usd", "bn", "billion", "m", "million", "%"];

  function tokens(text) {
    return lowerAscii(text).replace(/([$\u20ac\u00a3%\u00d7])/g, " $1 ").split(/[ \/]+/).filter(function (t) { return t; });
  }

  function unitWords(unit) {
    if (unit == null) return GENERIC.slice();
    var allowed = [];
    tokens(normalise(unit)).forEach(function (t) {
      var forms = t.length > 1 && t.charAt(t.length - 1) === "s" ? [t, t.slice(0, -1)] : [t, t + "s"];
      forms.forEach(function (f) { allowed.push(f); if (own(ALIASES, f)) allowed = allowed.concat(ALIASES[f]); });
    });
    return allowed;
  }

  function unitsOk(text, allowed) {
    return tokens(text).every(function (t) { return allowed.indexOf(t) >= 0; });
  }

  function parseNumber(text, unit) {
    if (typeof text === "number") return isFinite(text) ? text : null;
    if (!isStr(text)) return null;
    var s = lowerAscii(foldDigits(clip(text))).replace(WS_RUN, " ").replace(/^ +| +$/g, "");
    s = s.replace(/[ .,;:!?]+$/, "");
    var allowed = unitWords(unit);
    var m = NUMBER.exec(s);
    if (m) {
      if (!unitsOk(m[1], allowed) || !unitsOk(m[5], allowed)) return null;
      var num = m[3];
      if (/^[0-9]+,[0-9]+$/.test(num)) num = num.replace(",", ".");
      num = num.replace(/[, ]/g, "");
      var v = parseFloat(m[2] + num + (m[4] || ""));
      return isFinite(v) ? v : null;
    }
    var w = WORD.exec(s);
    if (w && unitsOk(w[4], allowed)) {
      if (w[3]) return SMALL.indexOf(w[3]);
      return 20 + 10 * TENS.indexOf(w[1]) + (w[2] ? SMALL.indexOf(w[2]) : 0);
    }
    return null;
  }

  function verdict(r) {
    if (r.correct === null) return r.answer && r.answer.self_assessment != null ? "self-assessed" : "unrated";
    if (r.correct) return "correct";
    return r.score > 0 ? "partly" : "incorrect";
  }

  function uniq(list) { var out = []; list.forEach(function (x) { if (out.indexOf(x) < 0) out.push(x); }); return out; }

  function grade(key, answer) {
    var t = key.type, r = { score: 0, correct: false, feedback: [], answer: answer };
    var fb = key.feedback || {};
    function html(k) { return { html: String(fb[k]) }; }
    if (t === "single") {
      if (!isStr(answer) || !own(fb, answer)) { r.feedback = ["Choose one of the options."]; r.answer = null; return r; }
      r.answer = answer; r.correct = answer === key.answer; r.score = r.correct ? 1 : 0; r.feedback = [html(answer)];
    } else if (t === "multiple") {
      var list = isStr(answer) ? [answer] : (Array.isArray(answer) ? answer : []);
      var right = uniq(key.answer);
      var chosen = uniq(list.filter(function (a) { return isStr(a) && own(fb, a); }));
      var hits = chosen.filter(function (a) { return right.indexOf(a) >= 0; }).length;
      var wrong = chosen.length - hits;
      r.answer = chosen;
      r.score = round4(Math.max(0, (hits - wrong) / right.length));
      r.correct = hits === right.length && wrong === 0;
      r.feedback = chosen.map(html);
      var missed = right.filter(function (a) { return chosen.indexOf(a) < 0; });
      if (missed.length) { r.feedback.push("You left out a correct option:"); missed.forEach(function (a) { r.feedback.push(html(a)); }); }
      if (!chosen.length) r.feedback.unshift("Select every option that applies.");
    } else if (t === "truefalse") {
      var words = { "true": true, "t": true, "yes": true, "false": false, "f": false, "no": false };
      var val = typeof answer === "boolean" ? answer : (isStr(answer) && own(words, normalise(clip(answer))) ? words[normalise(clip(answer))] : null);
      if (val === null) { r.feedback = ["Choose True or False."]; r.answer = null; return r; }
      r.answer = val; r.correct = val === key.answer; r.score = r.correct ? 1 : 0; r.feedback = [html(val ? "True" : "False")];
    } else if (t === "numeric") {
      var v = parseNumber(answer, key.unit);
      if (v === null) { r.feedback = ["Enter a number (in " + key.unit + ")."]; r.answer = isStr(answer) ? clip(answer, 200) : null; return r; }
      r.answer = v; r.correct = Math.abs(v - key.answer) <= key.tolerance + 1e-9; r.score = r.correct ? 1 : 0;
      r.feedback = [html(r.correct ? "correct" : "incorrect")];
    } else if (t === "ordering") {
      var items = key.answer, order = Array.isArray(answer) ? answer : [];
      var same = order.length === items.length && order.every(isStr) &&
        order.slice().sort().join("\u0000") === items.slice().sort().join("\u0000") &&
        items.every(function (it) { return order.indexOf(it) >= 0; });
      if (!same) { r.feedback = ["Place every item exactly once."]; r.answer = order.filter(isStr); return r; }
      var good = 0, pairs = 0;
      for (var i = 0; i < items.length; i++) for (var j = i + 1; j < items.length; j++) {
        pairs++; if (order.indexOf(items[i]) < order.indexOf(items[j])) good++;
      }
      r.score = round4(good / pairs); r.correct = good === pairs;
      r.feedback = [r.correct ? "All in the right order." : good + " of " + pairs + " pairs are in the right order."];
    } else if (t === "matching") {
      var given = answer !== null && typeof answer === "object" && !Array.isArray(answer) ? answer : {};
      var lefts = Object.keys(key.answer), ok = 0, miss = [], kept = {};
      lefts.forEach(function (l) {
        var a = own(given, l) ? given[l] : undefined;
        if (isStr(a)) kept[l] = a;
        if (a === key.answer[l]) ok++; else miss.push(l + " \u2192 " + key.answer[l]);
      });
      r.answer = kept; r.score = round4(ok / lefts.length); r.correct = ok === lefts.length;
      r.feedback = [ok + " of " + lefts.length + " matched correctly."].concat(miss);
    } else if (t === "short") {
      var said = isStr(answer) ? normalise(clip(answer)) : "";
      if (!said) { r.feedback = ["Type an answer."]; r.answer = ""; return r; }
      r.answer = clip(answer);
      r.correct = key.answer.map(normalise).indexOf(said) >= 0; r.score = r.correct ? 1 : 0;
      r.feedback = [html(r.correct ? "correct" : "incorrect")];
    } else if (t === "open") {
      var text = "", rating = null;
      if (answer !== null && typeof answer === "object" && !Array.isArray(answer)) {
        text = isStr(answer.text) ? clip(answer.text) : "";
        rating = isStr(answer.self_assessment) ? normalise(answer.self_assessment) : null;
      } else if (isStr(answer)) text = clip(answer);
      r.correct = null;
      if (rating === null || !own(SELF, rating)) {
        r.feedback = ["Compare your answer with the model answer and rubric, then rate it: not yet, partly or fully."];
        r.answer = { text: text, self_assessment: null }; return r;
      }
      r.score = SELF[rating]; r.feedback = ["Self-assessed."]; r.answer = { text: text, self_assessment: rating };
    }
    return r;
  }

  return { grade: grade, normalise: normalise, parseNumber: parseNumber, unitWords: unitWords,
    round4: round4, verdict: verdict };
})();
if (typeof module === "object" && module && module.exports) module.exports = afghanGrading;

(function () {
  "use strict";
  if (typeof document === "undefined") return;  // loaded under Node for the grader alone
  var STORE_KEY = "afghan-course-results";
  var FORMAT = "afghan-course-results";
  /* The session's document: every record saved on this page, whether or not the browser
   * kept it. When localStorage is full or turned off, this is what the page and the download
   * use, so nothing answered in this visit is lost. */
  var sessionDoc = null;
  var storageOk = true;
  var notes = [];

  function emptyDoc() { return { format: FORMAT, version: 1, learner: "", learner_id: "", records: [] }; }

  function say(text) {
    notes.push(text);
    document.querySelectorAll(".ac-store-note").forEach(function (n) { showNotes(n); });
  }

  function showNotes(node) {
    node.textContent = "";
    notes.forEach(function (t) { var p = document.createElement("p"); p.textContent = "\u26a0 " + t; node.appendChild(p); });
    node.hidden = notes.length === 0;
  }

  function noteBox(root) {
    var box = root.querySelector(".ac-store-note");
    if (!box) {
      box = document.createElement("div");
      box.className = "ac-store-note";
      box.setAttribute("role", "alert");
      root.insertBefore(box, root.firstChild);
    }
    showNotes(box);
  }

  function storageLost() {
    if (!storageOk) return;
    storageOk = false;
    say("Your answers are not being kept in this browser (its storage is full or turned off). " +
        "Use \u201cDownload my results\u201d before you leave this page: the download holds every answer of this visit.");
  }

  function keepAside(what, text) {
    var key = STORE_KEY + "." + what + "-" + Date.now();
    try { window.localStorage.setItem(key, text); return key; } catch (e) { return null; }
  }

  /* A stored record the page can use: the shape progress.validate_document accepts. */
  function goodRecord(r) {
    if (!r || typeof r !== "object" || Array.isArray(r)) return false;
    var texts = ["kind", "chapter", "question_id", "time"];
    for (var i = 0; i < texts.length; i++) if (typeof r[texts[i]] !== "string" || !r[texts[i]]) return false;
    if (r.kind === "exercise") return r.answer == null || (typeof r.answer === "object" && !Array.isArray(r.answer));
    if (r.kind !== "quiz") return false;
    if (r.graded === false && r.score == null) return true;
    return typeof r.score === "number" && isFinite(r.score) && r.score >= 0 && r.score <= 1;
  }

  function readStore() {
    var raw;
    try { raw = window.localStorage.getItem(STORE_KEY); } catch (e) { storageLost(); return emptyDoc(); }
    if (!raw) return emptyDoc();
    var doc = null;
    try { doc = JSON.parse(raw); } catch (e) { doc = null; }
    if (!doc || typeof doc !== "object" || doc.format !== FORMAT || !Array.isArray(doc.records)) {
      var key = keepAside("corrupt", raw);
      say("The answers stored in this browser could not be read" + (key ? "; they were kept aside as \u201c" + key + "\u201d" : "") +
          ". The quizzes start empty.");
      return emptyDoc();
    }
    var good = doc.records.filter(goodRecord);
    if (good.length !== doc.records.length) {
      var bad = doc.records.filter(function (r) { return !goodRecord(r); });
      var where = keepAside("set-aside", JSON.stringify(bad));
      say(bad.length + " stored answer" + (bad.length === 1 ? " was" : "s were") + " malformed and set aside" +
          (where ? " (kept as \u201c" + where + "\u201d)" : "") + "; every other answer is here.");
      doc.records = good;
      try { window.localStorage.setItem(STORE_KEY, JSON.stringify(doc)); } catch (e) { storageLost(); }
    }
    if (typeof doc.learner !== "string") doc.learner = "";
    if (doc.learner_id != null && typeof doc.learner_id !== "string") doc.learner_id = "";
    return doc;
  }

  function loadDoc() {
    if (sessionDoc === null) sessionDoc = readStore();
    else if (storageOk) {
      var fresh = readStore();  // another tab may have saved since
      if (storageOk) sessionDoc = fresh;
    }
    return JSON.parse(JSON.stringify(sessionDoc));
  }

  function saveDoc(doc) {
    sessionDoc = JSON.parse(JSON.stringify(doc));
    if (!storageOk) return false;
    try { window.localStorage.setItem(STORE_KEY, JSON.stringify(doc)); return true; }
    catch (e) { storageLost(); return false; }
  }

  function nowIso() { return new Date().toISOString().replace(/\.\d{3}Z$/, "+00:00"); }

  var grade = afghanGrading.grade, normalise = afghanGrading.normalise,
    parseNumber = afghanGrading.parseNumber;

  /* The engine's words in the page's language, from _static/afghan-course-messages.js
   * (generated from afghan_course/i18n/messages); the English given here is used without it
   * (tests/test_i18n_js.py keeps it equal to en.json). */
  var msg = window.AfghanCourseMsg = function (key, english, vars) {
    var cat = window.AfghanCourseMessages, book = cat && cat.messages, digits = cat && cat.digits;
    var text = (book && book[key]) || english;
    return text.replace(/\{(\w+)\}/g, function (m, name) {
      if (!vars || !(name in vars)) return m;
      var v = String(vars[name]);
      if (!digits || !/^\d+(\.\d+)?$/.test(v)) return v;
      return v.replace(/\d/g, function (d) { return digits.charAt(+d); }).replace(".", "\u066b");
    });
  };

  /* ---- reading and restoring the controls of one question ---- */
  function readAnswer(li, type) {
    if (type === "single" || type === "truefalse") {
      var c = li.querySelector("input:checked"); return c ? c.value : null;
    }
    if (type === "multiple") {
      return Array.prototype.map.call(li.querySelectorAll("input:checked"), function (i) { return i.value; });
    }
    if (type === "numeric" || type === "short") return li.querySelector(".ac-input").value;
    if (type === "ordering") {
      return Array.prototype.map.call(li.querySelectorAll(".ac-order select"), function (s) { return s.value; })
        .filter(function (v) { return v !== ""; });
    }
    if (type === "matching") {
      var out = {};
      li.querySelectorAll(".ac-matching select").forEach(function (s) { if (s.value) out[s.getAttribute("data-left")] = s.value; });
      return out;
    }
    if (type === "open") {
      var rating = li.querySelector(".ac-rating input:checked");
      return { text: li.querySelector(".ac-textarea").value, self_assessment: rating ? rating.value : null };
    }
    return null;
  }

  function restoreAnswer(li, type, answer) {
    if (answer == null) return;
    if (type === "single" || type === "truefalse") {
      var want = type === "truefalse" ? (answer === true ? "True" : answer === false ? "False" : answer) : answer;
      li.querySelectorAll("input").forEach(function (i) { i.checked = i.value === want; });
    } else if (type === "multiple") {
      li.querySelectorAll("input").forEach(function (i) { i.checked = answer.indexOf(i.value) >= 0; });
    } else if (type === "numeric" || type === "short") {
      li.querySelector(".ac-input").value = String(answer);
    } else if (type === "ordering") {
      li.querySelectorAll(".ac-order select").forEach(function (s, n) { s.value = answer[n] || ""; });
    } else if (type === "matching") {
      li.querySelectorAll(".ac-matching select").forEach(function (s) { s.value = answer[s.getAttribute("data-left")] || ""; });
    } else if (type === "open") {
      li.querySelector(".ac-textarea").value = answer.text || "";
      li.querySelectorAll(".ac-rating input").forEach(function (i) { i.checked = i.value === answer.self_assessment; });
    }
  }

  function clearControls(li) {
    li.querySelectorAll("input[type=radio], input[type=checkbox]").forEach(function (i) { i.checked = false; });
    li.querySelectorAll(".ac-input, .ac-textarea").forEach(function (i) { i.value = ""; });
    li.querySelectorAll("select").forEach(function (s) { s.value = ""; });
  }

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text != null) e.textContent = text;
    return e;
  }

  /* The one place where graded text meets the page. A plain string (the grader's own
   * messages, which quote bank text such as a unit or a matching pair) is written as text;
   * only {html} entries, the key's feedback that the build rendered with raw HTML disabled
   * and escaped, are parsed as HTML. */
  /* The grader's own lines are English (one specification with grading.py); shown in the
   * page's language by matching them against the message catalog's English patterns. */
  var GRADER_LINES = [
    ["feedback.choose_option", "Choose one of the options."],
    ["feedback.left_out", "You left out a correct option:"],
    ["feedback.select_all", "Select every option that applies."],
    ["feedback.choose_true_false", "Choose True or False."],
    ["feedback.enter_number", "Enter a number (in {unit})."],
    ["feedback.place_every_item", "Place every item exactly once."],
    ["feedback.all_in_order", "All in the right order."],
    ["feedback.pairs_in_order", "{good} of {pairs} pairs are in the right order."],
    ["feedback.type_answer", "Type an answer."],
    ["feedback.rate_yourself", "Compare your answer with the model answer and rubric, then rate it: not yet, partly or fully."],
    ["feedback.self_assessed", "Self-assessed."],
    ["feedback.matched", "{good} of {total} matched correctly."]
  ];

  function localLine(text) {
    for (var i = 0; i < GRADER_LINES.length; i++) {
      var english = GRADER_LINES[i][1], names = [];
      var pattern = english.replace(/[.*+?^$()|[\]\\]/g, "\\$&").replace(/\{(\w+)\}/g, function (m, n) {
        names.push(n); return "(.+?)";
      });
      var m = new RegExp("^" + pattern + "$").exec(text);
      if (!m) continue;
      var vars = {};
      names.forEach(function (n, k) { vars[n] = m[k + 1]; });
      return msg(GRADER_LINES[i][0], english, vars);
    }
    return text;
  }

  function feedbackItem(f) {
    var item = el("li");
    if (f && typeof f === "object" && typeof f.html === "string") item.innerHTML = f.html;
    else item.textContent = localLine(String(f));
    return item;
  }

  function showFeedback(li, key, result) {
    var box = li.querySelector(".ac-feedback");
    box.textContent = "";
    var verdict = { "correct": msg("verdict.correct", "Correct"),
      "partly": msg("verdict.partly", "Partly correct"),
      "incorrect": msg("verdict.wrong", "Not correct"),
      "self-assessed": msg("verdict.self_assessed", "Self-assessed"),
      "unrated": msg("verdict.compare", "Compare with the model answer")
    }[afghanGrading.verdict(result)];
    var head = el("p", "ac-verdict " + (result.correct ? "ac-right" : (result.correct === null ? "ac-self" : "ac-wrong")));
    head.appendChild(el("strong", null, verdict));
    head.appendChild(document.createTextNode(" \u2014 " + msg("verdict.score", "score {percent}%", { percent: Math.round(result.score * 100) })));
    box.appendChild(head);
    var ul = el("ul", "ac-feedback-list");
    result.feedback.forEach(function (f) { ul.appendChild(feedbackItem(f)); });
    box.appendChild(ul);
    var answerBlock = li.querySelector(".ac-answer");
    if (answerBlock && key.type === "open") {
      var model = answerBlock.querySelector(".ac-key");
      if (model) box.appendChild(model.cloneNode(true));
    }
    var expl = answerBlock && answerBlock.querySelector(".ac-explanation");
    if (expl) box.appendChild(expl.cloneNode(true));
  }

  function addRating(li, name) {
    var wrap = el("div", "ac-rating");
    var fs = el("fieldset");
    fs.appendChild(el("legend", null, msg("rating.legend", "Rate your answer against the model answer and rubric:")));
    ["not yet", "partly", "fully"].forEach(function (v, n) {
      var id = li.id + "-r" + n;
      var input = el("input"); input.type = "radio"; input.name = li.id + "-rating"; input.value = v; input.id = id;
      var label = el("label", null, msg("rating." + v.replace(" ", "_"), v)); label.setAttribute("for", id);
      fs.appendChild(input); fs.appendChild(label);
    });
    wrap.appendChild(fs);
    var reveal = el("button", "ac-reveal", msg("rating.show_model", "Show the model answer"));
    reveal.type = "button";
    reveal.addEventListener("click", function () {
      var d = li.querySelector(".ac-answer"), text = li.querySelector(".ac-textarea");
      if (d && d.hidden && !(text && text.value.trim())) {
        li.querySelector(".ac-feedback").textContent = "Write your answer first; the model answer opens after your attempt.";
        return;
      }
      if (d) { d.hidden = false; d.open = true; d.querySelector("summary").focus(); }
    });
    wrap.appendChild(reveal);
    li.querySelector(".ac-actions").before(wrap);
  }

  function initQuiz(root) {
    var dataEl = root.querySelector("script.ac-quiz-data");
    if (!dataEl) return;
    var data;
    try { data = JSON.parse(dataEl.textContent); } catch (e) { return; }
    var keys = {};
    data.questions.forEach(function (k) { keys[k.id] = k; });
    var chapter = data.chapter;

    root.querySelectorAll(".ac-noscript").forEach(function (e) { e.remove(); });
    noteBox(root);
    root.querySelectorAll(".ac-actions, .ac-summary, .ac-learner").forEach(function (e) { e.hidden = false; });
    /* Retrieval first: in the learner's book an answer opens only after an attempt (Check,
     * or a recorded answer restored). The instructor edition, and reading with JavaScript
     * off, keep every answer available. */
    var edition = document.querySelector('meta[name="ac-edition"]');
    if (!(edition && edition.getAttribute("content") === "instructor")) {
      root.querySelectorAll(".ac-answer").forEach(function (d) { d.open = false; d.hidden = true; });
    }
    function unlock(li) { var d = li.querySelector(".ac-answer"); if (d) d.hidden = false; }
    var nameInput = root.querySelector(".ac-learner-name");
    var idInput = root.querySelector(".ac-learner-id");
    var doc0 = loadDoc();
    if (nameInput) {
      nameInput.value = doc0.learner || "";
      nameInput.addEventListener("change", function () { var d = loadDoc(); d.learner = nameInput.value.slice(0, 80); saveDoc(d); });
    }
    if (idInput) {  /* identity: typed once, kept in the results document for every page */
      idInput.value = doc0.learner_id || "";
      idInput.addEventListener("change", function () { var d = loadDoc(); d.learner_id = idInput.value.trim().slice(0, 80); saveDoc(d); });
    }

    function latest() {
      var out = {};
      loadDoc().records.forEach(function (r) {
        if (r.kind === "quiz" && r.chapter === chapter && keys[r.question_id]) out[r.question_id] = r;
      });
      return out;
    }

    /* The figures of afghan_course/scores.py: mastery of what was answered (never-attempted
     * questions left out), completion, and self-rated open answers kept apart. */
    function updateScore() {
      var last = latest(), earned = 0, marked = 0, answered = 0, selfRated = 0, n = data.questions.length;
      data.questions.forEach(function (k) {
        var r = last[k.id];
        if (!r) return;
        answered++;
        if (k.type === "open") { if (r.answer && r.answer.self_assessment) selfRated++; return; }
        earned += k.points * r.score; marked += k.points;
      });
      function pct(a, b) { return Math.round(1000 * a / b) / 10; }
      function num(x) { return Math.round(x * 100) / 100; }
      root.querySelector(".ac-score").textContent = msg("score.mastery", "Mastery of what was answered: {value}", {
        value: marked ? msg("score.mastery_value", "{percent}% ({earned} of {marked} points)",
          { percent: pct(earned, marked), earned: num(earned), marked: num(marked) }) : "\u2013" }) +
        " \u00b7 " + msg("score.completion", "Completion: {answered} of {questions} questions ({percent}%)",
          { answered: answered, questions: n, percent: pct(answered, n) }) +
        (selfRated ? " \u00b7 " + msg("score.self_rated", "Self-rated open answers: {count} (not in mastery)", { count: selfRated }) : "");
    }

    root.querySelectorAll("li.ac-q").forEach(function (li) {
      var key = keys[li.getAttribute("data-qid")];
      if (!key) return;
      if (key.type === "open") addRating(li, li.id);
      li.querySelector(".ac-check").addEventListener("click", function () {
        var result;
        try { result = grade(key, readAnswer(li, key.type)); }
        catch (e) { result = { score: 0, correct: false, feedback: [msg("feedback.not_checked", "This answer could not be checked.")], answer: null }; }
        showFeedback(li, key, result);
        unlock(li);
        var doc = loadDoc();
        if (nameInput && nameInput.value) doc.learner = nameInput.value.slice(0, 80);
        if (idInput && idInput.value.trim()) doc.learner_id = idInput.value.trim().slice(0, 80);
        doc.records.push({ kind: "quiz", chapter: chapter, objective: key.objective, question_id: key.id,
          type: key.type, answer: result.answer, correct: result.correct, score: result.score,
          points: key.points, time: nowIso(), origin: "book" });
        saveDoc(doc);
        updateScore();
      });
      li.querySelector(".ac-retry").addEventListener("click", function () {
        clearControls(li);
        li.querySelector(".ac-feedback").textContent = "";
        var first = li.querySelector("input, select, textarea");
        if (first) first.focus();
      });
    });

    var last = latest();
    root.querySelectorAll("li.ac-q").forEach(function (li) {
      var r = last[li.getAttribute("data-qid")];
      var key = keys[li.getAttribute("data-qid")];
      if (r && key) {
        try {
          restoreAnswer(li, key.type, r.answer);
          unlock(li);
          showFeedback(li, key, { score: r.score, correct: r.correct, answer: r.answer, feedback: grade(key, readAnswer(li, key.type)).feedback });
        } catch (e) { clearControls(li); }  // an answer of the wrong shape only stays unshown
      }
    });
    updateScore();

    root.querySelector(".ac-download").addEventListener("click", function () { download(chapter); });
    root.querySelector(".ac-reset").addEventListener("click", function () {
      var doc = loadDoc();
      doc.records = doc.records.filter(function (r) { return !(r.kind === "quiz" && r.chapter === chapter && keys[r.question_id]); });
      saveDoc(doc);
      root.querySelectorAll("li.ac-q").forEach(function (li) { clearControls(li); li.querySelector(".ac-feedback").textContent = ""; });
      updateScore();
    });
  }

  /* afghan_course/identity.py download_name(): learner, course part and date in the name. */
  function slug(text) {
    var s = String(text || "").normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
    s = s.replace(/@/g, " at ").replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "");
    return s.slice(0, 40).replace(/^-+|-+$/g, "");
  }
  function downloadName(doc, part) {
    var who = slug(doc.learner_id) || slug(doc.learner) || "no-id";
    return "afghan-course_" + who + "_" + (slug(part) || "course") + "_" + new Date().toISOString().slice(0, 10) + ".json";
  }

  function download(part) {
    var doc = loadDoc();
    var blob = new Blob([JSON.stringify(doc, null, 1)], { type: "application/json" });
    var a = document.createElement("a");
    a.href = URL.createObjectURL(blob);
    a.download = downloadName(doc, part);
    document.body.appendChild(a);
    a.click();
    setTimeout(function () { URL.revokeObjectURL(a.href); a.remove(); }, 0);
  }

  window.afghanCourse = { grade: grade, normalise: normalise, parseNumber: parseNumber,
    loadDoc: loadDoc, saveDoc: saveDoc, download: download, nowIso: nowIso, el: el,
    noteBox: noteBox, storageOk: function () { return storageOk; } };

  function init() { document.querySelectorAll(".ac-quiz").forEach(initQuiz); }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();

/* ---- perspectives exercises: the claims grid, saved in the same results document ----
 * One record per exercise (the latest replaces earlier ones), in the format that
 * afghan_course.progress.exercise_record writes from the notebooks. Learner text is only
 * read and written through .value and .textContent. */
(function () {
  "use strict";
  if (typeof document === "undefined") return;  // loaded under Node for the grader alone
  var msg = window.AfghanCourseMsg; // the engine's words (defined in the quiz part above)
  var ac = window.afghanCourse;
  if (!ac) return;

  function initExercise(root) {
    var dataEl = root.querySelector("script.ac-exercise-data");
    if (!dataEl) return;
    var data;
    try { data = JSON.parse(dataEl.textContent); } catch (e) { return; }
    if (!data || typeof data.id !== "string" || !Array.isArray(data.fields)) return;
    var id = data.id, chapter = data.chapter || data.id;
    var status = root.querySelector(".ac-status");
    var controls = {};
    root.querySelectorAll("[data-field]").forEach(function (c) {
      var f = c.getAttribute("data-field");
      if (data.fields.indexOf(f) >= 0) controls[f] = c;
    });

    function isMine(r) { return r && r.kind === "exercise" && (r.exercise === id || r.question_id === id); }
    function say(text) { if (status) status.textContent = text; }

    function readGrid() {
      var out = {};
      data.fields.forEach(function (f) { if (controls[f]) out[f] = String(controls[f].value || "").slice(0, 10000); });
      return out;
    }

    function restore() {
      var rec = null;
      ac.loadDoc().records.forEach(function (r) { if (isMine(r)) rec = r; });
      if (!rec || !rec.answer || typeof rec.answer !== "object") return;
      data.fields.forEach(function (f) {
        var c = controls[f], v = rec.answer[f];
        if (!c || typeof v !== "string") return;
        c.value = v;
        if (c.tagName === "SELECT" && c.value !== v) c.value = "";
      });
      say(msg("grid.restored", "Restored your grid from this browser."));
    }

    function save() {
      var doc = ac.loadDoc();
      doc.records = doc.records.filter(function (r) { return !isMine(r); });
      doc.records.push({ kind: "exercise", chapter: chapter, question_id: id, exercise: id,
        answer: readGrid(), time: ac.nowIso(), origin: "book" });
      say(ac.saveDoc(doc) ? msg("grid.saved", "Saved in this browser.")
        : msg("grid.not_kept", "Not kept in this browser: download your results."));
    }

    var timer = null;
    root.addEventListener("change", function (ev) {
      if (ev.target && ev.target.hasAttribute && ev.target.hasAttribute("data-field")) { clearTimeout(timer); save(); }
    });
    root.addEventListener("input", function (ev) {
      if (ev.target && ev.target.tagName === "TEXTAREA" && ev.target.hasAttribute("data-field")) {
        clearTimeout(timer); timer = setTimeout(save, 400);
      }
    });

    var download = root.querySelector(".ac-exercise-actions .ac-download");
    if (download) download.addEventListener("click", function () { clearTimeout(timer); save(); ac.download(id); });
    var reset = root.querySelector(".ac-exercise-actions .ac-reset");
    if (reset) reset.addEventListener("click", function () {
      clearTimeout(timer);
      var doc = ac.loadDoc();
      doc.records = doc.records.filter(function (r) { return !isMine(r); });
      ac.saveDoc(doc);
      Object.keys(controls).forEach(function (f) { controls[f].value = ""; });
      say(msg("grid.cleared", "Your grid was cleared."));
    });
    root.querySelectorAll(".ac-noscript").forEach(function (e) { e.remove(); });
    ac.noteBox(root);
    root.querySelectorAll(".ac-exercise-actions").forEach(function (e) { e.hidden = false; });
    restore();
  }

  function init() { document.querySelectorAll(".ac-exercise").forEach(initExercise); }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();

/* ---- timeline: filter the events table of a [data-afghan-timeline] block ----
 * Self-contained: no network, no storage. The table is complete in the page; this only
 * shows the filter controls (labelled native inputs) and hides the rows that do not match
 * every filter: a ticked topic, the chosen actor, dates from/to (inclusive, ISO strings). */
(function () {
  "use strict";
  if (typeof document === "undefined") return;  // loaded under Node for the grader alone
  var msg = window.AfghanCourseMsg; // the engine's words (defined in the quiz part above)

  function initTimeline(root) {
    var controls = root.querySelector(".ac-timeline-controls");
    var rows = Array.prototype.slice.call(root.querySelectorAll("tbody tr[data-topic]"));
    var status = root.querySelector(".ac-timeline-status");
    if (!controls || !rows.length) return;
    var boxes = Array.prototype.slice.call(controls.querySelectorAll("input[type=checkbox]"));
    var actor = controls.querySelector(".ac-timeline-actor");
    var period = controls.querySelector(".ac-timeline-period");
    var from = controls.querySelector(".ac-timeline-from");
    var to = controls.querySelector(".ac-timeline-to");
    var reset = controls.querySelector(".ac-timeline-reset");

    function apply() {
      var topics = boxes.filter(function (b) { return b.checked; }).map(function (b) { return b.value; });
      var who = actor ? actor.value : "";
      var lo = from ? from.value : "", hi = to ? to.value : "";
      var shown = 0;
      rows.forEach(function (tr) {
        var names = (tr.getAttribute("data-actors") || "").split(";");
        var when = tr.getAttribute("data-date") || "";
        var ok = topics.indexOf(tr.getAttribute("data-topic")) >= 0 &&
          (!who || names.indexOf(who) >= 0) && (!lo || when >= lo) && (!hi || when <= hi);
        tr.hidden = !ok;
        if (ok) shown++;
      });
      var note = lo && hi && lo > hi ? " " + msg("timeline.dates_reversed", "The start date is after the end date.") : "";
      if (status) status.textContent = msg("timeline.showing", "Showing {shown} of {total} events.", { shown: shown, total: rows.length }) + note;
    }

    if (period) period.addEventListener("change", function () {
      var opt = period.options[period.selectedIndex];
      if (!opt || opt.value === "") return;
      if (from) from.value = opt.getAttribute("data-start") || "";
      if (to) to.value = opt.getAttribute("data-end") || "";
      apply();
    });
    [from, to].forEach(function (input) {
      if (input) input.addEventListener("change", function () { if (period) period.value = ""; });
    });
    if (reset) reset.addEventListener("click", function () {
      boxes.forEach(function (b) { b.checked = true; });
      if (actor) actor.value = "";
      if (period) period.value = "";
      if (from) from.value = "";
      if (to) to.value = "";
      apply();
    });
    controls.addEventListener("change", apply);
    controls.addEventListener("input", apply);
    controls.hidden = false;
    apply();
  }

  function init() { document.querySelectorAll("[data-afghan-timeline]").forEach(initTimeline); }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
