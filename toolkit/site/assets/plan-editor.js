/* The online Action Plan Template (templates/action-plan-online.html).
 *
 * Generic on purpose: the page's HTML says what the plan looks like, through
 * data attributes, and this script only follows them.
 *   [data-plan-root]          the form; data-plan-district is part of the storage key
 *   [data-plan-key]           a value; its key in the plan file
 *   [data-plan-list]          a list in the plan file; its rows are children marked
 *                             [data-plan-item], cloned from its own <template>
 *   [data-plan-scalar]        a list of plain strings (one field per row)
 *   [data-plan-kind=lines]    a textarea whose lines are a list of strings
 *   [data-plan-kind=line]     a textarea that wraps but holds one line (Enter is ignored)
 *   [data-plan-default]       a value that is left out of the export
 *   [data-plan-add=KEY]       adds a row to the list KEY of the same scope
 *   [data-plan-remove]        removes the row it is in
 *   [data-plan-number]        shows its row's number
 *   [data-plan-rules]         JSON: the checklist's words, patterns and messages, written
 *                             by toolkit/plan/rules.py (browser_rules) so "Check this plan"
 *                             says exactly what `toolkit check --plan` says
 *   [data-plan-findings]      where the findings are listed, each a button to its field
 * The draft is kept in localStorage on every change, as typed; the export
 * drops empty values and rows so a checker reports what is missing as missing.
 * Nothing typed is ever parsed as HTML: values go through .value and
 * .textContent only. No request leaves the page, so it works from file://.
 */
