// Arriving from a search result (page.html?h=就业补助#…), the words searched for are marked
// where they stand whole on the page: 就业补助 as one mark, never its single characters.
// The words come from the search page (search.js), after short names (人社局) were replaced
// by the printed words (人力资源和社会保障局).
(function () {
  "use strict";

  var SKIPPED = { SCRIPT: 1, STYLE: 1, MARK: 1, TEXTAREA: 1, svg: 1 };

  function mark(root, word) {
    var walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT, {
      acceptNode: function (node) {
        for (var up = node.parentNode; up && up !== root; up = up.parentNode) {
          if (SKIPPED[up.nodeName]) {
            return NodeFilter.FILTER_REJECT;
          }
        }
        return node.nodeValue.indexOf(word) >= 0 ? NodeFilter.FILTER_ACCEPT : NodeFilter.FILTER_SKIP;
      },
    });
    var nodes = [];
    while (walker.nextNode()) {
      nodes.push(walker.currentNode);
    }
    nodes.forEach(function (node) {
      var parts = node.nodeValue.split(word);
      var fragment = document.createDocumentFragment();
      parts.forEach(function (part, index) {
        if (index > 0) {
          var hit = document.createElement("mark");
          hit.className = "ob-hit";
          hit.textContent = word;
          fragment.appendChild(hit);
        }
        fragment.appendChild(document.createTextNode(part));
      });
      node.parentNode.replaceChild(fragment, node);
    });
  }

  function highlight() {
    var query = new URLSearchParams(window.location.search).get("h");
    var root = document.querySelector("article");
    if (!query || !root) {
      return;
    }
    query
      .split(/\s+/)
      .filter(function (word) {
        return word.length > 1; // as search: one character is not a word
      })
      .forEach(function (word) {
        mark(root, word);
      });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", highlight);
  } else {
    highlight();
  }
})();
