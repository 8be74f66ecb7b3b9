// A link to a place inside a collapsed block (a project on its projects page: #y2025-project-3)
// opens that block and scrolls to it, on arrival and when the address's #… changes.
(function () {
  "use strict";

  function openTarget() {
    var id = decodeURIComponent(window.location.hash.slice(1));
    var target = id && document.getElementById(id);
    if (!target) {
      return;
    }
    var block = target.closest("details");
    if (block && !block.open) {
      block.open = true;
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
