// Candidates list: a "select all on this page" box for bulk tagging. No inline scripts (CSP-friendly).
(function () {
  "use strict";
  document.addEventListener("change", function (event) {
    var box = event.target;
    if (!box.matches || !box.matches("[data-select-all]")) { return; }
    document.querySelectorAll('input[type=checkbox][name="' + box.dataset.selectAll + '"]').forEach(function (item) {
      item.checked = box.checked;
    });
  });
})();
