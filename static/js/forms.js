// Small helps for long forms; every form works without them.
document.addEventListener("DOMContentLoaded", function () {
  // A second click on "submit" while the first is on its way does nothing.
  // (The server also recognises a form sent twice and makes one report.)
  document.querySelectorAll("form[data-submit-once]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (form.dataset.sent) {
        event.preventDefault();
        return;
      }
      form.dataset.sent = "1";
    });
  });

  // A search box above long lists (neighbourhoods, offices); ي/ك match ی/ک.
  var normalise = function (text) {
    return text.replace(/ي/g, "ی").replace(/ك/g, "ک").trim().toLowerCase();
  };
  document.querySelectorAll("select[data-searchable]").forEach(function (select) {
    var box = document.createElement("input");
    box.type = "search";
    box.className = "form-control form-control-sm mb-1";
    box.setAttribute("aria-label", select.dataset.searchLabel || "");
    box.placeholder = select.dataset.searchPlaceholder || "…";
    select.parentNode.insertBefore(box, select);
    box.addEventListener("input", function () {
      var wanted = normalise(box.value);
      Array.prototype.forEach.call(select.options, function (option) {
        option.hidden = wanted !== "" && option.value !== "" && normalise(option.text).indexOf(wanted) === -1;
      });
    });
  });
});
