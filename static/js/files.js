// Files sent with a form: a file over the site's limit is refused here, before anything is sent, so what was typed
// beside it stays; the upload's progress bar shows how much of a file htmx has sent.
(function () {
  "use strict";

  function refuse(input, message) {
    var field = input.closest(".field") || input.parentNode;
    var id = input.id + "-error";
    var error = document.getElementById(id);
    if (!error) {
      error = document.createElement("p");
      error.className = "field__error";
      error.id = id;
      field.insertBefore(error, input);
    }
    error.textContent = message;
    field.classList.add("field--invalid");
    input.setAttribute("aria-invalid", "true");
    var described = (input.getAttribute("aria-describedby") || "").split(" ").filter(Boolean);
    if (described.indexOf(id) < 0) { described.push(id); }
    input.setAttribute("aria-describedby", described.join(" "));
    input.focus();
  }

  // In the capture phase, so neither htmx nor the browser sends the form.
  document.addEventListener("submit", function (event) {
    var form = event.target, limit = Number(form.getAttribute("data-max-bytes"));
    if (!limit) { return; }
    var inputs = form.querySelectorAll("input[type=file]");
    for (var i = 0; i < inputs.length; i++) {
      var file = inputs[i].files && inputs[i].files[0];
      if (file && file.size > limit) {
        event.preventDefault();
        event.stopPropagation();
        refuse(inputs[i], form.getAttribute("data-too-large"));
        return;
      }
    }
  }, true);

  document.addEventListener("htmx:xhr:progress", function (event) {
    var form = event.target && event.target.closest ? event.target.closest("form[data-upload-progress]") : null;
    if (!form || !event.detail.lengthComputable) { return; }
    var bar = form.querySelector("progress");
    bar.hidden = false;
    bar.value = Math.round(event.detail.loaded / event.detail.total * 100);
  });
})();
