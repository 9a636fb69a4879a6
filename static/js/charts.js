// Draw the dashboard's charts from the numbers in #chart-data (the same numbers
// are in the table under each chart). Right to left and Persian digits in fa.
document.addEventListener("DOMContentLoaded", function () {
  var source = document.getElementById("chart-data");
  if (!source || !window.Chart) {
    return;
  }
  var data = JSON.parse(source.textContent);
  var rtl = document.documentElement.dir === "rtl";
  var locale = document.documentElement.lang === "fa" ? "fa-IR" : "en-GB";
  var colours = ["#0f5c6e", "#e07a1f", "#6f42c1", "#2a9d8f", "#d62828", "#577590", "#b5838d", "#8ab17d"];

  Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
  Chart.defaults.locale = locale;
  Chart.defaults.animation = false;
  Chart.defaults.plugins.legend.rtl = rtl;
  Chart.defaults.plugins.tooltip.rtl = rtl;

  var bar = function (id, labels, datasets, horizontal) {
    var canvas = document.getElementById(id);
    if (!canvas) {
      return;
    }
    var options = {
      indexAxis: horizontal ? "y" : "x",
      responsive: true,
      plugins: { legend: { display: datasets.length > 1 } },
      scales: {
        // Right to left: bars grow from the right, and the labels stand on the right.
        x: { reverse: rtl, ticks: { precision: 0 } },
        y: { position: rtl ? "right" : "left", ticks: { precision: 0 } },
      },
    };
    if (horizontal) {
      // One row per label, every label shown: the chart grows with its rows.
      options.maintainAspectRatio = false;
      options.scales.y.ticks.autoSkip = false;
      canvas.parentNode.style.height = Math.max(160, labels.length * 22 + 40) + "px";
    }
    new Chart(canvas, {
      type: "bar",
      data: { labels: labels, datasets: datasets },
      options: options,
    });
  };
  var single = function (series, colour) {
    return [{ label: "", data: series.values, backgroundColor: colour }];
  };

  bar("chart-month", data.month.labels, single(data.month, colours[0]), false);
  bar("chart-status", data.status.labels, single(data.status, colours[1]), true);
  bar("chart-category", data.category.labels, single(data.category, colours[2]), true);
  bar("chart-field", data.field.labels, single(data.field, colours[3]), true);
  bar(
    "chart-offices",
    data.offices.labels,
    data.offices.series.map(function (s, i) {
      return { label: s.label, data: s.values, backgroundColor: colours[i % colours.length], stack: "offices" };
    }),
    false
  );
});
