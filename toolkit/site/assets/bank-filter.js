/* The benchmark example bank (examples/benchmarks.html): filter the sets by kind.
 *
 * The page holds every set, so without this script readers see them all and
 * the filter stays hidden. With it, the filter appears; choosing a kind hides
 * the other kinds' sections (and their entries in the table of contents) and
 * says in a status message how many are shown. Its wording comes from the
 * page (data-all, data-some); a link to one set (#set-id) shows all kinds so
 * the set is never hidden. No request leaves the page: it works from file://.
 */
(function () {
  "use strict";

  var filter = document.querySelector("[data-tk-bank-filter]");
  if (!filter) return;
  var sets = Array.prototype.slice.call(document.querySelectorAll(".tk-bank-set"));
  var radios = Array.prototype.slice.call(filter.querySelectorAll("input[type=radio]"));
  var status = filter.querySelector("[data-tk-bank-status]");

  /* The set's entries in the table of contents: the theme draws it twice, in the
     side bar and in the menu drawer of small screens. */
  function tocEntries(section) {
    var heading = section.querySelector("h2[id]");
    if (!heading) return [];
    var links = document.querySelectorAll('.md-nav--secondary a[href="#' + heading.id + '"]');
    return Array.prototype.map.call(links, function (link) { return link.closest("li"); });
  }

  function show(kind, announce) {
    var shown = 0;
    var label = "";
    sets.forEach(function (section) {
      var match = !kind || section.getAttribute("data-kind") === kind;
      section.hidden = !match;
      tocEntries(section).forEach(function (entry) { entry.hidden = !match; });
      if (match) {
        shown += 1;
        label = section.getAttribute("data-kind-label");
      }
    });
    if (!announce) {
      status.textContent = "";
    } else if (!kind) {
      status.textContent = status.getAttribute("data-all");
    } else {
      status.textContent = status.getAttribute("data-some")
        .replace("{shown}", String(shown)).replace("{kind}", label);
    }
  }

  radios.forEach(function (radio) {
    radio.addEventListener("change", function () {
      if (radio.checked) show(radio.value, true);
    });
  });

  function showLinkedSet() {
    var id = decodeURIComponent(location.hash.slice(1));
    var target = id && document.getElementById(id);
    if (target && target.closest(".tk-bank-set[hidden]")) {
      radios[0].checked = true;
      show("", true);
      target.scrollIntoView();
    }
  }

  window.addEventListener("hashchange", showLinkedSet);
  filter.hidden = false;
  var checked = radios.filter(function (r) { return r.checked; })[0];
  show(checked ? checked.value : "", false);
  showLinkedSet();
})();
