// The family card's QR code is this page's address with the card code as its fragment
// (…/c#CODE). A browser never sends the fragment to a server; here it goes into the form, the
// address loses it at once (so it is not in the history either), and only the PIN is asked.
// The code then travels once, in the body of the POST. Without this script the page shows the
// ordinary card-code field.
(function () {
  "use strict";
  var input = document.getElementById("card");
  var pin = document.getElementById("pin");
  if (!input || !pin) return;
  var code = "";
  if (window.location.hash.length > 1) {
    try {
      code = decodeURIComponent(window.location.hash.slice(1));
    } catch (error) {
      code = window.location.hash.slice(1);
    }
    window.history.replaceState(null, "", window.location.pathname + window.location.search);
  }
  var field = input.closest(".field");
  if (code) {
    input.value = code.trim();
  } else if (!input.value || (field && field.classList.contains("has-error"))) {
    return;  // nothing read from a card (or the code itself was refused): the family types it
  }
  // A code read from the card (now, or before a wrong PIN was sent back): ask only for the PIN.
  if (field) field.hidden = true;
  document.getElementById("card-read").hidden = false;
  document.getElementById("card-type").hidden = true;
  if (!document.querySelector(".error-summary")) pin.focus();
})();
