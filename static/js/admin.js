// The admin's selection counter («۲ از ۴۳ انتخاب شده‌اند») is rewritten by Django's
// actions.js with ASCII digits whenever a row is ticked; in Persian, show them as
// Persian digits, like the rest of the page.
document.addEventListener("DOMContentLoaded", function () {
  if (document.documentElement.lang !== "fa") {
    return;
  }
  var digits = "۰۱۲۳۴۵۶۷۸۹";
  var persian = function (text) {
    return text.replace(/[0-9]/g, function (d) {
      return digits[d];
    });
  };
  document.querySelectorAll(".action-counter, .actions .all").forEach(function (counter) {
    var fix = function () {
      var text = persian(counter.textContent);
      if (text !== counter.textContent) {
        counter.textContent = text;
      }
    };
    new MutationObserver(fix).observe(counter, { childList: true, characterData: true, subtree: true });
    fix();
  });
});
