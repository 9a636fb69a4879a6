// Attach the Jalali date picker to every date box (input[data-jdp]).
// Typing the date by hand stays possible; the server reads and checks it either way.
// - The picker speaks the page's language: Persian digits and names in Persian, the
//   transliterated month names and ASCII digits in English (the names come from the
//   server's translations, in the box's data-jdp-labels).
// - A past-only box (a date something happened) carries data-jdp-max-date, today in
//   Tehran: the days after it are greyed out and cannot be picked.
// - In a right-to-left page the picker opens under the box's right edge, where the
//   reader's eye is, instead of its left edge.
// - In Persian the date it writes is shown in Persian digits.
document.addEventListener("DOMContentLoaded", function () {
  var picker = window.jalaliDatepicker;
  if (!picker) {
    return;
  }
  var root = document.documentElement;
  var rtl = root.dir === "rtl";
  var persian = (root.lang || "").indexOf("fa") === 0;
  var labels = {};
  var labelled = document.querySelector("input[data-jdp][data-jdp-labels]");
  try {
    labels = JSON.parse(labelled ? labelled.getAttribute("data-jdp-labels") : "{}");
  } catch (error) {
    labels = {};
  }
  var options = {
    autoReadOnlyInput: false,
    persianDigits: persian,
    separatorChars: { date: "/" },
    showTodayBtn: true,
    showEmptyBtn: true,
    maxDate: "attr", // data-jdp-max-date on the box, when it has one
    zIndex: 2000,
  };
  if (labels.months && labels.months.length === 12) {
    options.months = labels.months;
  }
  if (labels.days && labels.days.length === 7) {
    options.days = labels.days;
  }
  picker.startWatch(options);

  // The picker writes the date it was given in ASCII digits; a Persian page shows it in
  // Persian digits, as the server fills the box (either is read back).
  if (persian) {
    var toPersian = function (event) {
      var box = event.target;
      if (box.matches && box.matches("input[data-jdp]") && /[0-9]/.test(box.value)) {
        box.value = box.value.replace(/[0-9]/g, function (digit) {
          return String.fromCharCode(0x06f0 + Number(digit));
        });
      }
    };
    document.addEventListener("change", toPersian, true);
  }

  // The picker's own object is private (window.jalaliDatepicker only starts, shows and
  // hides it), so its box is adjusted after each of its changes, before it is painted.
  var input = null;
  document.addEventListener(
    "focusin",
    function (event) {
      if (event.target.matches && event.target.matches("input[data-jdp]")) {
        input = event.target;
      }
    },
    true
  );
  var buttons = { today: ".jdp-btn-today", empty: ".jdp-btn-empty", close: ".jdp-btn-close" };

  function adjust(box) {
    // Its stylesheet sets right to left; an English page reads the week left to right.
    if (box.style.direction !== (rtl ? "rtl" : "ltr")) {
      box.style.direction = rtl ? "rtl" : "ltr";
      box.setAttribute("lang", root.lang || "fa");
    }
    Object.keys(buttons).forEach(function (name) {
      var button = box.querySelector(buttons[name]);
      if (button && labels[name] && button.textContent !== labels[name]) {
        button.textContent = labels[name];
      }
    });
    if (rtl && input && box.style.visibility === "visible") {
      // Right edges aligned, kept on the screen (phones get a bottom sheet from its CSS).
      var left = Math.max(8, input.getBoundingClientRect().right - box.offsetWidth) + "px";
      if (box.style.left !== left) {
        box.style.left = left;
      }
    }
  }

  function watch(box) {
    new MutationObserver(function () {
      adjust(box);
    }).observe(box, { attributes: true, attributeFilter: ["style"], childList: true, subtree: true });
    adjust(box);
  }

  var existing = document.querySelector("jdp-container");
  if (existing) {
    watch(existing);
  } else {
    var waiting = new MutationObserver(function () {
      var box = document.querySelector("jdp-container");
      if (box) {
        waiting.disconnect();
        watch(box);
      }
    });
    waiting.observe(document.body, { childList: true });
  }
});
