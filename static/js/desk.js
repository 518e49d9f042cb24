// The desk without page reloads: scans go to the API, the panel and signal update in place,
// and each result has its own tone (Web Audio, nothing downloaded). Without this script the
// same forms post to the server and the page reloads.
(function () {
  "use strict";
  var root = document.getElementById("desk");
  if (!root || !window.fetch) return;
  var input = document.getElementById("code");
  var result = document.getElementById("desk-result");
  var panelSlot = document.getElementById("panel-slot");
  var partsSlot = document.getElementById("parts-slot");
  var busy = false;
  var audio = null;

  var TONES = {
    ok: [[660, 0.09], [880, 0.14]],
    refused: [[196, 0.35]],
    attention: [[520, 0.09], [0, 0.06], [520, 0.09], [0, 0.06], [520, 0.09]],
    repeat: [[440, 0.07]]
  };
  var ICON_BASE = result.getAttribute("data-icons") || "";

  function beep(signal) {
    var Ctx = window.AudioContext || window.webkitAudioContext;
    if (!Ctx || !TONES[signal]) return;
    try {
      audio = audio || new Ctx();
      var at = audio.currentTime;
      TONES[signal].forEach(function (tone) {
        if (tone[0]) {
          var osc = audio.createOscillator();
          var gain = audio.createGain();
          osc.type = signal === "refused" ? "square" : "sine";
          osc.frequency.value = tone[0];
          gain.gain.setValueAtTime(0.2, at);
          gain.gain.exponentialRampToValueAtTime(0.001, at + tone[1]);
          osc.connect(gain).connect(audio.destination);
          osc.start(at);
          osc.stop(at + tone[1]);
        }
        at += tone[1];
      });
    } catch (e) { /* no sound: the colour and words still say it */ }
  }

  function show(body) {
    var words = JSON.parse(root.getAttribute("data-words"));
    result.className = "desk-result signal-" + body.signal;
    result.setAttribute("data-signal", body.signal);
    result.textContent = "";
    var img = document.createElement("img");
    img.src = ICON_BASE + "signal-" + body.signal + ".svg";
    img.alt = ""; img.width = 40; img.height = 40;
    var p = document.createElement("p");
    var strong = document.createElement("strong");
    strong.textContent = (words[body.signal] || "") + ": ";
    p.appendChild(strong);
    p.appendChild(document.createTextNode(body.message));
    result.appendChild(img);
    result.appendChild(p);
    beep(body.signal);
    if (body.family) root.setAttribute("data-family", body.family);
    if (body.panel) panelSlot.innerHTML = body.panel;  // rendered and escaped by the server
    partsSlot.innerHTML = body.parts_form || "";
    var first = partsSlot.querySelector("input[data-missing]");
    if (first) { first.focus(); } else {
      input.value = "";
      // With the camera on (a phone or tablet), focusing the box would only pop up the keyboard.
      if (!document.querySelector(".camera-on")) input.focus();
    }
  }

  function send(url, payload) {
    if (busy) return;
    busy = true;
    root.setAttribute("data-busy", "1");  // the camera waits rather than scan into a busy desk
    var family = parseInt(root.getAttribute("data-family"), 10);
    if (family) payload.family = family;
    fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": root.getAttribute("data-csrf"), "Accept": "application/json" },
      body: JSON.stringify(payload)
    }).then(function (response) {
      return response.json();
    }).then(show).catch(function () {
      show({ signal: "refused", message: root.getAttribute("data-offline") });
    }).then(function () { busy = false; root.removeAttribute("data-busy"); });
  }

  document.getElementById("scan-form").addEventListener("submit", function (event) {
    event.preventDefault();
    var code = input.value.trim();
    if (!code) { input.focus(); return; }
    send(root.getAttribute("data-scan-url"), { code: code });
  });

  document.getElementById("undo-form").addEventListener("submit", function (event) {
    event.preventDefault();
    send(root.getAttribute("data-undo-url"), {});
  });

  partsSlot.addEventListener("submit", function (event) {
    var form = event.target;
    if (form.id !== "parts-check") return;
    event.preventDefault();
    var missing = {};
    // What was typed goes as it is: a scanner's label that landed here is refused aloud by
    // the server, never read as a number (parseInt) or dropped.
    Array.prototype.forEach.call(form.querySelectorAll("input[data-missing]"), function (field) {
      if (field.value.trim()) missing[field.name.replace("missing-", "")] = field.value;
    });
    send(root.getAttribute("data-return-url"), { item: form.querySelector("input[name=item]").value, missing: missing });
  });

  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape") { partsSlot.innerHTML = ""; input.focus(); }
  });

  if (result.getAttribute("data-signal")) beep(result.getAttribute("data-signal"));
})();
