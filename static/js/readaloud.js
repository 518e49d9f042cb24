/* "Read aloud": the browser reads the page's <main> in the page's language.
   Progressive enhancement: the button stays hidden without JavaScript or speech synthesis.
   A logged-in family's pages (data-private) are read only by a voice on the phone itself: some
   browsers' voices send the text to a server, and these pages hold the family's own data. */
(function () {
  "use strict";
  var button = document.getElementById("read-aloud");
  if (!button || !("speechSynthesis" in window) || typeof window.SpeechSynthesisUtterance !== "function") {
    return;
  }
  var synth = window.speechSynthesis;
  var label = button.querySelector(".read-aloud-label");
  var lang = document.documentElement.lang || "nl";
  var privatePage = button.getAttribute("data-private") === "1";

  function voiceFor(code) {
    var voices = ((synth.getVoices && synth.getVoices()) || []).filter(function (voice) {
      return !privatePage || voice.localService === true;
    });
    var wanted = code.toLowerCase();
    var exact = null;
    var near = null;
    voices.forEach(function (voice) {
      var own = (voice.lang || "").toLowerCase().replace("_", "-");
      if (!exact && own === wanted) { exact = voice; }
      if (!near && own.split("-")[0] === wanted.split("-")[0]) { near = voice; }
    });
    return exact || near;
  }

  function speaking(on) {
    label.textContent = button.getAttribute(on ? "data-stop" : "data-read");
    button.setAttribute("aria-pressed", on ? "true" : "false");
  }

  button.addEventListener("click", function () {
    if (button.getAttribute("aria-pressed") === "true") {
      synth.cancel();
      speaking(false);
      return;
    }
    var main = document.getElementById("main");
    var text = main ? (main.innerText || main.textContent || "") : "";
    var utterance = new window.SpeechSynthesisUtterance(text.trim());
    utterance.lang = lang;
    var voice = voiceFor(lang);
    try {
      if (voice) { utterance.voice = voice; }
    } catch (error) {
      voice = null;
    }
    if (privatePage && !voice) { return; }  // no voice on this phone: nothing leaves it
    utterance.onend = function () { speaking(false); };
    utterance.onerror = function () { speaking(false); };
    synth.cancel();
    speaking(true);
    synth.speak(utterance);
  });
  function offer() {
    button.hidden = privatePage && !voiceFor(lang);
  }
  offer();
  if (privatePage && synth.addEventListener) {
    synth.addEventListener("voiceschanged", offer);  // voices arrive after the page
  }
}());
