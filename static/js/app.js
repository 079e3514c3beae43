// RecruitCRM: small progressive enhancements. No inline scripts anywhere (CSP-friendly).
(function () {
  "use strict";
  // Close the user menu on Escape or when clicking outside it.
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape") {
      document.querySelectorAll("details.usermenu[open]").forEach(function (menu) {
        menu.removeAttribute("open");
        menu.querySelector("summary").focus();
      });
    }
    // "/" focuses the page's search box, as in most tools recruiters use.
    if (event.key === "/" && !/^(INPUT|TEXTAREA|SELECT)$/.test(document.activeElement.tagName)) {
      var search = document.querySelector("[data-search-box]");
      if (search) { event.preventDefault(); search.focus(); }
    }
  });
  document.addEventListener("click", function (event) {
    document.querySelectorAll("details.usermenu[open]").forEach(function (menu) {
      if (!menu.contains(event.target)) { menu.removeAttribute("open"); }
    });
  });
})();

// --- Engagement (issue 8): the "log a call/note" modal. htmx fills <dialog id="eng-modal">; show it,
// focus the first field, close on Cancel/Close or Escape (the browser's own dialog behaviour).
(function () {
  "use strict";
  document.addEventListener("htmx:afterSwap", function (event) {
    var dialog = event.detail.target;
    if (!dialog || dialog.id !== "eng-modal") { return; }
    if (!dialog.open && dialog.showModal) { dialog.showModal(); }
    var first = dialog.querySelector("textarea, select, input:not([type=hidden]), button");
    if (first) { first.focus(); }
  });
  document.addEventListener("click", function (event) {
    if (event.target.closest("[data-eng-dismiss]")) {
      var dialog = event.target.closest("dialog");
      if (dialog) { dialog.close(); dialog.innerHTML = ""; }
    }
  });
})();
