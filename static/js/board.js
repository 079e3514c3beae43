// The kanban board: drag a card to a column to move it. The drop fills in the card's own
// "Move" form (the keyboard-accessible menu) and submits it, so both go through the same
// endpoint and the same service. No inline scripts; htmx swaps the board after each move.
(function () {
  "use strict";
  var dragged = null;

  function column(el) { return el && el.closest ? el.closest(".board-column") : null; }

  document.addEventListener("dragstart", function (event) {
    var card = event.target.closest && event.target.closest(".card[draggable=true]");
    if (!card) { return; }
    dragged = card;
    card.classList.add("card-dragging");
    event.dataTransfer.effectAllowed = "move";
    event.dataTransfer.setData("text/plain", card.dataset.application);
  });

  document.addEventListener("dragend", function () {
    if (dragged) { dragged.classList.remove("card-dragging"); }
    dragged = null;
    document.querySelectorAll(".board-column.drop-target").forEach(function (c) { c.classList.remove("drop-target"); });
  });

  document.addEventListener("dragover", function (event) {
    var target = column(event.target);
    if (!dragged || !target) { return; }
    event.preventDefault();
    event.dataTransfer.dropEffect = "move";
    document.querySelectorAll(".board-column.drop-target").forEach(function (c) {
      if (c !== target) { c.classList.remove("drop-target"); }
    });
    target.classList.add("drop-target");
  });

  document.addEventListener("drop", function (event) {
    var target = column(event.target);
    if (!dragged || !target) { return; }
    event.preventDefault();
    var card = dragged;
    var stage = target.dataset.stage;
    var form = card.querySelector("form[data-move-form]");
    if (!form || column(card) === target) { return; }
    form.querySelector("select[name=stage]").value = stage;
    if (stage === "rejected" || stage === "withdrawn") {
      // A reason is required: open the menu at the reason instead of guessing one.
      var menu = card.querySelector("details.move-menu");
      menu.open = true;
      var field = form.querySelector(stage === "rejected" ? "select[name=rejection_reason]" : "input[name=withdrawn_reason]");
      field.focus();
      return;
    }
    if (form.requestSubmit) { form.requestSubmit(); } else { form.submit(); }
  });

  // After htmx replaces the board, put focus back on the card that moved, so a keyboard user
  // carries on from it (the old card, and the button they pressed, are gone with the old board).
  // After settle, not swap: htmx puts the new `class` attributes (card-moved) in only then.
  document.addEventListener("htmx:afterSettle", function (event) {
    if (!event.target || event.target.id !== "board") { return; }
    var moved = event.target.querySelector(".card-moved");
    if (moved) { moved.focus(); }
  });
})();
