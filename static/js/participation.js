// Progressive enhancement for the participation forms; everything works without it.
// 1. Selecting text in the unit fills the quote field (with a mouse or a finger).
// 2. The proposal form shows its word diff live, from the same server-side renderer.
(function () {
  "use strict";

  var source = document.querySelector(".quote-source");
  var quote = document.getElementById("quote");
  if (source && quote) {
    var pick = function () {
      var selection = window.getSelection();
      if (!selection || selection.isCollapsed || !selection.rangeCount) { return; }
      var range = selection.getRangeAt(0);
      if (!source.contains(range.commonAncestorContainer)) { return; }
      var text = selection.toString().replace(/\s+/g, " ").trim();
      if (text) { quote.value = text; }
    };
    document.addEventListener("mouseup", pick);
    // On touch screens a selection is made with handles, without a mouseup.
    var picking = null;
    document.addEventListener("selectionchange", function () {
      window.clearTimeout(picking);
      picking = window.setTimeout(pick, 300);
    });
  }

  var form = document.querySelector(".proposal-form[data-preview-url]");
  var target = form && form.querySelector("[data-diff-target]");
  var textarea = form && form.querySelector("#proposed_text");
  if (!form || !target || !textarea || !window.fetch) { return; }
  var timer = null;
  var last = null;
  function refresh() {
    if (textarea.value === last) { return; }
    last = textarea.value;
    var body = new URLSearchParams();
    body.set("csrf_token", form.querySelector("[name=csrf_token]").value);
    body.set("unit", form.querySelector("[name=unit]").value);
    body.set("proposed_text", textarea.value);
    fetch(form.getAttribute("data-preview-url"), {
      method: "POST", body: body, credentials: "same-origin",
      headers: { "X-Requested-With": "fetch" }
    }).then(function (response) {
      return response.ok ? response.text() : null;
    }).then(function (html) {
      if (html === null) { return; }
      var doc = new DOMParser().parseFromString(html, "text/html");
      var diff = doc.querySelector(".diff-text");
      if (diff) { target.replaceChildren(document.importNode(diff, true)); }
    }).catch(function () { /* the Pratinjau button still works */ });
  }
  textarea.addEventListener("input", function () {
    window.clearTimeout(timer);
    timer = window.setTimeout(refresh, 400);
  });
})();
