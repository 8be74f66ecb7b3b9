// The search page: Pagefind's interface over the index fragments under pagefind/, which the
// browser fetches only as a query needs them. A query in the address (search.html?q=就业)
// is run at once, so the home page's search form and shared links work.
(function () {
  if (!document.getElementById("ob-search") || typeof PagefindUI === "undefined") {
    return;
  }
  var ui = new PagefindUI({
    element: "#ob-search",
    showSubResults: true,
    showImages: false,
    autofocus: true,
  });
  var query = new URLSearchParams(window.location.search).get("q");
  if (query) {
    ui.triggerSearch(query);
  }
})();
