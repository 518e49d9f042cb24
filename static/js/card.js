// Printable card page: print button and the choice to leave the name off.
(function () {
  "use strict";
  var button = document.querySelector("[data-print]");
  if (button) button.addEventListener("click", function () { window.print(); });
  var toggle = document.getElementById("show-name");
  var card = document.getElementById("family-card");
  if (toggle && card) {
    toggle.addEventListener("change", function () {
      card.classList.toggle("hide-name", !toggle.checked);
    });
  }
})();
