/* 朗读: read a document page aloud with the browser's own speech synthesis.
   Uses the voices installed on the reader's computer, so it works offline and from
   file://. The button stays hidden where the browser has no speech synthesis.
   Labels come from the page (data-* attributes), never from this file. */
(function () {
  "use strict";
  var control = document.querySelector("[data-read-aloud-control]");
  var synth = window.speechSynthesis;
  if (!control || !synth || typeof window.SpeechSynthesisUtterance !== "function") {
    return;
  }
  var button = control.querySelector("button");
  var status = control.querySelector("[role=status]");
  var run = 0;          /* events of an earlier, stopped reading are ignored */
  var reading = false;
  var MAX_CHUNK = 120;  /* long utterances are cut off by some engines: speak sentence by sentence */

  function setReading(on) {
    reading = on;
    button.textContent = button.getAttribute(on ? "data-label-stop" : "data-label-start");
  }

  function pageText() {
    var parts = [];
    var nodes = document.querySelectorAll("[data-read-aloud]");
    for (var i = 0; i < nodes.length; i++) {
      parts.push(nodes[i].innerText || nodes[i].textContent || "");
    }
    return parts.join("\n");
  }

  function chunks(text) {
    var sentences = text.match(/[^。！？；!?;\n]+[。！？；!?;]*/g) || [];
    var out = [];
    var current = "";
    for (var i = 0; i < sentences.length; i++) {
      var sentence = sentences[i].replace(/\s+/g, " ").trim();
      if (!sentence) {
        continue;
      }
      if (current && (current + sentence).length > MAX_CHUNK) {
        out.push(current);
        current = "";
      }
      current += sentence;
    }
    if (current) {
      out.push(current);
    }
    return out;
  }

  function chineseVoice() {
    var voices = synth.getVoices() || [];
    var fallback = null;
    for (var i = 0; i < voices.length; i++) {
      var lang = (voices[i].lang || "").replace("_", "-").toLowerCase();
      if (lang === "zh-cn") {
        return voices[i];
      }
      if (!fallback && lang.indexOf("zh") === 0) {
        fallback = voices[i];
      }
    }
    return fallback;
  }

  function start() {
    synth.cancel();
    run += 1;
    var mine = run;
    var parts = chunks(pageText());
    if (!parts.length) {
      return;
    }
    var voice = chineseVoice();
    status.textContent = "";
    setReading(true);
    for (var i = 0; i < parts.length; i++) {
      var utterance = new window.SpeechSynthesisUtterance(parts[i]);
      utterance.lang = document.documentElement.lang || "zh-CN";
      if (voice) {
        utterance.voice = voice;
      }
      utterance.onerror = function (event) {
        if (mine !== run || event.error === "interrupted" || event.error === "canceled") {
          return;
        }
        run += 1;
        synth.cancel();
        setReading(false);
        status.textContent = button.getAttribute("data-message-failed");
      };
      if (i === parts.length - 1) {
        utterance.onend = function () {
          if (mine === run) {
            setReading(false);
          }
        };
      }
      synth.speak(utterance);
    }
  }

  function stop() {
    run += 1;
    synth.cancel();
    setReading(false);
  }

  button.addEventListener("click", function () {
    if (reading) {
      stop();
    } else {
      start();
    }
  });
  /* Leaving the page stops the voice, as readers expect. */
  window.addEventListener("pagehide", stop);
  control.hidden = false;
})();
