// Vigil job page: the chart of run durations (uPlot). The chart lives in a live fragment that is
// replaced on every change; each new fragment is drawn once, and the chart it replaces is destroyed.
(function () {
  "use strict";

  var chart = null, holder = null, height = 240;

  function label(seconds) {
    if (seconds == null) return "—";
    if (seconds < 1) return Math.round(seconds * 1000) + " ms";
    if (seconds < 60) return (seconds < 10 ? seconds.toFixed(1) : Math.round(seconds)) + " s";
    if (seconds < 3600) return Math.floor(seconds / 60) + " min" + (Math.round(seconds % 60) ? " " + Math.round(seconds % 60) + " s" : "");
    return Math.floor(seconds / 3600) + " h" + (Math.floor(seconds % 3600 / 60) ? " " + Math.floor(seconds % 3600 / 60) + " min" : "");
  }

  // Axis ticks: short, so they fit beside the plot ("1m40s").
  function tick(seconds) {
    if (!seconds) return "0";
    if (seconds < 1) return Math.round(seconds * 1000) + "ms";
    if (seconds < 60) return Math.round(seconds * 10) / 10 + "s";
    if (seconds < 3600) return Math.floor(seconds / 60) + "m" + (Math.round(seconds % 60) ? Math.round(seconds % 60) + "s" : "");
    return Math.floor(seconds / 3600) + "h" + (Math.floor(seconds % 3600 / 60) ? Math.floor(seconds % 3600 / 60) + "m" : "");
  }

  function destroy() {
    if (chart) chart.destroy();
    chart = null;
    holder = null;
  }

  function draw() {
    var el = document.getElementById("duration-chart");
    var source = document.getElementById("duration-data");
    if (!el || !source || !window.uPlot) { destroy(); return; }
    if (el === holder) return; // this fragment is drawn already
    destroy();
    var d;
    try { d = JSON.parse(source.textContent); } catch (e) { return; }
    var x = [], ok = [], failed = [], max = [];
    d.at.forEach(function (iso, i) {
      x.push(Date.parse(iso) / 1000);
      ok.push(d.failed[i] ? null : d.seconds[i]);
      failed.push(d.failed[i] ? d.seconds[i] : null);
      max.push(d.maxRuntime);
    });
    var series = [
      {},
      { label: "Succeeded", stroke: "#15803d", width: 1.5, spanGaps: true, value: function (u, v) { return label(v); },
        points: { show: true, size: 7, fill: "#22c55e" } },
      { label: "Not succeeded", stroke: "#b91c1c", width: 0, paths: function () { return null; }, value: function (u, v) { return label(v); },
        points: { show: true, size: 9, fill: "#ef4444", stroke: "#b91c1c" } }
    ];
    var data = [x, ok, failed];
    if (d.maxRuntime != null) {
      series.push({ label: "Max runtime", stroke: "#c2410c", width: 1.5, dash: [6, 4], points: { show: false },
        value: function (u, v) { return label(v); } });
      data.push(max);
    }
    var opts = {
      width: Math.max(280, el.clientWidth), height: height,
      series: series,
      scales: { y: { range: function (u, min, mx) { return [0, Math.max(mx, d.maxRuntime || 0) * 1.1 || 1]; } } },
      axes: [{}, { size: 56, values: function (u, vals) { return vals.map(tick); } }],
      cursor: { points: { size: 9 } }
    };
    holder = el;
    chart = new uPlot(opts, data, el);
  }

  var resizing = null;
  window.addEventListener("resize", function () {
    clearTimeout(resizing);
    resizing = setTimeout(function () {
      if (chart && holder && holder.isConnected) chart.setSize({ width: Math.max(280, holder.clientWidth), height: height });
    }, 150);
  });
  document.addEventListener("DOMContentLoaded", draw);
  document.addEventListener("htmx:afterSettle", draw);
})();
