/* statuskit: small enhancements. Every fact is in the HTML already; this only
   adds click-to-load video, copy/share buttons and the overdue marker. */
(function () {
  "use strict";
  var promises = [];  // next-update promises (.sk-next[data-due]) not yet overdue
  var timer = null;
  function each(selector, fn) {
    Array.prototype.forEach.call(document.querySelectorAll(selector), fn);
  }
  // The next-update promise: marked overdue once the reader's clock passes it.
  function markOverdue() {
    var now = Date.now();
    promises = promises.filter(function (el) {
      var due = Date.parse(el.getAttribute("data-due"));
      if (isNaN(due)) { return false; }
      if (now <= due) { return true; }
      el.classList.add("sk-next--overdue");
      var mark = el.querySelector(".sk-overdue");
      if (mark) { mark.hidden = false; }
      return false;
    });
    if (!promises.length && timer !== null) {
      clearInterval(timer);
      timer = null;
    }
  }
  function ready() {
    // Leader's statement: nothing is loaded from the video host before this click.
    each(".sk-video__play", function (button) {
      button.hidden = false;  // without this script the page offers the plain link only
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
        }, function () {});
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
    // A status page stays open for hours in a crisis: look again every half minute (and
    // when the tab comes back into view, below), not only when the page loads.
    promises = Array.prototype.slice.call(document.querySelectorAll(".sk-next[data-due]"));
    if (timer !== null) {
      clearInterval(timer);
      timer = null;
    }
    markOverdue();
    if (promises.length) { timer = setInterval(markOverdue, 30000); }
  }
  document.addEventListener("visibilitychange", function () {
    if (!document.hidden && promises.length) { markOverdue(); }
  });
  if (window.document$ && typeof window.document$.subscribe === "function") {
    // mkdocs-material: document$ emits each page, also those its instant navigation
    // swaps in without running this script again.
    window.document$.subscribe(ready);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", ready);
  } else {
    ready();
  }
})();
