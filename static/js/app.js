// Small enhancements; every page works without them.
(function () {
  "use strict";

  // Pre-select the browser's time zone in an empty time zone field.
  function detectTimeZone(root) {
    var zone;
    try { zone = Intl.DateTimeFormat().resolvedOptions().timeZone; } catch (e) { return; }
    if (!zone) { return; }
    root.querySelectorAll("input[data-detect-timezone]").forEach(function (input) {
      if (!input.value) { input.value = zone; }
    });
  }

  // After htmx swaps a fragment in, move focus to its message or error summary so it is announced.
  function focusAfterSwap(event) {
    var target = event.detail.elt;
    var focusable = target && target.querySelector ? target.querySelector("[data-focus-after-swap]") : null;
    if (!focusable && target && target.matches && target.matches("[data-focus-after-swap]")) { focusable = target; }
    if (focusable) { focusable.focus(); }
  }

  // A header checkbox that ticks every checkbox named by its data-check-all (shown only with JavaScript).
  function enableCheckAll(root) {
    root.querySelectorAll("input[data-check-all]:not([data-enhanced])").forEach(function (box) {
      box.dataset.enhanced = "";
      box.hidden = false;
      box.addEventListener("change", function () {
        var form = box.closest("form") || document;
        form.querySelectorAll('input[type=checkbox][name="' + box.dataset.checkAll + '"]').forEach(function (each) {
          each.checked = box.checked;
        });
      });
    });
  }

  // Show the options of a question only for the kinds of question that have options.
  function toggleChoices(root) {
    root.querySelectorAll("select[data-controls-choices]:not([data-enhanced])").forEach(function (select) {
      select.dataset.enhanced = "";
      var target = document.getElementById(select.dataset.controlsChoices);
      function update() { target.hidden = ["single", "multiple"].indexOf(select.value) < 0; }
      select.addEventListener("change", update);
      update();
    });
  }

  function enhance(root) { detectTimeZone(root); enableCheckAll(root); toggleChoices(root); }

  // In a conversation, Enter sends the message; Shift+Enter starts a new line.
  document.addEventListener("keydown", function (event) {
    var box = event.target;
    if (event.key !== "Enter" || event.shiftKey || event.isComposing || !box.closest) { return; }
    var form = box.closest("form.message-form");
    if (form && box.tagName === "TEXTAREA") {
      event.preventDefault();
      form.requestSubmit();
    }
  });

  // A conversation starter puts its words in the message box at once (without JavaScript the page comes back with
  // them there), and the box takes the focus, the cursor at the end, ready to send or change.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var section = form.closest ? form.closest("#conversation") : null;
    var box = section ? section.querySelector("textarea#message-text") : null;
    if (!box || !form.classList.contains("starter-form")) { return; }
    event.preventDefault();
    box.value = form.elements.draft.value;
    box.focus();
    box.setSelectionRange(box.value.length, box.value.length);
  });

  document.addEventListener("DOMContentLoaded", function () { enhance(document); });
  document.addEventListener("htmx:load", function (event) { enhance(event.detail.elt); });
  document.addEventListener("htmx:afterSettle", focusAfterSwap);
})();
