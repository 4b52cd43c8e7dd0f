// Progressive enhancement only: every page works without this file.
// A button marked data-samson-print (rendered hidden, since printing from a button needs
// JavaScript) is shown and prints the page; the browser's own Print works regardless.
document.addEventListener("DOMContentLoaded", () => {
  for (const button of document.querySelectorAll("button[data-samson-print]")) {
    button.hidden = false;
    button.addEventListener("click", () => window.print());
  }
});
