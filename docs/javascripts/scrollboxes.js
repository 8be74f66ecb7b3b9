// A table wider than the screen scrolls inside its box (Material's wrapper of a Markdown
// table, .ob-table around an HTML one). Such a box is made focusable, so a keyboard reader can
// scroll it too, and named after its table's caption or the heading above it; boxes that fit
// are left out of the tab order.
(function () {
  "use strict";

  var BOXES = ".md-typeset__scrollwrap, .md-typeset .ob-table";

  function nameOf(box) {
    var caption = box.querySelector("caption");
    if (caption) {
      return caption.textContent.trim();
    }
    var node = box;
    while (node && !/^H[2-6]$/.test(node.tagName)) {
      node = node.previousElementSibling || node.parentElement;
    }
    return node ? node.textContent.replace(/¶$/, "").trim() : "表格";
  }

  function mark() {
    var used = {};
    // Boxes inside a closed block are left until it opens (the toggle below): measuring them
    // makes the browser lay each one out on its own.
    var boxes = Array.prototype.filter.call(document.querySelectorAll(BOXES), function (box) {
      return !box.closest("details:not([open])");
    });
    // Every width read first, then every attribute written: a write between two reads would
    // make the browser lay the page out again for each box.
    var wide = boxes.map(function (box) {
      return box.scrollWidth > box.clientWidth + 1;
    });
    boxes.forEach(function (box, index) {
      if (wide[index]) {
        var name = nameOf(box);
        used[name] = (used[name] || 0) + 1; // each region's name its own
        box.setAttribute("tabindex", "0");
        box.setAttribute("role", "region");
        box.setAttribute(
          "aria-label",
          name + (used[name] > 1 ? " " + used[name] : "") + "（可左右滚动）"
        );
      } else if (box.getAttribute("role") === "region") {
        box.removeAttribute("tabindex");
        box.removeAttribute("role");
        box.removeAttribute("aria-label");
      }
    });
  }

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(mark);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", mark);
  } else {
    mark();
  }
  window.addEventListener("resize", mark);
  document.addEventListener("toggle", mark, true); // a <details> opened: its tables now show
})();
