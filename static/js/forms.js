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

  // A search box above long lists (neighbourhoods, offices); ي/ك match ی/ک, a space matches
  // a ZWNJ, and digits match in any script.
  var normalise = function (text) {
    return text
      .replace(/ي/g, "ی")
      .replace(/ك/g, "ک")
      .replace(/[\u200c\s]+/g, " ")
      .replace(/[۰-۹]/g, function (d) { return String(d.charCodeAt(0) - 0x06f0); })
      .replace(/[٠-٩]/g, function (d) { return String(d.charCodeAt(0) - 0x0660); })
      .trim()
      .toLowerCase();
  };
  // The words come translated from the page (base.html's <body data-…>): this file has none.
  var words = document.body.dataset;
  var labelFor = function (select) {
    var own = select.id && document.querySelector('label[for="' + select.id + '"]');
    var field = own ? own.textContent.replace(/[*:]/g, "").trim() : "";
    return [words.searchListLabel, field].filter(Boolean).join(": ");
  };
  document.querySelectorAll("select[data-searchable]").forEach(function (select, index) {
    var box = document.createElement("input");
    box.type = "search";
    box.id = (select.id || "select-" + index) + "-search";
    box.className = "form-control form-control-sm mb-1";
    box.autocomplete = "off";
    box.placeholder = select.dataset.searchPlaceholder || words.searchListPlaceholder || "";
    if (select.id) {
      box.setAttribute("aria-controls", select.id);
    }
    var label = document.createElement("label");
    label.htmlFor = box.id;
    label.className = "visually-hidden";
    label.textContent = select.dataset.searchLabel || labelFor(select);
    select.parentNode.insertBefore(label, select);
    select.parentNode.insertBefore(box, select);
    box.addEventListener("input", function () {
      var wanted = normalise(box.value);
      Array.prototype.forEach.call(select.options, function (option) {
        option.hidden = wanted !== "" && option.value !== "" && normalise(option.text).indexOf(wanted) === -1;
      });
    });
  });

  // A form sent back refused: on a phone the page would open at its top with the error far
  // below. The first invalid field (or the message saying why the step was refused) comes
  // into view and takes the focus, so the reader hears it and can type straight away.
  // Without JavaScript a form's address may end in a fragment (#act) that opens the answer
  // where its errors are; here the fragment goes, as the browser's own jump to it would
  // come after this and take the focus away again.
  document.querySelectorAll("form[action*='#']").forEach(function (form) {
    form.setAttribute("action", form.getAttribute("action").split("#")[0]);
  });
  var refused = Array.prototype.filter.call(
    document.querySelectorAll('form [aria-invalid="true"], [data-refusal]'),
    function (element) {
      return element.type !== "hidden" && !element.closest("[hidden]");
    }
  )[0];
  if (refused) {
    // With its label and its error around it, not just the field's edge.
    (refused.closest(".field-error") || refused).scrollIntoView({ block: "center" });
    refused.focus({ preventScroll: true });
  }
});
