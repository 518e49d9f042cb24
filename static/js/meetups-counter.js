// Host counters: a tap updates the numbers in place through the API (no page reload).
// Without JavaScript the same buttons post a form and the page reloads.
(function () {
  "use strict";
  var root = document.getElementById("counters");
  if (!root || !window.fetch) { return; }
  var api = root.getAttribute("data-api");
  var capacity = parseInt(root.getAttribute("data-capacity"), 10);
  var message = document.getElementById("counter-message");
  var queue = Promise.resolve(); // taps are sent one after another, none is lost

  function show(counts) {
    Object.keys(counts).forEach(function (name) {
      root.querySelectorAll('[data-value="' + name + '"]').forEach(function (el) {
        el.textContent = counts[name];
      });
    });
    var full = counts.adults >= capacity;
    document.getElementById("capacity").classList.toggle("is-full", full);
    document.getElementById("full-badge").hidden = !full;
    var bar = document.getElementById("capacity-bar");
    bar.value = Math.min(counts.adults, capacity);
    bar.textContent = counts.adults + "/" + capacity;
  }

  root.addEventListener("submit", function (event) {
    var form = event.target;
    var button = event.submitter;
    if (!button || !button.name) { return; }
    event.preventDefault();
    var counter = form.querySelector('input[name="counter"]').value;
    var step = parseInt(button.value, 10);
    var token = form.querySelector('input[name="csrf_token"]').value;
    queue = queue.then(function () {
      message.textContent = "";
      return fetch(api, {
        method: "POST",
        credentials: "same-origin",
        headers: { "Content-Type": "application/json", "X-CSRFToken": token },
        body: JSON.stringify({ counter: counter, step: step })
      }).then(function (response) {
        return response.json().then(function (body) { return { ok: response.ok, body: body }; });
      }).then(function (answer) {
        if (answer.ok) { show(answer.body.counts); } else { message.textContent = answer.body.message; }
      }).catch(function () {
        message.textContent = root.getAttribute("data-offline");
      });
    });
  });
})();
