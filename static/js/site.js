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
    // Scrolled only when out of sight: a short page keeps its header and heading in view.
    message.scrollIntoView({ block: "nearest" });
  }
  // A link in the list of errors puts the cursor in its field, not only the page at it.
  document.querySelectorAll(".error-summary a[href^='#']").forEach(function (link) {
    link.addEventListener("click", function (event) {
      var field = document.getElementById(link.getAttribute("href").slice(1));
      if (field) {
        event.preventDefault();
        field.focus();
        field.scrollIntoView({ block: "center" });
      }
    });
  });

  // Text given back after the session ended: kept in this tab until the same form is open
  // again (after logging in), then put back into its empty fields.
  var typed = document.querySelector(".typed[data-back]");
  try {
    if (typed && typed.getAttribute("data-back")) {
      var draft = {};
      typed.querySelectorAll("textarea[data-field]").forEach(function (area) {
        draft[area.getAttribute("data-field")] = area.value;
      });
      window.sessionStorage.setItem("timbang-draft:" + typed.getAttribute("data-back"),
                                    JSON.stringify(draft));
    }
    var key = "timbang-draft:" + window.location.pathname + window.location.search;
    var saved = window.sessionStorage.getItem(key);
    if (saved && document.querySelector("form textarea")) {
      var fields = JSON.parse(saved);
      Object.keys(fields).forEach(function (name) {
        var area = document.querySelector("form textarea[name='" + name + "']");
        if (area && !area.value.trim()) { area.value = fields[name]; }
      });
      window.sessionStorage.removeItem(key);
    }
  } catch (e) { /* storage refused: the text is still on the page that gave it back */ }

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
