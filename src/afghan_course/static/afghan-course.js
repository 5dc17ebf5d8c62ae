/* afghan-course.js: static quizzes and exercise grids for the built book.
 * One file serves every page; no network, no framework. Results live in localStorage in
 * the same JSON format as the live notebooks' results file, and can be downloaded.
 * Learner text is only ever written with textContent; feedback HTML comes from the page's
 * own key, rendered and escaped at build time. */
(function () {
  "use strict";
  var STORE_KEY = "afghan-course-results";
  var FORMAT = "afghan-course-results";
  var memoryStore = null;

  function emptyDoc() { return { format: FORMAT, version: 1, learner: "", learner_id: "", records: [] }; }

  function loadDoc() {
    var raw = null;
    try { raw = window.localStorage.getItem(STORE_KEY); } catch (e) { raw = memoryStore; }
    if (!raw) return emptyDoc();
    try {
      var doc = JSON.parse(raw);
      if (doc && doc.format === FORMAT && Array.isArray(doc.records)) return doc;
    } catch (e) { /* fall through */ }
    // Keep a corrupt store aside instead of overwriting it.
    try { window.localStorage.setItem(STORE_KEY + ".corrupt-" + Date.now(), raw); } catch (e) {}
    return emptyDoc();
  }

  function saveDoc(doc) {
    var text = JSON.stringify(doc);
    try { window.localStorage.setItem(STORE_KEY, text); } catch (e) { memoryStore = text; }
  }

  function nowIso() { return new Date().toISOString().replace(/\.\d{3}Z$/, "+00:00"); }

  /* ---- grading: the same rules as afghan_course/quiz/grading.py ---- */
  function normalise(text) {
    var s = String(text == null ? "" : text).normalize("NFKD").replace(/[\u0300-\u036f]/g, "");
    s = s.toLowerCase().replace(/[\u2019\u2018]/g, "'").replace(/\s+/g, " ").trim();
    return s.replace(/^[ .,;:!?"'()\[\]]+|[ .,;:!?"'()\[\]]+$/g, "");
  }

  function parseNumber(text) {
    var s = String(text == null ? "" : text).slice(0, 10000).trim().replace(/\u2212/g, "-").replace(/ /g, "");
    s = s.replace(/^[$\u20ac\u00a3]/, "").replace(/(bn|billion|m|million|%|usd|us\$|\$)$/i, "");
    if (/^-?\d{1,3}(,\d{3})+(\.\d+)?$/.test(s)) s = s.replace(/,/g, "");
    else if (/^-?\d+,\d+$/.test(s)) s = s.replace(",", ".");
    if (!/^-?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(s)) return null;
    var v = parseFloat(s);
    return isFinite(v) ? v : null;
  }

  function grade(key, answer) {
    var t = key.type, r = { score: 0, correct: false, feedback: [], answer: answer };
    if (t === "single") {
      if (!(answer in key.feedback)) { r.feedback = ["Choose one of the options."]; r.answer = null; return r; }
      r.correct = answer === key.answer; r.score = r.correct ? 1 : 0; r.feedback = [key.feedback[answer]];
    } else if (t === "multiple") {
      var right = key.answer, chosen = answer.filter(function (a) { return a in key.feedback; });
      var hits = chosen.filter(function (a) { return right.indexOf(a) >= 0; }).length;
      var wrong = chosen.length - hits;
      r.score = Math.max(0, (hits - wrong) / right.length);
      r.correct = hits === right.length && wrong === 0;
      r.feedback = chosen.map(function (a) { return key.feedback[a]; });
      var missed = right.filter(function (a) { return chosen.indexOf(a) < 0; });
      if (missed.length) { r.feedback.push("You left out a correct option:"); missed.forEach(function (a) { r.feedback.push(key.feedback[a]); }); }
      if (!chosen.length) r.feedback.unshift("Select every option that applies.");
    } else if (t === "truefalse") {
      if (answer !== "True" && answer !== "False") { r.feedback = ["Choose True or False."]; r.answer = null; return r; }
      var val = answer === "True"; r.answer = val;
      r.correct = val === key.answer; r.score = r.correct ? 1 : 0; r.feedback = [key.feedback[answer]];
    } else if (t === "numeric") {
      var v = parseNumber(answer);
      if (v === null) { r.feedback = ["Enter a number (in " + key.unit + ")."]; r.answer = String(answer).slice(0, 200); return r; }
      r.answer = v; r.correct = Math.abs(v - key.answer) <= key.tolerance + 1e-9; r.score = r.correct ? 1 : 0;
      r.feedback = [r.correct ? key.feedback.correct : key.feedback.incorrect];
    } else if (t === "ordering") {
      var items = key.answer, order = answer;
      if (order.length !== items.length || order.slice().sort().join("\u0000") !== items.slice().sort().join("\u0000")) {
        r.feedback = ["Place every item exactly once."]; return r;
      }
      var good = 0, pairs = 0;
      for (var i = 0; i < items.length; i++) for (var j = i + 1; j < items.length; j++) {
        pairs++; if (order.indexOf(items[i]) < order.indexOf(items[j])) good++;
      }
      r.score = Math.round(good / pairs * 10000) / 10000; r.correct = good === pairs;
      r.feedback = [r.correct ? "All in the right order." : good + " of " + pairs + " pairs are in the right order."];
    } else if (t === "matching") {
      var lefts = Object.keys(key.answer), ok = 0, miss = [];
      lefts.forEach(function (l) { if (answer[l] === key.answer[l]) ok++; else miss.push(l + " \u2192 " + key.answer[l]); });
      r.score = Math.round(ok / lefts.length * 10000) / 10000; r.correct = ok === lefts.length;
      r.feedback = [ok + " of " + lefts.length + " matched correctly."].concat(miss);
    } else if (t === "short") {
      var given = normalise(answer);
      if (!given) { r.feedback = ["Type an answer."]; r.answer = ""; return r; }
      r.correct = key.answer.map(normalise).indexOf(given) >= 0; r.score = r.correct ? 1 : 0;
      r.feedback = [r.correct ? key.feedback.correct : key.feedback.incorrect];
    } else if (t === "open") {
      var scores = { "not yet": 0, "partly": 0.5, "fully": 1 };
      r.correct = null;
      if (!(answer.self_assessment in scores)) {
        r.feedback = ["Compare your answer with the model answer and rubric, then rate it: not yet, partly or fully."];
        r.answer = { text: answer.text, self_assessment: null }; return r;
      }
      r.score = scores[answer.self_assessment]; r.feedback = ["Self-assessed."];
    }
    return r;
  }

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

  function showFeedback(li, key, result) {
    var box = li.querySelector(".ac-feedback");
    box.textContent = "";
    var verdict;
    if (result.correct === null) verdict = result.answer && result.answer.self_assessment ? "Self-assessed" : "Compare with the model answer";
    else verdict = result.correct ? "Correct" : (result.score > 0 ? "Partly correct" : "Not correct");
    var head = el("p", "ac-verdict " + (result.correct ? "ac-right" : (result.correct === null ? "ac-self" : "ac-wrong")));
    head.appendChild(el("strong", null, verdict));
    head.appendChild(document.createTextNode(" \u2014 score " + Math.round(result.score * 100) + "%"));
    box.appendChild(head);
    var ul = el("ul", "ac-feedback-list");
    result.feedback.forEach(function (f) {
      var item = el("li");
      // Feedback strings come from the page's key (rendered and escaped at build time).
      item.innerHTML = f;
      ul.appendChild(item);
    });
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
    fs.appendChild(el("legend", null, "Rate your answer against the model answer and rubric:"));
    ["not yet", "partly", "fully"].forEach(function (v, n) {
      var id = li.id + "-r" + n;
      var input = el("input"); input.type = "radio"; input.name = li.id + "-rating"; input.value = v; input.id = id;
      var label = el("label", null, v); label.setAttribute("for", id);
      fs.appendChild(input); fs.appendChild(label);
    });
    wrap.appendChild(fs);
    var reveal = el("button", "ac-reveal", "Show the model answer");
    reveal.type = "button";
    reveal.addEventListener("click", function () { var d = li.querySelector(".ac-answer"); if (d) { d.open = true; d.querySelector("summary").focus(); } });
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

    root.querySelectorAll(".ac-actions, .ac-summary, .ac-learner").forEach(function (e) { e.hidden = false; });
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
      function pct(a, b) { return Math.round(1000 * a / b) / 10 + "%"; }
      function num(x) { return String(Math.round(x * 100) / 100); }
      root.querySelector(".ac-score").textContent = "Mastery of what was answered: " +
        (marked ? pct(earned, marked) + " (" + num(earned) + " of " + num(marked) + " points)" : "\u2013") +
        " \u00b7 Completion: " + answered + " of " + n + " questions (" + pct(answered, n) + ")" +
        (selfRated ? " \u00b7 Self-rated open answers: " + selfRated + " (not in mastery)" : "");
    }

    root.querySelectorAll("li.ac-q").forEach(function (li) {
      var key = keys[li.getAttribute("data-qid")];
      if (!key) return;
      if (key.type === "open") addRating(li, li.id);
      li.querySelector(".ac-check").addEventListener("click", function () {
        var result;
        try { result = grade(key, readAnswer(li, key.type)); }
        catch (e) { result = { score: 0, correct: false, feedback: ["This answer could not be checked."], answer: null }; }
        showFeedback(li, key, result);
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
        restoreAnswer(li, key.type, r.answer);
        showFeedback(li, key, { score: r.score, correct: r.correct, answer: r.answer, feedback: grade(key, readAnswer(li, key.type)).feedback });
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
    loadDoc: loadDoc, saveDoc: saveDoc, download: download, nowIso: nowIso, el: el };

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
      say("Restored your grid from this browser.");
    }

    function save() {
      var doc = ac.loadDoc();
      doc.records = doc.records.filter(function (r) { return !isMine(r); });
      doc.records.push({ kind: "exercise", chapter: chapter, question_id: id, exercise: id,
        answer: readGrid(), time: ac.nowIso(), origin: "book" });
      ac.saveDoc(doc);
      say("Saved in this browser.");
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
      say("Your grid was cleared.");
    });
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
      var note = lo && hi && lo > hi ? " The start date is after the end date." : "";
      if (status) status.textContent = "Showing " + shown + " of " + rows.length + " events." + note;
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
