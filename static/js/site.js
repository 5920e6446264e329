// Progressive enhancement only: every page works without JavaScript.
(function () {
  "use strict";
  document.querySelectorAll("[data-confirm]").forEach(function (el) {
    el.addEventListener("submit", function (event) {
      if (!window.confirm(el.getAttribute("data-confirm"))) { event.preventDefault(); }
    });
  });

  // After an action, the message is where the eyes (and a screen reader) go: the list of
  // errors of a form sent back, else the confirmation, even when the address has an anchor.
  var message = document.querySelector(".error-summary, [data-focus]") ||
    document.querySelector(".flashes");
  if (message) {
    message.focus({ preventScroll: true });
    message.scrollIntoView({ block: "start" });
  }

  // A live count beside text areas with a limit (they have no maxlength: pasted text is never
  // cut without a word).
  var format = new Intl.NumberFormat(document.documentElement.lang || "id");
  document.querySelectorAll("textarea[data-limit]").forEach(function (area) {
    var counter = document.getElementById(area.id + "-count");
    if (!counter) { return; }
    var limit = parseInt(area.getAttribute("data-limit"), 10);
    var template = counter.getAttribute("data-template");
    function update() {
      var n = area.value.length;
      counter.textContent = template.replace("{n}", format.format(n));
      counter.classList.toggle("over", n > limit);
    }
    area.addEventListener("input", update);
    update();
  });
})();
