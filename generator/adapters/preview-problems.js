// factcheck preview (mkdocs serve only): show the claim files' problems over every page.
// The list is rewritten on each rebuild; live reload reloads the page, and this runs again.
(function () {
  "use strict";
  var source = document.currentScript && document.currentScript.src;
  if (!source || !window.fetch) return;
  fetch(new URL("problems.json", source), { cache: "no-store" })
    .then(function (response) { return response.ok ? response.json() : []; })
    .then(function (problems) {
      if (!problems.length) return;
      var box = document.createElement("section");
      box.className = "fc-preview-problems";
      box.setAttribute("role", "alert");
      box.setAttribute("aria-label", "Problems in claim files");
      box.style.cssText = "position:fixed;left:1rem;right:1rem;bottom:1rem;z-index:10;" +
        "max-height:50vh;overflow:auto;padding:1rem;background:#fff;color:#1a1a1a;" +
        "border:3px solid #b00020;border-radius:.3rem;font:14px/1.4 monospace;" +
        "box-shadow:0 2px 12px rgba(0,0,0,.4)";
      var title = document.createElement("p");
      title.style.cssText = "margin:0 0 .5rem;font-weight:bold";
      title.textContent = problems.length + " problem" + (problems.length === 1 ? "" : "s") +
        " in claim files (the preview leaves those claims out until they are fixed):";
      var list = document.createElement("ul");
      list.style.margin = "0";
      problems.forEach(function (line) {
        var item = document.createElement("li");
        item.textContent = line;
        list.appendChild(item);
      });
      box.appendChild(title);
      box.appendChild(list);
      document.body.appendChild(box);
    })
    .catch(function () {});
})();
