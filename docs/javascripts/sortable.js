/*
 * Click-to-sort for the comparison tables: any <table class="ob-sortable"> or table inside an
 * element of class ob-sortable. A cell's data-sort attribute (a plain number) is used when
 * present, else its text; empty cells sort last. Works after Material's instant navigation.
 */
(function () {
  "use strict";

  function key(cell) {
    if (!cell) {
      return null;
    }
    var raw = cell.getAttribute("data-sort");
    var text = raw !== null ? raw : cell.textContent.trim();
    if (text === "") {
      return null;
    }
    var number = Number(text.replace(/[,%\s*]/g, ""));
    return isNaN(number) ? text : number;
  }

  function compare(a, b) {
    if (a === null || b === null) {
      return a === b ? 0 : a === null ? 1 : -1;
    }
    if (typeof a === "number" && typeof b === "number") {
      return a - b;
    }
    return String(a).localeCompare(String(b), "zh-Hans-CN");
  }

  function sortBy(table, index, header) {
    var body = table.tBodies[0];
    if (!body) {
      return;
    }
    var ascending = header.getAttribute("aria-sort") !== "ascending";
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (cell) {
      cell.removeAttribute("aria-sort");
      var mark = cell.querySelector(".ob-sort-mark");
      if (mark) {
        mark.textContent = " ⇅";
      }
    });
    header.setAttribute("aria-sort", ascending ? "ascending" : "descending");
    header.querySelector(".ob-sort-mark").textContent = ascending ? " ▲" : " ▼";
    var rows = Array.prototype.slice.call(body.rows);
    rows
      .map(function (row, position) {
        return { row: row, key: key(row.cells[index]), position: position };
      })
      .sort(function (a, b) {
        var result = compare(a.key, b.key);
        if (a.key !== null && b.key !== null && !ascending) {
          result = -result;
        }
        return result || a.position - b.position;
      })
      .forEach(function (entry) {
        body.appendChild(entry.row);
      });
  }

  function enable(table) {
    if (table.getAttribute("data-sortable") || !table.tHead || !table.tHead.rows.length) {
      return;
    }
    table.setAttribute("data-sortable", "on");
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (header, index) {
      var button = document.createElement("button");
      button.type = "button";
      button.style.cssText =
        "all:inherit;display:inline;cursor:pointer;padding:0;margin:0;border:0;background:none";
      button.title = "点击排序";
      while (header.firstChild) {
        button.appendChild(header.firstChild);
      }
      var mark = document.createElement("span");
      mark.className = "ob-sort-mark";
      mark.setAttribute("aria-hidden", "true");
      mark.textContent = " ⇅";
      button.appendChild(mark);
      header.appendChild(button);
      button.addEventListener("click", function () {
        sortBy(table, index, header);
      });
    });
  }

  // For tables made after the page loaded (the 查询 page's results).
  window.openbudgetSortable = enable;

  function enableAll() {
    var tables = document.querySelectorAll("table.ob-sortable, .ob-sortable table");
    Array.prototype.forEach.call(tables, enable);
  }

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(enableAll);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", enableAll);
  } else {
    enableAll();
  }
})();