(function () {
  "use strict";

  var root = document.querySelector("[data-plan-root]");
  if (!root) return;

  var STORAGE_KEY = "toolkit-plan:v1:" + location.pathname + ":" + (root.dataset.planDistrict || "");
  var ANNOUNCE_AFTER_MS = 1200;
  var status = root.querySelector("[data-plan-status]");
  var fileInput = root.querySelector("[data-plan-import]");
  var announceTimer = null;

  // -- the shape of the form -------------------------------------------------------
  function scopeOf(el) {
    return el.parentElement.closest("[data-plan-item], [data-plan-root]");
  }

  /* The values and lists that belong to `scope` itself, not to a row inside it. */
  function partsOf(scope) {
    return Array.prototype.filter.call(
      scope.querySelectorAll("[data-plan-key], [data-plan-list]"),
      function (el) { return scopeOf(el) === scope; });
  }

  function itemsOf(list) {
    return Array.prototype.filter.call(list.children, function (c) { return c.hasAttribute("data-plan-item"); });
  }

  function firstField(scope) {
    return scope.querySelector("input:not([hidden]), textarea, select");
  }

  function capitalize(text) { return text.charAt(0).toUpperCase() + text.slice(1); }

  // -- reading -----------------------------------------------------------------------
  function isEmpty(value) {
    if (Array.isArray(value)) return value.length === 0;
    if (value && typeof value === "object") return Object.keys(value).length === 0;
    return value === "";
  }

  function valueOf(el, raw) {
    if (raw) return el.value;
    if (el.dataset.planKind === "lines") {
      return el.value.split("\n").map(function (s) { return s.trim(); }).filter(Boolean);
    }
    if (el.dataset.planKind === "line") return el.value.replace(/\s*\n\s*/g, " ").trim();
    if (el.dataset.planDefault !== undefined && el.value === el.dataset.planDefault) return "";
    return el.value.trim();
  }

  /* The plan held in `scope`. raw: every row and value as typed, for the draft;
     otherwise the plan file, without empty values and empty rows. `fields`, if
     given, receives the element of each value and row under its place in the
     plan file ("initiatives.0.process_benchmarks.1.person"), empty ones too. */
  function read(scope, raw, fields, prefix) {
    var out = {};
    prefix = prefix || "";
    partsOf(scope).forEach(function (el) {
      if (el.hasAttribute("data-plan-list")) {
        var key = el.dataset.planList;
        var kept = 0;
        var rows = [];
        itemsOf(el).forEach(function (item) {
          var place = prefix + key + "." + kept;
          var row;
          if (!el.hasAttribute("data-plan-scalar")) {
            row = read(item, raw, fields, place + ".");
          } else {
            var field = item.querySelector("[data-plan-key]");
            row = field ? valueOf(field, raw) : "";
            if (fields && field) fields[place] = field;
          }
          if (raw || !isEmpty(row)) {
            rows.push(row);
            if (fields) fields[place] = fields[place] || item;
            kept += 1;
          }
        });
        if (fields) fields[prefix + key] = el;
        if (raw || rows.length) out[key] = rows;
      } else {
        var value = valueOf(el, raw);
        if (fields) fields[prefix + el.dataset.planKey] = el;
        if (raw || !isEmpty(value)) out[el.dataset.planKey] = value;
      }
    });
    return out;
  }

  // -- writing -----------------------------------------------------------------------
  function setValue(el, value) {
    if (value === undefined || value === null) {
      if (el.tagName === "SELECT") el.value = el.dataset.planDefault || "";
      else el.value = el.defaultValue;
    } else if (Array.isArray(value)) {
      el.value = value.map(String).join("\n");
    } else if (typeof value === "object") {
      el.value = "";
    } else {
      el.value = String(value);
    }
    if (el.tagName === "SELECT" && el.selectedIndex < 0) el.value = el.dataset.planDefault || "";
    markEmpty(el);
  }

  function markEmpty(el) {
    el.toggleAttribute("data-empty", el.value === "");
  }

  function addItem(list) {
    var template = list.querySelector(":scope > template");
    var item = template.content.firstElementChild.cloneNode(true);
    list.appendChild(item);
    write(item, {});
    return item;
  }

  /* Show `data` (a plan file or a draft) in `scope`; what it lacks is reset. */
  function write(scope, data) {
    data = data && typeof data === "object" && !Array.isArray(data) ? data : {};
    partsOf(scope).forEach(function (el) {
      if (el.hasAttribute("data-plan-list")) {
        itemsOf(el).forEach(function (item) { item.remove(); });
        var rows = Array.isArray(data[el.dataset.planList]) ? data[el.dataset.planList] : [];
        rows.forEach(function (row) {
          var item = addItem(el);
          if (el.hasAttribute("data-plan-scalar")) {
            var field = item.querySelector("[data-plan-key]");
            if (field) setValue(field, typeof row === "object" ? null : row);
          } else {
            write(item, row);
          }
        });
        var min = parseInt(el.dataset.planMin || "0", 10);
        while (itemsOf(el).length < min) addItem(el);
      } else {
        setValue(el, data[el.dataset.planKey]);
      }
    });
  }

  /* Row numbers, and accessible names that say which row: "Process benchmark 2: Date". */
  function renumber() {
    root.querySelectorAll("[data-plan-list]").forEach(function (list) {
      var noun = list.dataset.planNoun || "row";
      itemsOf(list).forEach(function (item, index) {
        var n = String(index + 1);
        var name = capitalize(noun) + " " + n;
        item.querySelectorAll("[data-plan-number]").forEach(function (el) {
          if (el.closest("[data-plan-item]") === item) el.textContent = n;
        });
        item.querySelectorAll("[data-plan-label]").forEach(function (el) {
          if (scopeOf(el) === item) el.setAttribute("aria-label", name + ": " + el.dataset.planLabel);
        });
        item.querySelectorAll("[data-plan-remove]").forEach(function (el) {
          if (el.closest("[data-plan-item]") === item) el.setAttribute("aria-label", "Remove " + noun + " " + n);
        });
      });
    });
  }

  // -- saving and telling ------------------------------------------------------------
  function say(message) {
    // Emptied first so the same message is announced again.
    status.textContent = "";
    window.setTimeout(function () { status.textContent = message; }, 50);
  }

  function save(announce) {
    try {
      localStorage.setItem(STORAGE_KEY, JSON.stringify({ version: 1, plan: read(root, true) }));
    } catch (err) {
      window.clearTimeout(announceTimer);
      say("This browser did not keep the plan (its storage is blocked or full). Save the plan as a file to keep it.");
      return;
    }
    if (announce) {
      window.clearTimeout(announceTimer);
      announceTimer = window.setTimeout(function () { say("Saved in this browser."); }, ANNOUNCE_AFTER_MS);
    }
  }

  function load() {
    var saved = null;
    try {
      saved = JSON.parse(localStorage.getItem(STORAGE_KEY) || "null");
    } catch (err) {
      saved = null;
    }
    write(root, saved && saved.plan);
    renumber();
    if (saved && saved.plan) say("Restored the plan saved in this browser.");
  }

  // -- actions -----------------------------------------------------------------------
  function listFor(button) {
    var scope = scopeOf(button);
    var key = button.dataset.planAdd;
    return partsOf(scope).filter(function (el) { return el.dataset.planList === key; })[0];
  }

  function addButtonFor(list) {
    var scope = scopeOf(list);
    return Array.prototype.filter.call(scope.querySelectorAll("[data-plan-add]"), function (b) {
      return b.dataset.planAdd === list.dataset.planList && scopeOf(b) === scope;
    })[0];
  }

  function add(button) {
    var list = listFor(button);
    if (!list) return;
    var item = addItem(list);
    renumber();
    save(false);
    var field = firstField(item);
    if (field) field.focus();
    say("Added " + list.dataset.planNoun + " " + itemsOf(list).length + ".");
  }

  function remove(button) {
    var item = button.closest("[data-plan-item]");
    var list = item.parentElement;
    var noun = list.dataset.planNoun;
    var items = itemsOf(list);
    var index = items.indexOf(item);
    var filled = !isEmpty(read(item, false));
    if (filled && item.querySelector("[data-plan-list]") &&
        !window.confirm("Remove " + noun + " " + (index + 1) + " and everything typed in it?")) return;
    var neighbour = items[index + 1] || items[index - 1];
    item.remove();
    renumber();
    save(false);
    var target = neighbour ? firstField(neighbour) : addButtonFor(list);
    if (target) target.focus();
    say("Removed " + noun + " " + (index + 1) + ".");
  }

  /* "lowercase-ascii-words", at most `limit` characters, cut between words. */
  function slug(text, limit) {
    var words = String(text || "").normalize("NFKD").replace(/[\u0300-\u036f]/g, "")
      .toLowerCase().match(/[a-z0-9]+/g) || [];
    var out = "";
    words.forEach(function (word) {
      var next = out ? out + "-" + word : word;
      if (next.length <= limit) out = next;
      else limit = -1;  // stop at the first word that does not fit
    });
    return out;
  }

  /* The file name of a team's plan: district, plan year and its initiative (or
     strategy), so ten teams' files never overwrite one another. */
  function fileName(plan) {
    var first = (plan.initiatives || [])[0] || {};
    var item = first.name || ((plan.strategies || [])[0] || {}).strategy;
    var parts = [slug(plan.district, 40), slug(plan.plan_year, 9), slug(item, 60)].filter(Boolean);
    return (parts.length ? parts.join("-") : "action-plan") + ".json";
  }

  function exportPlan() {
    var plan = read(root, false);
    var blob = new Blob([JSON.stringify(plan, null, 2) + "\n"], { type: "application/json" });
    var url = URL.createObjectURL(blob);
    var link = document.createElement("a");
    link.href = url;
    link.download = fileName(plan);
    link.hidden = true;
    document.body.appendChild(link);
    link.click();
    link.remove();
    window.setTimeout(function () { URL.revokeObjectURL(url); }, 10000);
    say("Saved the plan as " + link.download + " in your downloads.");
  }

  function importPlan(file) {
    file.text().then(function (text) {
      var plan;
      try {
        plan = JSON.parse(text);
      } catch (err) {
        plan = null;
      }
      var known = partsOf(root).some(function (el) {
        return plan && typeof plan === "object" && (el.dataset.planKey || el.dataset.planList) in plan;
      });
      if (!known || Array.isArray(plan)) {
        say(file.name + " is not a plan file saved from this page, so nothing was changed.");
        return;
      }
      if (!isEmpty(read(root, false)) &&
          !window.confirm("Replace the plan in this form with the plan in " + file.name + "?")) return;
      write(root, plan);
      renumber();
      save(false);
      say("Opened " + file.name + ".");
    });
  }

  function startOver() {
    if (!window.confirm("Start over with an empty plan? Everything typed here is deleted from this browser. " +
                        "Save the plan as a file first to keep it.")) return;
    try { localStorage.removeItem(STORAGE_KEY); } catch (err) { /* nothing kept, nothing to remove */ }
    write(root, {});
    renumber();
    var field = firstField(root);
    if (field) field.focus();
    say("Started a new, empty plan.");
  }

  // -- checking: the checklist of toolkit/plan/rules.py ------------------------------
  /* The rules' data (words, patterns, messages) comes from the page, written
     by the toolkit from the same declarations `toolkit check --plan` uses; the
     logic below mirrors toolkit/plan/rules.py and toolkit/plan/model.py rule
     by rule, and the tests run one set of cases through both. */
  var rulesElement = document.querySelector("[data-plan-rules]");
  var R = rulesElement ? JSON.parse(rulesElement.textContent) : null;
  var findingsBox = root.querySelector("[data-plan-findings]");

  function format(key, values) {
    return R.messages[key].replace(/\{(\w+)\}/g, function (all, name) {
      return Object.prototype.hasOwnProperty.call(values, name) ? String(values[name]) : all;
    });
  }

  function oneLine(text) { return String(text).split(/\s+/).filter(Boolean).join(" "); }

  function short(text) {
    var chars = Array.from(oneLine(text));
    if (chars.length <= R.nameLimit) return chars.join("");
    return chars.slice(0, R.nameLimit - 1).join("").replace(/\s+$/, "") + "\u2026";
  }

  function notOnePerson(name) {
    var text = oneLine(name.toLowerCase());
    var words = text.match(new RegExp(R.words, "g")) || [];
    if (!words.length || R.placeholders.indexOf(text) >= 0) return "why-placeholder";
    if (new RegExp(R.several, "i").test(text)) return "why-several";
    if (R.groupWords.indexOf(words[words.length - 1]) >= 0 || R.groupWords.indexOf(text) >= 0) return "why-group";
    return null;
  }

  function day(iso) {
    var parts = iso.split("-").map(Number);
    return R.months[parts[1] - 1] + " " + parts[2] + ", " + parts[0];
  }

  function pad(n) { return (n < 10 ? "0" : "") + n; }

  /* Every finding for `plan` (a plan file's data): {severity, message, place}. */
  function checkPlan(plan) {
    var found = [];
    function add(rule, place, key, values, subject) {
      values = values || {};
      if (subject) values.subject = subject;
      found.push({ severity: R.severity[rule] || "error", message: format(key, values), place: place });
    }
    /* Each of `pairs` ([field, message key]) that `item` leaves empty (or as an empty list),
       unless its value was there but unreadable. */
    function requireFields(item, pairs, rule, values, subject) {
      pairs.forEach(function (pair) {
        var value = item.data[pair[0]];
        if ((!value || (Array.isArray(value) && !value.length)) && !item.broken[pair[0]]) {
          add(rule, item.place + "." + pair[0], pair[1], Object.assign({}, values), subject);
        }
      });
    }
    /* The name in `item`'s field `key` is one accountable person (toolkit/plan/rules.py). */
    function requireOnePerson(item, key, rule, values, subject) {
      var why = item.data[key] ? notOnePerson(item.data[key]) : null;
      if (!why) return;
      values = Object.assign({}, values, { why: R.messages[why] });
      values[key] = item.data[key];
      add(rule, item.place + "." + key, key, values, subject);
    }
    function formatError(place, key, values) {
      found.push({ severity: "error", message: format(key, values || {}), place: place });
    }
    var broken = {};

    /* Whether `value` is longer than the loader takes for `field` ("benchmark.person"); said if so. */
    function tooLong(value, field, place) {
      var max = R.maxLength[field];
      var n = Array.from(String(value)).length;
      if (max === undefined || n <= max) return false;
      formatError(place, "too-long", { n: n, max: max });
      return true;
    }
    /* `data` as the loader keeps it: without the texts it refuses as too long, whose keys
       are `broken` (a value that was refused is not reported again as missing). */
    function clean(data, item, place) {
      var out = {};
      var refused = {};
      Object.keys(data).forEach(function (key) {
        var value = data[key];
        if (Array.isArray(value)) {
          var kept = value.filter(function (text, index) {
            return typeof text !== "string" || !tooLong(text, item + "." + key, place + "." + key + "." + index);
          });
          if (kept.length !== value.length) refused[key] = true;
          out[key] = kept;
        } else if (typeof value === "string" && tooLong(value, item + "." + key, place + "." + key)) {
          refused[key] = true;
        } else {
          out[key] = value;
        }
      });
      return { data: out, broken: refused };
    }

    if (!plan.district) formatError("district", "missing-district");
    else tooLong(plan.district, "plan.district", "district");
    var year = plan.plan_year || "";
    var match = year ? new RegExp("^(?:" + R.planYear + ")$").exec(year) : null;
    if (!year) formatError("plan_year", "missing-plan_year");
    else if (!match) formatError("plan_year", "plan-year-format", { value: year });
    else if (Number(match[2]) !== Number(match[1]) + 1) formatError("plan_year", "plan-year-span", { plan_year: year });

    function items(listKey, nameKey, noun) {
      var kept = [];
      (plan[listKey] || []).forEach(function (item, index) {
        var place = listKey + "." + index;
        var loaded = clean(item, noun, place);
        if (!loaded.data[nameKey]) {
          if (!loaded.broken[nameKey]) formatError(place + "." + nameKey, "missing-" + nameKey);
          broken[listKey] = true;
          return;
        }
        kept.push({ data: loaded.data, broken: loaded.broken, place: place, number: kept.length + 1,
                    subject: noun + " '" + short(item[nameKey]) + "'", name: item[nameKey] });
      });
      return kept;
    }
    var initiatives = items("initiatives", "name", "initiative");
    var strategies = items("strategies", "strategy", "strategy");

    if (!initiatives.length && !strategies.length && !broken.initiatives && !broken.strategies) {
      add("plan-has-content", "initiatives", "no-content");
    }
    [[initiatives, "name", "initiative"], [strategies, "strategy", "strategy"]].forEach(function (spec) {
      var seen = {};
      spec[0].forEach(function (item) {
        var name = oneLine(item.name.toLowerCase());
        if (Object.prototype.hasOwnProperty.call(seen, name)) {
          add("names-unique", item.place + "." + spec[1], "listed-twice",
              { kind: spec[2], first: seen[name] }, item.subject);
        } else {
          seen[name] = item.number;
        }
      });
    });

    function benchmarks(initiative) {
      var out = [];
      ["process_benchmarks", "early_evidence_benchmarks"].forEach(function (key) {
        var kind = key === "process_benchmarks" ? "process" : "early_evidence";
        (initiative.data[key] || []).forEach(function (b, index) {
          var place = initiative.place + "." + key + "." + index;
          var loaded = clean(b, "benchmark", place);
          out.push({ data: loaded.data, broken: loaded.broken, kind: kind,
                     label: R.labels[kind] + " " + (index + 1), place: place });
        });
      });
      return out;
    }
    function steps(strategy) {
      return (strategy.data.action_steps || []).map(function (s, index) {
        var place = strategy.place + ".action_steps." + index;
        var loaded = clean(s, "step", place);
        return { data: loaded.data, broken: loaded.broken, number: index + 1, place: place };
      });
    }
    function outOfOrder(list, key) {
      var pairs = [];
      var latest = null;
      list.forEach(function (item) {
        var when = item.data[key];
        if (!when) return;
        if (latest && when < latest.data[key]) pairs.push([item, latest]);
        if (!latest || when >= latest.data[key]) latest = item;
      });
      return pairs;
    }

    // Each benchmark and action step loaded once (its refused values said once).
    initiatives.forEach(function (i) { i.benchmarks = benchmarks(i); });
    strategies.forEach(function (s) { s.steps = steps(s); });

    // In the order of RULES (toolkit/plan/rules.py).
    initiatives.forEach(function (i) {
      i.benchmarks.forEach(function (b) {
        requireFields(b, [["benchmark", "no-benchmark"], ["person", "no-person"], ["date", "no-date"]],
                      "benchmark-complete", { label: b.label }, i.subject);
      });
    });
    initiatives.forEach(function (i) {
      i.benchmarks.forEach(function (b) {
        requireOnePerson(b, "person", "benchmark-person", { label: b.label }, i.subject);
      });
    });
    initiatives.forEach(function (i) {
      [["process_benchmarks", "no-process-benchmarks"], ["early_evidence_benchmarks", "no-early-evidence"],
       ["resources", "no-resources"]].forEach(function (pair) {
        if (!(i.data[pair[0]] || []).length && !i.broken[pair[0]]) add("initiative-complete", i.place + ".name", pair[1], {}, i.subject);
      });
    });
    initiatives.forEach(function (i) {
      var process = i.benchmarks.filter(function (b) { return b.kind === "process"; });
      outOfOrder(process, "date").forEach(function (pair) {
        add("process-benchmarks-in-order", pair[0].place + ".date", "process-order",
            { label: pair[0].label, date: pair[0].data.date, before_label: pair[1].label,
              before_date: pair[1].data.date }, i.subject);
      });
    });
    initiatives.forEach(function (i) {
      i.benchmarks.forEach(function (b) {
        if (b.kind === "early_evidence" && b.data.benchmark && !new RegExp(R.quantity, "i").test(b.data.benchmark)) {
          add("early-evidence-quantified", b.place + ".benchmark", "no-quantity", { label: b.label }, i.subject);
        }
      });
    });
    strategies.forEach(function (s) {
      if (!(s.data.action_steps || []).length) add("strategy-has-steps", s.place + ".strategy", "no-action-steps", {}, s.subject);
    });
    strategies.forEach(function (s) {
      s.steps.forEach(function (step) {
        requireFields(step, [["step", "no-step"], ["resources", "no-step-resources"], ["measures", "no-measures"],
                             ["owner", "no-owner"], ["deadline", "no-deadline"]],
                      "action-step-complete", { n: step.number }, s.subject);
      });
    });
    strategies.forEach(function (s) {
      s.steps.forEach(function (step) {
        requireOnePerson(step, "owner", "action-step-owner", { n: step.number }, s.subject);
      });
    });
    strategies.forEach(function (s) {
      outOfOrder(s.steps, "deadline").forEach(function (pair) {
        add("action-steps-in-order", pair[0].place + ".deadline", "step-order",
            { n: pair[0].number, deadline: pair[0].data.deadline, before: pair[1].number,
              before_deadline: pair[1].data.deadline }, s.subject);
      });
    });
    // Dates are held to the plan year only when it is one school year, as the command does.
    if (match && Number(match[2]) === Number(match[1]) + 1) {
      var first = match[1] + "-" + pad(R.yearStart[0]) + "-" + pad(R.yearStart[1]);
      var last = match[2] + "-" + pad(R.yearEnd[0]) + "-" + pad(R.yearEnd[1]);
      var span = format("year-span", { first: day(first), last: day(last) });
      initiatives.forEach(function (i) {
        i.benchmarks.forEach(function (b) {
          var when = b.data.date;
          if (when && (when < first || when > last)) {
            add("dates-in-plan-year", b.place + ".date", "date-outside",
                { label: b.label, date: when, plan_year: year, span: span }, i.subject);
          }
        });
      });
      strategies.forEach(function (s) {
        s.steps.forEach(function (step) {
          var when = step.data.deadline;
          if (when && (when < first || when > last)) {
            add("dates-in-plan-year", step.place + ".deadline", "deadline-outside",
                { n: step.number, deadline: when, plan_year: year, span: span }, s.subject);
          }
        });
      });
    }
    return found;
  }

  /* The field a finding is about: the value itself, or the nearest thing that holds it. */
  function fieldFor(fields, place) {
    var parts = place.split(".");
    while (parts.length) {
      var el = fields[parts.join(".")];
      if (el) {
        if (el.matches("input, textarea, select")) return el;
        var inside = firstField(el);
        if (inside) return inside;
      }
      parts.pop();
    }
    return firstField(root);
  }

  function checkForm() {
    var fields = {};
    var plan = read(root, false, fields);
    var found = checkPlan(plan).map(function (f) {
      f.field = fieldFor(fields, f.place);
      return f;
    });
    found.sort(function (a, b) {
      if (a.field === b.field) return (a.severity === "error" ? 0 : 1) - (b.severity === "error" ? 0 : 1);
      return a.field.compareDocumentPosition(b.field) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1;
    });
    root.querySelectorAll("[aria-invalid]").forEach(function (el) { el.removeAttribute("aria-invalid"); });
    var list = findingsBox.querySelector("[data-plan-findings-list]");
    list.textContent = "";
    var errors = 0;
    found.forEach(function (f) {
      if (f.severity === "error") {
        errors += 1;
        f.field.setAttribute("aria-invalid", "true");
      }
      var li = document.createElement("li");
      li.className = "tk-plan-finding tk-plan-finding-" + f.severity;
      li.dataset.planSeverity = f.severity;
      var button = document.createElement("button");
      button.type = "button";
      button.className = "tk-plan-goto";
      var label = document.createElement("strong");
      label.textContent = capitalize(f.severity) + ":";
      var text = document.createElement("span");
      text.dataset.planMessage = "";
      text.textContent = f.message;
      button.appendChild(label);
      button.appendChild(document.createTextNode(" "));
      button.appendChild(text);
      button.addEventListener("click", function () {
        f.field.scrollIntoView({ block: "center" });
        f.field.focus();
      });
      li.appendChild(button);
      list.appendChild(li);
    });
    var warnings = found.length - errors;
    var summary;
    if (!found.length) {
      summary = "The plan meets the checklist, with nothing to fix.";
    } else if (!errors) {
      summary = "The plan meets the checklist, with " + count(warnings, "warning") +
                ". Choose a finding to go to its field.";
    } else {
      summary = count(errors, "error") + " and " + count(warnings, "warning") +
                ": fix the errors before the plan is reviewed. Choose a finding to go to its field.";
    }
    findingsBox.querySelector("[data-plan-findings-summary]").textContent = summary;
    findingsBox.hidden = false;
    findingsBox.querySelector("h2").focus();
    say("Checked the plan. " + summary);
  }

  function count(n, word) { return n + " " + word + (n === 1 ? "" : "s"); }

  // -- wiring ------------------------------------------------------------------------
  root.addEventListener("submit", function (event) { event.preventDefault(); });
  root.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && event.target.dataset && event.target.dataset.planKind === "line") {
      event.preventDefault();
    }
  });
  root.addEventListener("input", function (event) {
    if (event.target === fileInput) return;
    if (event.target.dataset.planKind === "line" && /\n/.test(event.target.value)) {
      event.target.value = event.target.value.replace(/\s*\n\s*/g, " ");  // pasted lines
    }
    markEmpty(event.target);
    save(true);
  });
  root.addEventListener("change", function (event) {
    if (event.target === fileInput) {
      if (fileInput.files.length) importPlan(fileInput.files[0]);
      fileInput.value = "";
      return;
    }
    save(true);
  });
  root.addEventListener("click", function (event) {
    var button = event.target.closest("button");
    if (!button || !root.contains(button)) return;
    if (button.hasAttribute("data-plan-add")) add(button);
    else if (button.hasAttribute("data-plan-remove")) remove(button);
    else if (button.dataset.planAction === "export") exportPlan();
    else if (button.dataset.planAction === "import") fileInput.click();
    else if (button.dataset.planAction === "check") checkForm();
    else if (button.dataset.planAction === "print") window.print();
    else if (button.dataset.planAction === "reset") startOver();
  });

  load();
})();
