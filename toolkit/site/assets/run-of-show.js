/* The live run of show: a facilitator's timer for a session, generic.

   Everything it knows of the session comes from the page: the segments as
   JSON in <script type="application/json" data-live-data> (title, minutes,
   what to do, clock span, when it starts, activity link), written by the guide's
   build (toolkit/site/run_of_show.py), and the elements marked data-live-*.

   State is three numbers: the segment, the time spent in it before the
   timer last started, and when it last started (null when paused). They are
   kept in localStorage under the page's path, so a reloaded or reopened tab
   keeps its place, and a running timer keeps running through a reload.
   Nothing is sent anywhere; the page works offline and from file://.

   Keys: Space starts and pauses; Right arrow or Page Down goes to the next
   segment, Left arrow or Page Up back (presentation remotes send these).
   A polite live region announces each new segment, start and pause, and
   the end of a segment's time; the ticking clock itself is not announced. */
(function () {
  "use strict";
  var root = document.querySelector("[data-live]");
  if (!root) return;
  var data = JSON.parse(root.querySelector("[data-live-data]").textContent);
  var segments = data.segments;
  var key = "tk-live:" + window.location.pathname + ":" + data.id;

  function hook(name) { return root.querySelector("[data-live-" + name + "]"); }
  var view = {
    position: hook("position"), span: hook("span"), title: hook("title"), left: hook("left"),
    unit: hook("unit"), bar: hook("bar"), notes: hook("notes"), next: hook("next"),
    announce: hook("announce")
  };
  var buttons = {};
  [].forEach.call(root.querySelectorAll("[data-live-action]"), function (button) {
    buttons[button.getAttribute("data-live-action")] = button;
  });
  var items = [].slice.call(root.querySelectorAll("[data-live-segment]"));

  var state = load();

  function load() {
    var saved = null;
    try { saved = JSON.parse(window.localStorage.getItem(key)); } catch (e) { saved = null; }
    var fresh = { index: 0, spent: 0, since: null, warned: false };
    if (!saved || typeof saved.index !== "number") return fresh;
    return {
      index: Math.min(Math.max(0, Math.floor(saved.index)), segments.length - 1),
      spent: Math.max(0, Number(saved.spent) || 0),
      since: typeof saved.since === "number" ? saved.since : null,
      warned: Boolean(saved.warned)
    };
  }

  function save() {
    try { window.localStorage.setItem(key, JSON.stringify(state)); } catch (e) { /* private mode: no memory */ }
  }

  function now() { return Date.now(); }
  function running() { return state.since !== null; }
  function spent() { return state.spent + (running() ? now() - state.since : 0); }
  function segment() { return segments[state.index]; }
  function leftMs() { return segment().minutes * 60000 - spent(); }

  /* m:ss of time left, counted down in whole seconds begun (0:00 only when it is up),
     or of time over, counted up in whole seconds passed. */
  function clock(ms) {
    var seconds = ms >= 0 ? Math.ceil(ms / 1000) : Math.floor(-ms / 1000);
    var m = Math.floor(seconds / 60), s = seconds % 60;
    return m + ":" + (s < 10 ? "0" : "") + s;
  }

  function nextText() {
    var next = segments[state.index + 1];
    if (!next) return "the end of the session";
    return next.title + ", " + next.minutes + " min, " + next.at;
  }

  function say(text) {
    // Emptied first so the same words said twice are announced twice.
    view.announce.textContent = "";
    window.setTimeout(function () { view.announce.textContent = text; }, 50);
  }

  function announceSegment() {
    var s = segment();
    say("Segment " + (state.index + 1) + " of " + segments.length + ": " + s.title + ", " + s.minutes +
        " minutes" + (data.clock ? ", " + s.span : "") + ". Next: " + nextText() + ".");
  }

  /* The parts that change with the segment. */
  function showSegment() {
    var s = segment();
    view.position.textContent = "Segment " + (state.index + 1) + " of " + segments.length;
    view.span.textContent = s.span;
    view.title.textContent = s.title;
    view.notes.textContent = s.notes;
    if (s.activity) {
      view.notes.appendChild(document.createTextNode(" Activity: "));
      var link = document.createElement("a");
      link.href = s.activity.href;
      link.textContent = s.activity.title;
      view.notes.appendChild(link);
      view.notes.appendChild(document.createTextNode("."));
    }
    view.next.textContent = nextText();
    items.forEach(function (item, n) {
      item.classList.toggle("tk-live--past", n < state.index);
      if (n === state.index) item.setAttribute("aria-current", "step");
      else item.removeAttribute("aria-current");
    });
    setDisabled(buttons.back, state.index === 0);
    setDisabled(buttons.next, state.index === segments.length - 1);
    tick();
  }

  /* aria-disabled, not disabled: a button that keeps focus when it stops applying. */
  function setDisabled(button, disabled) {
    if (button) button.setAttribute("aria-disabled", disabled ? "true" : "false");
  }

  /* The parts that change with time. */
  function tick() {
    var left = leftMs(), s = segment();
    var over = left < 0;
    var text = (over ? "+" : "") + clock(left);
    if (view.left.textContent !== text) view.left.textContent = text;
    var unit = over ? "over the " + s.minutes + " min" : "left of " + s.minutes + " min";
    if (!running() && spent() > 0) unit += ", paused";
    if (view.unit.textContent !== unit) view.unit.textContent = unit;
    root.classList.toggle("tk-live--over", over);
    root.classList.toggle("tk-live--running", running());
    view.bar.style.width = Math.min(100, Math.max(0, 100 * spent() / (s.minutes * 60000))) + "%";
    buttons.toggle.textContent = running() ? "Pause" : (spent() > 0 ? "Resume" : "Start");
    if (over && running() && !state.warned) {
      state.warned = true;
      save();
      say("Time is up for " + s.title + ". Next: " + nextText() + ".");
    }
  }

  function toggle() {
    if (running()) {
      state.spent = spent();
      state.since = null;
      say("Paused with " + clock(leftMs()) + (leftMs() < 0 ? " over." : " left."));
    } else {
      state.since = now();
      say("Started: " + clock(leftMs()) + " left in " + segment().title + ".");
    }
    save();
    tick();
  }

  function go(step) {
    var index = state.index + step;
    if (index < 0 || index >= segments.length) return;
    state.index = index;
    state.spent = 0;
    state.warned = false;
    if (running()) state.since = now();
    save();
    showSegment();
    announceSegment();
  }

  function reset() {
    if (!window.confirm("Start the session over from the first segment?")) return;
    state = { index: 0, spent: 0, since: null, warned: false };
    save();
    showSegment();
    announceSegment();
  }

  function fullscreen() {
    if (document.fullscreenElement) document.exitFullscreen();
    else if (document.documentElement.requestFullscreen) document.documentElement.requestFullscreen();
  }

  var actions = { back: function () { go(-1); }, next: function () { go(1); }, toggle: toggle,
                  reset: reset, fullscreen: fullscreen };
  Object.keys(buttons).forEach(function (name) {
    buttons[name].addEventListener("click", function () {
      if (buttons[name].getAttribute("aria-disabled") === "true") return;
      actions[name]();
    });
  });
  if (!document.documentElement.requestFullscreen && buttons.fullscreen) buttons.fullscreen.hidden = true;

  document.addEventListener("keydown", function (event) {
    if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey) return;
    var target = event.target;
    if (target.closest && target.closest("input, textarea, select, [contenteditable], .md-search")) return;
    var onControl = target.closest && target.closest("button, a, summary");
    var key = event.key;
    if ((key === " " || key === "Spacebar") && !onControl) toggle();
    else if (key === "ArrowRight" || key === "PageDown") go(1);
    else if (key === "ArrowLeft" || key === "PageUp") go(-1);
    else return;
    event.preventDefault();
  });

  [].forEach.call(root.querySelectorAll("[data-live-controls]"), function (element) { element.hidden = false; });
  showSegment();
  window.setInterval(tick, 250);
  // A tab in the background ticks rarely: shown again, it is brought up to date at once.
  document.addEventListener("visibilitychange", tick);
})();
