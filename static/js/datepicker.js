// Attach the Jalali date picker to every date box (input[data-jdp]).
// Typing the date by hand stays possible; the server reads and checks it either way.
document.addEventListener("DOMContentLoaded", function () {
  if (!window.jalaliDatepicker) {
    return;
  }
  window.jalaliDatepicker.startWatch({
    autoReadOnlyInput: false,
    persianDigits: false,
    separatorChars: { date: "/" },
    showTodayBtn: true,
    showEmptyBtn: true,
    zIndex: 2000,
  });
});
