// Scan with the camera of a phone or tablet. Frames from the rear camera are read a few times
// a second (jsQR, vendored); a code found goes into the scan box and is sent through the same
// form as a handheld scanner's, so cards and toy labels behave exactly alike. Without a camera
// (or without this script) the section stays hidden and the desk works as before.
(function () {
  "use strict";
  var box = document.getElementById("camera");
  var form = document.getElementById("scan-form");
  var input = document.getElementById("code");
  if (!box || !form || !input) return;
  if (!navigator.mediaDevices || typeof navigator.mediaDevices.getUserMedia !== "function") return;
  if (typeof window.jsQR !== "function") return;  // the decoder did not load: nothing to offer

  var INTERVAL_MS = 250;   // four looks a second: quick enough, kind to a phone's battery
  var REPEAT_MS = 3000;    // the same code again within this time is the same card still in view
  var MAX_WIDTH = 640;     // frames are scaled down before decoding

  var start = document.getElementById("camera-start");
  var stop = document.getElementById("camera-stop");
  var video = document.getElementById("camera-video");
  var message = document.getElementById("camera-message");
  var canvas = document.createElement("canvas");
  var context = null;
  var stream = null;
  var timer = null;
  var last = { text: "", at: 0 };

  function failed() {
    release();
    message.textContent = box.getAttribute("data-failed");
  }

  function release() {
    if (timer) { clearTimeout(timer); timer = null; }
    if (stream) {
      stream.getTracks().forEach(function (track) { track.stop(); });
      stream = null;
    }
    video.pause();
    video.srcObject = null;
    video.hidden = true;
    stop.hidden = true;
    start.hidden = false;
    box.classList.remove("camera-on");
  }

  function submit(text) {
    input.value = text;
    // requestSubmit fires the submit event desk.js listens to; clicking OK does the same elsewhere.
    if (typeof form.requestSubmit === "function") {
      form.requestSubmit();
    } else {
      form.querySelector("button[type=submit]").click();
    }
  }

  function look() {
    timer = null;
    if (!stream) return;
    var desk = document.getElementById("desk");
    var busy = desk && desk.getAttribute("data-busy");
    if (!busy && video.readyState >= 2 && video.videoWidth && window.jsQR) {
      var scale = Math.min(1, MAX_WIDTH / video.videoWidth);
      var width = Math.round(video.videoWidth * scale);
      var height = Math.round(video.videoHeight * scale);
      if (canvas.width !== width || canvas.height !== height) {
        canvas.width = width;
        canvas.height = height;
        context = null;
      }
      context = context || canvas.getContext("2d", { willReadFrequently: true });
      context.drawImage(video, 0, 0, width, height);
      var frame = context.getImageData(0, 0, width, height);
      var found = window.jsQR(frame.data, width, height, { inversionAttempts: "dontInvert" });
      var text = found && found.data ? found.data.trim() : "";
      var now = Date.now();
      if (text && !(text === last.text && now - last.at < REPEAT_MS)) {
        last = { text: text, at: now };
        submit(text);
      } else if (text) {
        last.at = now;  // still in view: keep ignoring it until it has been away for a while
      }
    }
    timer = setTimeout(look, INTERVAL_MS);
  }

  function open() {
    message.textContent = "";
    start.disabled = true;
    navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" }, audio: false })
      .then(function (media) {
        stream = media;
        video.srcObject = media;
        video.hidden = false;
        start.hidden = true;
        stop.hidden = false;
        box.classList.add("camera-on");
        stop.focus();
        return video.play();
      })
      .then(function () { if (stream && !timer) look(); })
      .catch(failed)
      .then(function () { start.disabled = false; });
  }

  start.addEventListener("click", open);
  stop.addEventListener("click", function () { release(); input.focus(); });
  // Leaving the page or hiding the tab gives the camera back (its light goes off).
  document.addEventListener("visibilitychange", function () { if (document.hidden && stream) release(); });
  window.addEventListener("pagehide", function () { if (stream) release(); });

  box.hidden = false;
})();
