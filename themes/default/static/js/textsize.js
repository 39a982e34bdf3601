/* 关怀版 text size: 默认 / 较大 / 最大, without the browser's zoom.
   Loaded in <head> so a remembered size applies before the page is painted.
   Plain script (no modules, no network): works from file:// and any static server.
   The choice is kept in localStorage, which Chromium allows on file://; where storage
   is blocked the control still works for the page at hand. */
(function () {
  "use strict";
  var KEY = "sitegen.care.textSize";
  var SIZES = ["normal", "larger", "largest"];
  var root = document.documentElement;

  function remembered() {
    try {
      return window.localStorage.getItem(KEY);
    } catch (e) {
      return null;
    }
  }

  function remember(size) {
    try {
      window.localStorage.setItem(KEY, size);
    } catch (e) {
      /* storage blocked: the size lasts for this page only */
    }
  }

  function apply(size) {
    if (SIZES.indexOf(size) < 0) {
      size = "normal";
    }
    for (var i = 0; i < SIZES.length; i++) {
      root.classList.remove("text-" + SIZES[i]);
    }
    if (size !== "normal") {
      root.classList.add("text-" + size);
    }
    var buttons = document.querySelectorAll("[data-text-size] button[data-size]");
    for (var j = 0; j < buttons.length; j++) {
      buttons[j].setAttribute("aria-pressed", String(buttons[j].getAttribute("data-size") === size));
    }
    return size;
  }

  apply(remembered());

  function wire() {
    var group = document.querySelector("[data-text-size]");
    if (!group) {
      return;
    }
    group.addEventListener("click", function (event) {
      var button = event.target.closest ? event.target.closest("button[data-size]") : null;
      if (button) {
        remember(apply(button.getAttribute("data-size")));
      }
    });
    apply(remembered());
    group.hidden = false;
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", wire);
  } else {
    wire();
  }
  /* Another open page changed the size: follow it. */
  window.addEventListener("storage", function (event) {
    if (event.key === KEY) {
      apply(event.newValue);
    }
  });
})();
