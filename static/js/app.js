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
