// The print button of a document's print view (no inline script: the CSP forbids it).
document.addEventListener("DOMContentLoaded", function () {
  var button = document.getElementById("lw-print-button");
  if (button) {
    button.addEventListener("click", function () { window.print(); });
  }
});
