/* Site-wide behaviour of the guide, small and optional: without it every page
   still works.

   The header and the navigation drawer show the district's short name
   (short_name in the district file, given to the page as
   <meta name="tk-short-name">) when its full name does not fit on one line:
   a 300-character name would otherwise be cut to its first words, or fill
   the navigation column. The full name stays in the element's tooltip and in
   the logo link's accessible name. */
(function () {
  "use strict";
  var meta = document.querySelector('meta[name="tk-short-name"]');
  if (!meta) return;
  var shortName = meta.getAttribute("content");
  var MAX_LINES = 2;

  /* The text node holding the name: the element's own last non-empty text. */
  function nameNode(element) {
    var nodes = [].filter.call(element.childNodes, function (node) {
      return node.nodeType === 3 && node.data.trim();
    });
    return nodes[nodes.length - 1] || null;
  }

  function targets() {
    return [].slice.call(document.querySelectorAll(
      ".md-header__topic:first-child > .md-ellipsis, .md-nav--primary > .md-nav__title"));
  }

  var names = targets().map(function (element) {
    var node = nameNode(element);
    return node && { element: element, node: node, full: node.data };
  }).filter(Boolean);

  function tooBig(element) {
    var style = getComputedStyle(element);
    var line = parseFloat(style.lineHeight) || parseFloat(style.fontSize) * 1.3;
    return element.scrollWidth > element.clientWidth + 1 || element.clientHeight > line * MAX_LINES + 1;
  }

  function fit() {
    names.forEach(function (name) {
      if (!name.element.getClientRects().length) return; // hidden: measured when shown
      name.node.data = name.full;
      var useShort = tooBig(name.element);
      name.node.data = useShort ? " " + shortName + " " : name.full;
      if (useShort) name.element.setAttribute("title", name.full.trim());
      else name.element.removeAttribute("title");
      name.element.toggleAttribute("data-tk-short-name", useShort);
    });
  }

  fit();
  if (window.ResizeObserver) {
    var observer = new ResizeObserver(function () { window.requestAnimationFrame(fit); });
    observer.observe(document.body);
  } else {
    window.addEventListener("resize", fit);
  }
})();
