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

  document.addEventListener("DOMContentLoaded", function () { detectTimeZone(document); });
  document.addEventListener("htmx:afterSettle", focusAfterSwap);
})();
