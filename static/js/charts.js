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

  // A category label in at most two lines that fit `maxWidth` pixels, the rest cut with an
  // ellipsis (the tooltip shows the whole label). Chart.js gives the label axis at most half
  // the chart's width and clips what is longer: on a phone most category names are.
  var fitted = function (ctx, text, maxWidth) {
    var fits = function (line) {
      return ctx.measureText(line).width <= maxWidth;
    };
    var shorten = function (line) {
      if (fits(line)) {
        return line;
      }
      while (line.length > 1 && !fits(line + "…")) {
        line = line.slice(0, -1);
      }
      return line.trim() + "…";
    };
    var lines = [];
    String(text)
      .split(/\s+/)
      .forEach(function (word) {
        var last = lines.length - 1;
        if (last >= 0 && (last === 1 || fits(lines[last] + " " + word))) {
          lines[last] = lines[last] + " " + word;
        } else {
          lines.push(word);
        }
      });
    lines = lines.map(shorten);
    return lines.length === 1 ? lines[0] : lines;
  };
  var labelWidth = function (chartWidth) {
    return Math.max(60, chartWidth / 2 - 14);
  };
  var tickFont = function () {
    return Chart.helpers.toFont(Chart.defaults.font).string;
  };
  var wrappedTicks = function (value) {
    var ctx = this.ctx;
    ctx.save();
    ctx.font = Chart.helpers.toFont(this.options.ticks.font).string;
    var label = fitted(ctx, this.getLabelForValue(value), labelWidth(this.chart.width));
    ctx.restore();
    return label;
  };
  // The lines each label will take at this width, to give every row its room.
  var lineCounts = function (labels, width) {
    var ctx = document.createElement("canvas").getContext("2d");
    ctx.font = tickFont();
    return labels.map(function (label) {
      var lines = fitted(ctx, label, labelWidth(width));
      return Array.isArray(lines) ? lines.length : 1;
    });
  };

  // Chart.js writes a zero as "0" whatever the locale: every number goes through Intl.
  var numbers = new Intl.NumberFormat(locale);
  var numberTicks = function (value) {
    return numbers.format(value);
  };

  var bar = function (id, labels, datasets, horizontal) {
    var canvas = document.getElementById(id);
    if (!canvas) {
      return;
    }
    var narrow = canvas.parentNode.clientWidth < 500;
    if (rtl && !horizontal) {
      // Right to left, the columns run from the right: the data is turned round rather
      // than the axis reversed, because Chart.js sizes the room for slanted labels from
      // the first one, which must then be the one on the left (else it is cut off).
      labels = labels.slice().reverse();
      datasets = datasets.map(function (dataset) {
        return Object.assign({}, dataset, { data: dataset.data.slice().reverse() });
      });
    }
    var options = {
      indexAxis: horizontal ? "y" : "x",
      responsive: true,
      plugins: { legend: { display: datasets.length > 1 } },
      scales: {
        // Right to left: bars grow from the right, and the labels stand on the right.
        x: { reverse: rtl && horizontal, ticks: { precision: 0 } },
        y: { position: rtl ? "right" : "left", ticks: { precision: 0 } },
      },
    };
    options.scales[horizontal ? "x" : "y"].ticks.callback = numberTicks;
    if (horizontal) {
      // One row per label, every label shown (wrapped, or cut with the whole label in the
      // tooltip): the chart grows with its rows.
      options.maintainAspectRatio = false;
      options.scales.y.ticks.autoSkip = false;
      options.scales.y.ticks.callback = wrappedTicks;
      // Chart.js gives every row the same height: enough for two lines if any label has two.
      var twoLines = lineCounts(labels, canvas.parentNode.clientWidth).some(function (lines) {
        return lines > 1;
      });
      canvas.parentNode.style.height = Math.max(160, labels.length * (twoLines ? 34 : 22) + 40) + "px";
    } else {
      // Chart.js leaves a slanted label's far end on the canvas's very edge (and moves it
      // half a line further): a little more room on both sides keeps it whole.
      options.scales.x.afterFit = function (scale) {
        scale.paddingLeft += 8;
        scale.paddingRight += 8;
      };
      if (narrow) {
        // On a phone the column labels stand upright, so none runs past the chart's edge.
        options.scales.x.ticks.minRotation = 90;
        options.scales.x.ticks.maxRotation = 90;
      }
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

  var stacked = function (id, chart) {
    return chart.series.map(function (s, i) {
      return { label: s.label, data: s.values, backgroundColor: colours[i % colours.length], stack: id };
    });
  };

  if (data.month) {
    bar("chart-month", data.month.labels, single(data.month, colours[0]), false);
    bar("chart-status", data.status.labels, single(data.status, colours[1]), true);
    bar("chart-category", data.category.labels, single(data.category, colours[2]), true);
    bar("chart-field", data.field.labels, single(data.field, colours[3]), true);
    bar("chart-offices", data.offices.labels, stacked("offices", data.offices), false);
  }
  // Other pages' stacked column charts, by canvas id (an office's months).
  Object.keys(data.stacked || {}).forEach(function (id) {
    bar(id, data.stacked[id].labels, stacked(id, data.stacked[id]), false);
  });
});
