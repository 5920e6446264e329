// Public reading pages, progressive enhancement only: open the table of contents on wide screens.
(function () {
  "use strict";
  var wide = window.matchMedia && window.matchMedia("(min-width: 64rem)");
  if (!wide || !wide.matches) { return; }
  document.querySelectorAll("details[data-open-wide]").forEach(function (el) { el.open = true; });
})();

// A long text is read BAB by BAB: an old address #pasal-N of a Pasal in another BAB lands on a
// link to it (which works without JavaScript); follow it at once.
(function () {
  "use strict";
  var id = decodeURIComponent(window.location.hash.slice(1));
  var stub = id && document.getElementById(id);
  var link = stub && stub.parentNode.classList.contains("pasal-elsewhere") && stub.querySelector("a");
  if (link) { window.location.replace(link.href); }
})();
