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
     otherwise the plan file, without empty values and empty rows. */
  function read(scope, raw) {
    var out = {};
    partsOf(scope).forEach(function (el) {
      if (el.hasAttribute("data-plan-list")) {
        var rows = itemsOf(el).map(function (item) {
          if (!el.hasAttribute("data-plan-scalar")) return read(item, raw);
          var field = item.querySelector("[data-plan-key]");
          return field ? valueOf(field, raw) : "";
        });
        if (!raw) rows = rows.filter(function (row) { return !isEmpty(row); });
        if (raw || rows.length) out[el.dataset.planList] = rows;
      } else {
        var value = valueOf(el, raw);
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

  function exportPlan() {
    var plan = read(root, false);
    var year = (plan.plan_year || "").replace(/[^0-9A-Za-z-]+/g, "-");
    var blob = new Blob([JSON.stringify(plan, null, 2) + "\n"], { type: "application/json" });
    var url = URL.createObjectURL(blob);
    var link = document.createElement("a");
    link.href = url;
    link.download = "action-plan" + (year ? "-" + year : "") + ".json";
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
    else if (button.dataset.planAction === "print") window.print();
    else if (button.dataset.planAction === "reset") startOver();
  });

  load();
})();
