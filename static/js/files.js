// The upload form's progress bar: htmx tells how much of a file is sent, the <progress> element shows it.
(function () {
  "use strict";

  document.addEventListener("htmx:xhr:progress", function (event) {
    var form = event.target && event.target.closest ? event.target.closest("form[data-upload-progress]") : null;
    if (!form || !event.detail.lengthComputable) { return; }
    var bar = form.querySelector("progress");
    bar.hidden = false;
    bar.value = Math.round(event.detail.loaded / event.detail.total * 100);
  });
})();
