// Case list: the "select all" box ticks every open case of the page for bulk assignment.
document.addEventListener("change", function (event) {
  if (!event.target.matches("[data-select-all]")) return;
  document.querySelectorAll('input[name="cases"][form="bulk-assign"]').forEach(function (box) {
    box.checked = event.target.checked;
  });
});
