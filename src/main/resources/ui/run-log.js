// The run page's output: follows the end of the log while the run writes, unless the reader scrolled up.
(function () {
  "use strict";
  function atBottom(el) { return el.scrollHeight - el.scrollTop - el.clientHeight < 24; }

  document.addEventListener("DOMContentLoaded", function () {
    var log = document.getElementById("run-log");
    var follow = document.getElementById("log-follow");
    if (!log) return;
    function following() { return follow ? follow.checked : false; }
    function toEnd() { log.scrollTop = log.scrollHeight; }
    if (following()) toEnd();
    log.addEventListener("scroll", function () { if (follow) follow.checked = atBottom(log); });
    if (follow) follow.addEventListener("change", function () { if (follow.checked) toEnd(); });
    // After any swap (the tail appending output, or the header refreshing): the log may have grown.
    document.addEventListener("htmx:afterSwap", function () {
      var empty = document.getElementById("log-empty");
      if (empty && log.querySelector(".chunk")) empty.hidden = true;
      if (following()) toEnd();
      if (follow && !document.getElementById("log-tail")) follow.closest("label").hidden = true;
    });
    // The last piece of output came: the run ended, so its header (state, exit code) is refreshed too.
    document.addEventListener("vigil:run-ended", function () {
      var head = document.getElementById("run-state");
      if (head && head.dataset.live && window.htmx) htmx.ajax("GET", head.dataset.live, { target: head, swap: "outerHTML" });
    });
  });
})();
