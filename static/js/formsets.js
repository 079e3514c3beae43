// Rows added and removed in place (work history, qualifications): a Django formset whose empty form
// sits in a <template>. "Add" clones it with the next index; "Remove" ticks the row's DELETE box and
// hides the row, so nothing is lost until the whole form is saved. Without JavaScript the page
// still works: one empty row to type in and a "Remove" checkbox per row. No inline scripts (CSP).
(function () {
  "use strict";

  function visibleRows(list) {
    return Array.prototype.filter.call(list.querySelectorAll("[data-row]"), function (row) { return !row.hidden; });
  }

  function renumber(list) {
    visibleRows(list).forEach(function (row, index) {
      var legend = row.querySelector("legend");
      if (!legend) { return; }
      var number = legend.querySelector("[data-row-number]");
      if (number) { number.textContent = String(index + 1); }
      else { legend.textContent = legend.textContent.replace(/\d+\s*$/, String(index + 1)); }
      var button = row.querySelector("[data-row-remove]");
      if (button) { button.setAttribute("aria-label", "Remove " + legend.textContent.trim().toLowerCase()); }
    });
  }

  function announce(list, text) {
    var region = list.parentNode.querySelector("[data-rows-status]");
    if (region) { region.textContent = text; }
  }

  function enhanceRow(list, row) {
    var box = row.querySelector("[data-row-delete]");
    if (!box || row.querySelector("[data-row-remove]")) { return; }
    box.closest("label").hidden = true;
    var button = document.createElement("button");
    button.type = "button";
    button.className = "btn btn-small btn-quiet";
    button.textContent = "Remove";
    button.setAttribute("data-row-remove", "");
    box.closest(".row-remove").appendChild(button);
    button.addEventListener("click", function () {
      var legend = row.querySelector("legend").textContent.trim();
      box.checked = true;
      row.hidden = true;
      renumber(list);
      announce(list, legend + " removed. It is deleted when you save.");
      var add = document.querySelector('[data-row-add="' + list.dataset.rows + '"]');
      if (add) { add.hidden = false; add.focus(); }
    });
  }

  function addRow(list) {
    var prefix = list.dataset.rows;
    var total = document.getElementById("id_" + prefix + "-TOTAL_FORMS");
    var template = document.querySelector('template[data-row-template="' + prefix + '"]');
    if (!total || !template) { return; }
    var index = parseInt(total.value, 10) || 0;
    var holder = document.createElement("div");
    holder.innerHTML = template.innerHTML.replace(/__prefix__/g, String(index));
    var row = holder.firstElementChild;
    list.appendChild(row);
    total.value = String(index + 1);
    enhanceRow(list, row);
    renumber(list);
    var first = row.querySelector("input:not([type=hidden]):not([type=checkbox]), textarea, select");
    if (first) { first.focus(); }
    var max = parseInt(list.dataset.max, 10);
    var add = document.querySelector('[data-row-add="' + prefix + '"]');
    if (add && max && visibleRows(list).length >= max) { add.hidden = true; }
  }

  function init() {
    document.querySelectorAll("[data-rows]").forEach(function (list) {
      var status = document.createElement("p");
      status.className = "visually-hidden";
      status.setAttribute("aria-live", "polite");
      status.setAttribute("data-rows-status", "");
      list.parentNode.insertBefore(status, list.nextSibling);
      list.querySelectorAll("[data-row]").forEach(function (row) { enhanceRow(list, row); });
      var add = document.querySelector('[data-row-add="' + list.dataset.rows + '"]');
      if (add) {
        add.hidden = false;
        add.addEventListener("click", function () { addRow(list); });
      }
    });
  }

  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", init); }
  else { init(); }
})();
