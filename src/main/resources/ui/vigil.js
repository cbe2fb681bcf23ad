// Vigil dashboard: local times, live refresh over server-sent events, small conveniences.
(function () {
  "use strict";

  var dateTime = new Intl.DateTimeFormat(undefined, { year: "numeric", month: "short", day: "numeric",
    hour: "2-digit", minute: "2-digit", second: "2-digit", timeZoneName: "short" });
  var timeOnly = new Intl.DateTimeFormat(undefined, { hour: "2-digit", minute: "2-digit", second: "2-digit" });
  var relative = new Intl.RelativeTimeFormat(undefined, { numeric: "auto" });

  function human(ms) {
    var s = Math.round(Math.abs(ms) / 1000);
    if (s < 60) return s + " s";
    if (s < 3600) return Math.floor(s / 60) + " min" + (s % 60 ? " " + (s % 60) + " s" : "");
    if (s < 86400) return Math.floor(s / 3600) + " h" + (Math.floor(s % 3600 / 60) ? " " + Math.floor(s % 3600 / 60) + " min" : "");
    return Math.floor(s / 86400) + " d" + (Math.floor(s % 86400 / 3600) ? " " + Math.floor(s % 86400 / 3600) + " h" : "");
  }

  function rel(ms) {
    var s = ms / 1000, a = Math.abs(s);
    if (a < 45) return relative.format(Math.round(s), "second");
    if (a < 2700) return relative.format(Math.round(s / 60), "minute");
    if (a < 64800) return relative.format(Math.round(s / 3600), "hour");
    return relative.format(Math.round(s / 86400), "day");
  }

  // Server renders UTC; here each <time> is shown in the viewer's zone, the UTC instant stays in the tooltip.
  function localize(root, selector) {
    var now = Date.now();
    (root || document).querySelectorAll(selector || "time[datetime]").forEach(function (el) {
      var t = Date.parse(el.getAttribute("datetime"));
      if (isNaN(t)) return;
      var style = el.dataset.style || "datetime";
      var local = dateTime.format(t);
      if (style === "relative") el.textContent = rel(t - now);
      else if (style === "elapsed") el.textContent = human(now - t);
      else if (style === "time") el.textContent = timeOnly.format(t);
      else el.textContent = local;
      var utc = new Date(t).toISOString().replace("T", " ").replace(/\.\d+Z$/, " UTC").replace("Z", " UTC");
      el.title = (style === "datetime" ? "" : local + "\n") + utc;
    });
  }

  // Parts of a page marked data-live="url" are re-fetched when the server says something changed.
  var inFlight = new WeakMap();
  function refresh(el) {
    if (!el.isConnected || !window.htmx) return;
    var state = inFlight.get(el);
    if (state) { state.again = true; return; }
    inFlight.set(el, { again: false });
    // Each part is its own request source: htmx queues requests per source and keeps only the last one waiting.
    htmx.ajax("GET", el.dataset.live, { source: el, target: el, swap: "outerHTML" }).finally(function () {
      var s = inFlight.get(el);
      inFlight.delete(el);
      if (s && s.again) {
        var replacement = el.id ? document.getElementById(el.id) : null;
        if (replacement) refresh(replacement);
      }
    });
  }
  function refreshAll() {
    document.querySelectorAll("[data-live]").forEach(refresh);
  }

  // One event stream per visible page. A browser allows only six connections to a host (HTTP/1.1),
  // and each open stream holds one: hidden tabs and pages kept in the back-forward cache let theirs
  // go, and catch up when they are shown again.
  var source = null;
  function connect() {
    var badge = document.getElementById("live-state");
    if (!badge || !window.EventSource || source) return;
    var first = true;
    source = new EventSource("/ui/events");
    source.addEventListener("hello", function () {
      badge.dataset.state = "live"; badge.textContent = "live";
      if (!first) refreshAll(); // reconnected: catch up on what was missed
      first = false;
    });
    source.addEventListener("change", refreshAll);
    source.onerror = function () { badge.dataset.state = "down"; badge.textContent = "reconnecting"; };
  }
  function disconnect() {
    if (source) { source.close(); source = null; }
    var badge = document.getElementById("live-state");
    if (badge) { badge.dataset.state = "paused"; badge.textContent = "paused"; }
  }
  window.addEventListener("pagehide", disconnect);
  window.addEventListener("pageshow", function (e) { if (e.persisted) { connect(); refreshAll(); } });
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden") disconnect();
    else if (!source) { connect(); refreshAll(); }
  });

  function toast(message, error) {
    var el = document.getElementById("toast");
    if (!el) return;
    el.textContent = message;
    el.className = "toast" + (error ? " error" : "");
    el.hidden = false;
    clearTimeout(el._timer);
    el._timer = setTimeout(function () { el.hidden = true; }, 5000);
  }
  window.vigilToast = toast;

  document.addEventListener("DOMContentLoaded", function () {
    localize(document);
    connect();
    setInterval(function () { localize(document, "time[data-style=elapsed]"); }, 1000);
    setInterval(function () { localize(document, "time[data-style=relative]"); }, 15000);
    document.querySelectorAll("select[data-navigate]").forEach(function (s) {
      s.addEventListener("change", function () { if (s.value) window.location.href = s.value; });
    });
  });
  // A snippet menu shows one snippet at a time (without JavaScript all are shown).
  function showSnippet(select) {
    var box = select.closest("section") || document;
    box.querySelectorAll("[data-snippet]").forEach(function (p) { p.hidden = p.dataset.snippet !== select.value; });
  }
  document.addEventListener("change", function (e) {
    if (e.target.matches && e.target.matches("select[data-snippets]")) showSnippet(e.target);
  });
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("select[data-snippets]").forEach(showSnippet);
  });

  // Copy buttons: data-copy names what to copy (a CSS selector); the button says it worked.
  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text).catch(function () { return copyBySelection(text); });
    }
    return copyBySelection(text);
  }
  function copyBySelection(text) {
    return new Promise(function (resolve, reject) {
      var area = document.createElement("textarea");
      area.value = text;
      area.setAttribute("readonly", "");
      area.style.position = "fixed"; area.style.opacity = "0";
      document.body.appendChild(area);
      area.select();
      var ok = false;
      try { ok = document.execCommand("copy"); } catch (err) { ok = false; }
      document.body.removeChild(area);
      if (ok) resolve(); else reject(new Error("copy refused"));
    });
  }
  document.addEventListener("click", function (e) {
    var button = e.target.closest ? e.target.closest("button[data-copy]") : null;
    if (!button) return;
    var source = document.querySelector(button.dataset.copy);
    if (!source) return;
    var label = button.dataset.label || button.textContent;
    button.dataset.label = label;
    copyText(source.textContent).then(function () {
      button.dataset.copied = "yes"; button.textContent = "Copied";
      toast("Copied to the clipboard");
    }, function () {
      button.dataset.copied = "no";
      toast("Could not copy: select the text and copy it", true);
    });
    clearTimeout(button._timer);
    button._timer = setTimeout(function () { button.textContent = label; }, 2000);
  });
  // The job form's live schedule preview marks the field its error is about, as the saved form would.
  document.addEventListener("htmx:afterSwap", function (e) {
    if (!e.target || e.target.id !== "schedule-preview") return;
    var error = e.target.querySelector("[data-error]");
    ["cron", "timezone", "every"].forEach(function (f) {
      var input = document.getElementById("f-" + f);
      if (!input) return;
      if (error && error.dataset.error === f) input.setAttribute("aria-invalid", "true");
      else input.removeAttribute("aria-invalid");
    });
  });
  document.addEventListener("htmx:afterSettle", function (e) { localize(e.target); });
  document.addEventListener("htmx:responseError", function (e) {
    var xhr = e.detail.xhr;
    toast(xhr && xhr.responseText ? xhr.responseText : "The request failed", true);
  });
  document.addEventListener("htmx:sendError", function () { toast("The server cannot be reached", true); });
  document.addEventListener("vigil:toast", function (e) { toast(e.detail && e.detail.value || String(e.detail)); });
})();

// A button with data-copy="#id" copies that element's text (a new API key, shown once).
document.addEventListener("click", function (e) {
  var button = e.target.closest && e.target.closest("[data-copy]");
  if (!button) return;
  var source = document.querySelector(button.dataset.copy);
  if (!source || !navigator.clipboard) return;
  navigator.clipboard.writeText(source.textContent.trim()).then(function () {
    button.textContent = "Copied";
  }, function () {
    button.textContent = "Select and copy";
  });
});
