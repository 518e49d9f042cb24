// Reach dashboard: counting a network's figures can take seconds, so say so while it runs.
(function () {
  "use strict";
  var busy = document.querySelector(".reach-busy");
  if (!busy) { return; }
  document.querySelectorAll(".reach-choices, .reach-recount").forEach(function (form) {
    form.addEventListener("submit", function () {
      busy.hidden = false;
      form.querySelectorAll("button").forEach(function (button) { button.disabled = true; });
    });
  });
})();
