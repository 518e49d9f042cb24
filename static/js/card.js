// Printable card page: print button and the choice to leave the name off.
(function () {
  "use strict";
  var button = document.querySelector("[data-print]");
  if (button) button.addEventListener("click", function () { window.print(); });
  var toggle = document.getElementById("show-name");
  var card = document.getElementById("family-card");
  if (toggle && card) {
    // The saved picture follows the box too (both pictures come with the page).
    var link = document.getElementById("card-picture-link");
    var picture = document.getElementById("card-picture");
    var follow = function () {
      card.classList.toggle("hide-name", !toggle.checked);
      if (link) {
        var src = toggle.checked ? link.dataset.withName : link.dataset.withoutName;
        link.href = src;
        if (picture) picture.src = src;
      }
    };
    toggle.addEventListener("change", follow);
    follow(); // a browser may restore an unticked box on reload
  }
})();
