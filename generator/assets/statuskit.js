/* statuskit: small enhancements. Every fact is in the HTML already; this only
   adds click-to-load video, copy/share buttons and the overdue marker. */
(function () {
  "use strict";
  function each(selector, fn) {
    Array.prototype.forEach.call(document.querySelectorAll(selector), fn);
  }
  function ready() {
    // Leader's statement: nothing is loaded from the video host before this click.
    each(".sk-video__play", function (button) {
      button.addEventListener("click", function () {
        var frame = document.createElement("iframe");
        frame.src = button.getAttribute("data-src");
        frame.title = button.getAttribute("data-title") || "Video";
        frame.allow = "autoplay; fullscreen; picture-in-picture";
        frame.setAttribute("allowfullscreen", "");
        frame.className = "sk-video__frame";
        button.parentNode.replaceChild(frame, button);
      });
    });
    // Copy link.
    each(".sk-copy", function (button) {
      if (!navigator.clipboard) { return; }
      button.hidden = false;
      button.addEventListener("click", function () {
        navigator.clipboard.writeText(button.getAttribute("data-url")).then(function () {
          button.setAttribute("data-done", "");
          button.textContent = button.getAttribute("data-copied") || "Copied";
        });
      });
    });
    // The browser's own share sheet where it exists.
    each(".sk-webshare", function (button) {
      if (!navigator.share) { return; }
      button.hidden = false;
      button.addEventListener("click", function () {
        navigator.share({ title: button.getAttribute("data-title"), url: button.getAttribute("data-url") })
          .catch(function () {});
      });
    });
    // The next-update promise: marked overdue once the reader's clock passes it.
    each(".sk-next[data-due]", function (el) {
      var due = Date.parse(el.getAttribute("data-due"));
      if (!isNaN(due) && Date.now() > due) {
        el.classList.add("sk-next--overdue");
        var mark = el.querySelector(".sk-overdue");
        if (mark) { mark.hidden = false; }
      }
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", ready);
  } else {
    ready();
  }
})();
