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
    // #todo-modal: "Add to-do" (issue 18) opens the same way.
    if (!dialog || (dialog.id !== "eng-modal" && dialog.id !== "todo-modal")) { return; }
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

// --- Shortlists (issue 16): a form marked data-warn-unsaved asks before the page is left with
// typed changes that were not saved (its own submit buttons save them, so they don't ask).
(function () {
  "use strict";
  var dirty = false;
  document.addEventListener("input", function (event) {
    if (event.target.closest && event.target.closest("form[data-warn-unsaved]")) { dirty = true; }
  });
  document.addEventListener("submit", function (event) {
    if (event.target.matches && event.target.matches("form[data-warn-unsaved]")) { dirty = false; }
  });
  window.addEventListener("beforeunload", function (event) {
    if (dirty) { event.preventDefault(); event.returnValue = ""; }
  });
})();

// --- Phones and keyboards (issue 16). The main navigation folds behind a "Menu" button on narrow
// screens (CSS decides when the button shows); Escape or a click outside closes it. A disclosure
// marked data-fold-narrow (the candidate list's filters) starts folded on a narrow screen.
(function () {
  "use strict";
  var toggle = document.querySelector(".nav-toggle");
  var bar = toggle && toggle.closest(".topbar");
  if (toggle && bar) {
    var setOpen = function (open) {
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
      bar.classList.toggle("nav-open", open);
    };
    toggle.hidden = false;
    bar.classList.add("has-nav-toggle");
    toggle.addEventListener("click", function () { setOpen(toggle.getAttribute("aria-expanded") !== "true"); });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && toggle.getAttribute("aria-expanded") === "true") {
        setOpen(false);
        toggle.focus();
      }
    });
    document.addEventListener("click", function (event) {
      if (toggle.getAttribute("aria-expanded") === "true" && !bar.contains(event.target)) { setOpen(false); }
    });
  }
  if (window.matchMedia) {
    var narrow = window.matchMedia("(max-width: 900px)");
    var fold = function () {
      document.querySelectorAll("details[data-fold-narrow]").forEach(function (details) { details.open = !narrow.matches; });
    };
    if (narrow.matches) { fold(); }
    // A tablet turned, or a window resized: fold or unfold to suit.
    if (narrow.addEventListener) { narrow.addEventListener("change", fold); }
  }
})();

// --- To-dos (issue 18, lane todos): the "Add to-do" form answers 422 with its errors; show them in
// the modal (htmx leaves 4xx answers unswapped by default).
(function () {
  "use strict";
  document.addEventListener("htmx:beforeSwap", function (event) {
    var target = event.detail.target;
    if (target && target.id === "todo-modal" && event.detail.xhr.status === 422) {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
  });
})();
