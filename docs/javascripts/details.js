// A link to a place inside a collapsed block (a project on its projects page: #y2025-project-3),
// or to a block itself (a 款 of the spending drill-down: #fn-20807), opens it and every block
// around it and scrolls to it, on arrival and when the address's #… changes.
(function () {
  "use strict";

  function openTarget() {
    var id = decodeURIComponent(window.location.hash.slice(1));
    var target = id && document.getElementById(id);
    if (!target) {
      return;
    }
    var block = target.closest("details");
    var closed = false;
    for (var outer = block; outer; outer = outer.parentElement.closest("details")) {
      closed = closed || !outer.open;
      outer.open = true;
    }
    if (block && closed) {
      block.scrollIntoView(); // the block's own title shows, below the page's header
    }
  }

  window.addEventListener("hashchange", openTarget);
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", openTarget);
  } else {
    openTarget();
  }
})();
