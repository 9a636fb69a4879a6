// The new-report form: once the category and the neighbourhood are chosen, the open reports
// about the same problem there are fetched and shown above the form, each with its "support
// this report" button. Without JavaScript the "Look for similar reports" button sends the
// form back with them (and submits nothing).
document.addEventListener("DOMContentLoaded", function () {
  var box = document.getElementById("similar-reports");
  var form = document.querySelector("form[data-submit-once]");
  if (!box || !form || !window.fetch || !window.URL) {
    return;
  }
  var category = form.querySelector("[name=category]");
  var neighbourhood = form.querySelector("[name=neighbourhood]");
  var button = form.querySelector("button[name=check_similar]");
  if (!category || !neighbourhood) {
    return;
  }
  var chosen = function () {
    return category.value + "/" + neighbourhood.value;
  };
  var shown = box.querySelector("ul, [role=status]") ? chosen() : "";
  var latest = 0;

  // The list for the chosen pair (again if `again`); resolves once it is on the page.
  function load(again) {
    var key = chosen();
    if (!category.value || !neighbourhood.value || (key === shown && !again)) {
      return Promise.resolve();
    }
    var url = new URL(box.dataset.similarUrl, window.location.href);
    url.searchParams.set("category", category.value);
    url.searchParams.set("neighbourhood", neighbourhood.value);
    var request = ++latest;
    box.setAttribute("aria-busy", "true");
    return fetch(url.toString(), { credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) {
          throw new Error(String(response.status));
        }
        return response.text();
      })
      .then(function (html) {
        if (request === latest) {  // an answer overtaken by a later choice is dropped
          box.innerHTML = html;
          shown = key;
        }
      })
      .finally(function () {
        box.removeAttribute("aria-busy");
      });
  }

  // The list stands above the form; a note under the neighbourhood, where the reader is,
  // says there is something to see there (and leads to it).
  var field = neighbourhood.closest(".mb-3") || neighbourhood.parentNode;
  function note() {
    var old = document.getElementById("similar-note");
    if (old) {
      old.remove();
    }
    if (!box.querySelector("ul li")) {
      return;
    }
    var link = document.createElement("a");
    link.id = "similar-note";
    link.href = "#similar-reports";
    link.className = "d-block small mt-1";
    link.setAttribute("role", "status");
    link.textContent = box.dataset.note;
    link.addEventListener("click", function (event) {
      event.preventDefault();
      var title = box.querySelector("#similar-title");
      box.scrollIntoView({ block: "start" });
      if (title) {
        title.setAttribute("tabindex", "-1");
        title.focus({ preventScroll: true });
      }
    });
    field.appendChild(link);
  }

  var quietly = function () {
    load(false).then(note).catch(function () {});  // the button still sends the form
  };
  category.addEventListener("change", quietly);
  neighbourhood.addEventListener("change", quietly);
  // Both may be chosen before this script runs (a quick hand, or values the browser
  // restored): look them up now as well.
  quietly();

  if (button) {
    button.addEventListener("click", function (event) {
      // A look at the list, not a submission: the form stays as it is, ready to be sent.
      event.preventDefault();
      load(true)
        .then(function () {
          var title = box.querySelector("#similar-title");
          box.scrollIntoView({ block: "start" });
          if (title) {
            title.setAttribute("tabindex", "-1");
            title.focus({ preventScroll: true });
          }
        })
        .catch(function () {
          // The page answers instead, as without JavaScript; form.submit() skips the
          // submit-once guard, which would otherwise hold the real submission later.
          var flag = document.createElement("input");
          flag.type = "hidden";
          flag.name = "check_similar";
          flag.value = "1";
          form.appendChild(flag);
          form.submit();
        });
    });
  }
});
