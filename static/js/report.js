// A report's action panel: each step's button opens its form in place.
// Without JavaScript every button is a link to the same page with that step's form open.
document.addEventListener("DOMContentLoaded", function () {
  var panel = document.getElementById("act");
  if (!panel) {
    return;
  }
  var buttons = Array.prototype.slice.call(panel.querySelectorAll("a[data-step]"));

  function open(key) {
    buttons.forEach(function (button) {
      var chosen = button.dataset.step === key;
      var form = document.getElementById("step-" + button.dataset.step);
      button.setAttribute("aria-expanded", chosen ? "true" : "false");
      button.classList.toggle("btn-primary", chosen);
      button.classList.toggle("btn-outline-primary", !chosen);
      if (form) {
        form.hidden = !chosen;
      }
    });
    // The address keeps the open step, so a reload shows the same form.
    var url = new URL(window.location.href);
    if (key) {
      url.searchParams.set("step", key);
      url.hash = "act";
    } else {
      url.searchParams.delete("step");
      url.hash = "";
    }
    window.history.replaceState(null, "", url.toString());
  }

  buttons.forEach(function (button) {
    button.setAttribute("role", "button");
    button.addEventListener("click", function (event) {
      event.preventDefault();
      var wasOpen = button.getAttribute("aria-expanded") === "true";
      open(wasOpen ? "" : button.dataset.step);
      if (!wasOpen) {
        // The form's heading takes the focus: the reader hears which step is open.
        var heading = document.getElementById("step-" + button.dataset.step + "-title");
        if (heading) {
          heading.focus();
        }
      }
    });
    button.addEventListener("keydown", function (event) {
      if (event.key === " ") {
        event.preventDefault();
        button.click();
      }
    });
  });
});
