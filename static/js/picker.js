// The record picker (core/widgets.py): a plain input of a record's number becomes a combobox that
// searches what the user can see as they type (WAI-ARIA 1.2 combobox with a listbox popup). What is
// typed is POSTed (names never reach URLs or logs); the chosen record's number is what the form
// sends. Keyboard: type, Down/Up to move, Enter to choose, Escape to close. No inline scripts (CSP).
(function () {
  "use strict";
  var counter = 0;

  function csrfToken(form) {
    var input = form && form.querySelector("input[name=csrfmiddlewaretoken]");
    if (input) { return input.value; }
    try { return JSON.parse(document.body.getAttribute("hx-headers") || "{}")["X-CSRFToken"] || ""; }
    catch (e) { return ""; }
  }

  function enhance(box) {
    if (box.dataset.pickerReady) { return; }
    box.dataset.pickerReady = "1";
    var hidden = box.querySelector("input");
    var form = hidden.form;
    var id = hidden.id || "picker-" + (++counter);
    var listId = id + "-list";
    var input = document.createElement("input");
    input.type = "text";
    input.id = id;
    input.className = hidden.className;
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", listId);
    input.setAttribute("autocomplete", "off");
    input.placeholder = box.dataset.placeholder || "";
    ["aria-describedby", "aria-invalid", "required", "autofocus"].forEach(function (name) {
      if (hidden.hasAttribute(name)) { input.setAttribute(name, hidden.getAttribute(name)); }
    });
    hidden.id = id + "-value";
    hidden.type = "hidden";
    hidden.removeAttribute("autofocus");
    var chosenLabel = box.dataset.chosen || "";
    input.value = chosenLabel;
    var shown = box.querySelector("[data-picker-chosen]");
    if (shown) { shown.remove(); }
    var list = document.createElement("ul");
    list.id = listId;
    list.className = "picker-list";
    list.setAttribute("role", "listbox");
    list.hidden = true;
    var status = document.createElement("span");
    status.className = "visually-hidden";
    status.setAttribute("aria-live", "polite");
    box.insertBefore(input, hidden);
    box.appendChild(list);
    box.appendChild(status);
    var active = -1, timer = null, sequence = 0, results = [];

    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }

    function highlight(index) {
      var items = list.querySelectorAll("[role=option]");
      if (!items.length) { return; }
      active = (index + items.length) % items.length;
      items.forEach(function (item, i) { item.setAttribute("aria-selected", i === active ? "true" : "false"); });
      input.setAttribute("aria-activedescendant", items[active].id);
      items[active].scrollIntoView({ block: "nearest" });
    }

    function choose(index) {
      var row = results[index];
      if (!row) { return; }
      hidden.value = String(row.id);
      chosenLabel = row.label;
      input.value = row.label;
      close();
      status.textContent = row.label + " chosen.";
      hidden.dispatchEvent(new Event("change", { bubbles: true }));
    }

    function render(rows) {
      results = rows;
      list.innerHTML = "";
      if (!rows.length) {
        var empty = document.createElement("li");
        empty.className = "picker-empty";
        empty.textContent = "Nothing you can see matches.";
        list.appendChild(empty);
      }
      rows.forEach(function (row, index) {
        var item = document.createElement("li");
        item.id = listId + "-" + index;
        item.setAttribute("role", "option");
        item.setAttribute("aria-selected", "false");
        item.textContent = row.label;
        if (row.detail) {
          var small = document.createElement("small");
          small.textContent = row.detail;
          item.appendChild(small);
        }
        item.addEventListener("mousedown", function (event) { event.preventDefault(); choose(index); });
        list.appendChild(item);
      });
      list.hidden = false;
      input.setAttribute("aria-expanded", "true");
      status.textContent = rows.length ? rows.length + " result" + (rows.length === 1 ? "" : "s") + ". Use the arrow keys to choose." : "No matches.";
      if (rows.length) { highlight(0); }
    }

    function search() {
      var q = input.value.trim();
      if (q.length < 2 && !/^\d+$/.test(q)) { close(); return; }
      var body = new FormData();
      body.append("q", q);
      if (box.dataset.dependsOn && form) {
        var other = form.elements[box.dataset.dependsOn];
        if (other) { body.append("depends", other.value || ""); }
      }
      var mine = ++sequence;
      fetch(box.dataset.lookup, {
        method: "POST", body: body, credentials: "same-origin",
        headers: { "X-CSRFToken": csrfToken(form), "Accept": "application/json" }
      }).then(function (response) {
        return response.ok ? response.json() : { results: [] };
      }).then(function (data) {
        if (mine === sequence && document.activeElement === input) { render(data.results || []); }
      }).catch(function () { /* the number can still be typed in without the list */ });
    }

    input.addEventListener("input", function () {
      if (!input.value.trim()) { hidden.value = ""; chosenLabel = ""; }
      clearTimeout(timer);
      timer = setTimeout(search, 200);
    });
    input.addEventListener("keydown", function (event) {
      var open = !list.hidden && results.length;
      if (event.key === "ArrowDown") { event.preventDefault(); if (open) { highlight(active + 1); } else { search(); } }
      else if (event.key === "ArrowUp") { if (open) { event.preventDefault(); highlight(active - 1); } }
      else if (event.key === "Enter") { if (open && active >= 0) { event.preventDefault(); choose(active); } }
      else if (event.key === "Escape") { if (!list.hidden) { event.preventDefault(); close(); input.value = chosenLabel; } }
    });
    input.addEventListener("blur", function () {
      close();
      // Typed but nothing chosen: keep what was chosen before (or nothing if the box was cleared).
      if (input.value.trim()) { input.value = chosenLabel; } else { hidden.value = ""; chosenLabel = ""; }
    });
    if (box.dataset.dependsOn && form) {
      var other = form.elements[box.dataset.dependsOn];
      if (other && other.addEventListener) {
        other.addEventListener("change", function () { hidden.value = ""; chosenLabel = ""; input.value = ""; });
      }
    }
  }

  function init(root) { (root || document).querySelectorAll("[data-picker]").forEach(enhance); }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", function () { init(); }); }
  else { init(); }
  document.addEventListener("htmx:afterSwap", function (event) { init(event.detail.target); });
})();
