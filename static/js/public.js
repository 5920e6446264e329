// Public reading pages, progressive enhancement only: open the table of contents on wide screens.
(function () {
  "use strict";
  var wide = window.matchMedia && window.matchMedia("(min-width: 64rem)");
  if (!wide || !wide.matches) { return; }
  document.querySelectorAll("details[data-open-wide]").forEach(function (el) { el.open = true; });
})();
