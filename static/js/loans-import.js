// Catalogue import: show upload progress and put the per-row report on the page.
// Without this script the form posts normally and the report comes with the new page.
(function () {
  "use strict";
  var form = document.getElementById("import-form");
  var bar = document.getElementById("import-progress");
  if (!form || !bar || !window.XMLHttpRequest || !window.FormData) return;
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var request = new XMLHttpRequest();
    request.open("POST", form.action || window.location.href);
    request.setRequestHeader("Accept", "application/json");
    bar.hidden = false;
    bar.removeAttribute("value");  // indeterminate while the server works through the rows
    request.upload.addEventListener("progress", function (e) {
      if (e.lengthComputable) { bar.value = Math.round((e.loaded / e.total) * 100); }
    });
    request.upload.addEventListener("load", function () { bar.removeAttribute("value"); });
    request.addEventListener("load", function () {
      bar.value = 100;
      var report = document.getElementById("import-report");
      try {
        var body = JSON.parse(request.responseText);
        var holder = document.createElement("div");
        holder.innerHTML = body.html;  // rendered and escaped by the server
        report.replaceWith(holder.firstElementChild);
      } catch (e) { form.submit(); }
    });
    request.addEventListener("error", function () { form.submit(); });
    request.send(new FormData(form));
  });
})();
