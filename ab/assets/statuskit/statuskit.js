/* statuskit: small enhancements. Every fact is in the HTML already; this only
   adds click-to-load video, copy/share buttons, the overdue marker and, next to
   each time (shown in the site's timezone), the reader's own time and how long
   ago it was. */
(function () {
  "use strict";
  var promises = [];  // next-update promises (.sk-next[data-due]) not yet overdue
  var timer = null;
  var stamps = [];  // [element, instant in ms]: relative times kept fresh
  function each(selector, fn) {
    Array.prototype.forEach.call(document.querySelectorAll(selector), fn);
  }
  // Times: the HTML says "23 Nov 2026, 17:00 CET" in the site's timezone (named by
  // <meta name="statuskit:timezone">). Beside it goes the reader's own time, when their
  // zone shows a different clock at that instant, and the relative time, in the
  // page's language. Only instants (datetime with "T"); days stay as they are.
  // Each unit up to the point where the next reads better: 29 hours stays 29 hours
  // (a promise "in 29 hours" is more exact than "tomorrow"), 47 days is a month.
  var UNITS = [["second", 1, 60], ["minute", 60, 3600], ["hour", 3600, 172800], ["day", 86400, 2592000],
               ["month", 2592000, 31536000], ["year", 31536000, Infinity]];
  function relative(fmt, ms) {
    var seconds = Math.round((ms - Date.now()) / 1000);
    for (var i = 0; i < UNITS.length; i++) {
      if (Math.abs(seconds) < UNITS[i][2]) {
        return fmt.format(Math.round(seconds / UNITS[i][1]), UNITS[i][0]);
      }
    }
    return "";
  }
  function localTimes() {
    if (!window.Intl || !Intl.DateTimeFormat) { return; }
    var lang = document.documentElement.lang || undefined;
    var meta = document.querySelector('meta[name="statuskit:timezone"]');
    var site = meta ? meta.getAttribute("content") : "UTC";
    var parts = { year: "numeric", month: "short", day: "numeric", hour: "numeric", minute: "2-digit" };
    var siteClock, ownClock, shown, rtf = null;
    try {
      siteClock = new Intl.DateTimeFormat("en-US", Object.assign({ timeZone: site, hourCycle: "h23" }, parts));
      ownClock = new Intl.DateTimeFormat("en-US", Object.assign({ hourCycle: "h23" }, parts));
      shown = new Intl.DateTimeFormat(lang, { month: "short", day: "numeric", hour: "numeric",
                                              minute: "2-digit", timeZoneName: "short" });
    } catch (e) { return; }
    try {
      if (Intl.RelativeTimeFormat) { rtf = new Intl.RelativeTimeFormat(lang, { numeric: "auto" }); }
    } catch (e) { rtf = null; }
    each(".md-content time[datetime]", function (time) {
      var value = time.getAttribute("datetime");
      if (time.hasAttribute("data-sk-local") || value.indexOf("T") < 0) { return; }
      var ms = Date.parse(value);
      if (isNaN(ms)) { return; }
      time.setAttribute("data-sk-local", "");
      var when = new Date(ms);
      var own = siteClock.format(when) !== ownClock.format(when) ? shown.format(when) : "";
      if (!own && !rtf) { return; }
      var extra = document.createElement("span");
      extra.className = "sk-time";
      if (own) {
        var local = document.createElement("span");
        local.className = "sk-time__local";
        local.textContent = own;
        extra.appendChild(local);
      }
      if (rtf) {
        var ago = document.createElement("span");
        ago.className = "sk-time__ago";
        extra.appendChild(ago);
        stamps.push([ago, ms, rtf]);
      }
      time.parentNode.insertBefore(extra, time.nextSibling);
    });
    refreshAgo();
  }
  function refreshAgo() {
    stamps = stamps.filter(function (stamp) {
      if (!stamp[0].isConnected) { return false; }
      stamp[0].textContent = relative(stamp[2], stamp[1]);
      return true;
    });
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
    if (!promises.length && !stamps.length && timer !== null) {
      clearInterval(timer);
      timer = null;
    }
  }
  function ready() {
    localTimes();
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
    if (promises.length || stamps.length) { timer = setInterval(tick, 30000); }
  }
  function tick() {
    if (promises.length) { markOverdue(); }
    refreshAgo();
  }
  document.addEventListener("visibilitychange", function () {
    if (!document.hidden) { tick(); }
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
