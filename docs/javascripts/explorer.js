/*
 * The projects explorer: filter the table of every project by department, year, budget band,
 * 一级 / 二级指标 and words of the name.
 *
 * The page (openbudget.site.explorer) writes every project as a table row whose data-
 * attributes hold what the filters test; multi-valued ones (the indicator levels) are written
 * "|a|b|". The filter form is hidden in the HTML, so without JavaScript the whole table shows;
 * this script reveals the form and hides the rows that do not match. Filters can be preset from
 * the query string (projects.html?year=2024&department=…).
 */
(function () {
  "use strict";

  function matches(row, name, value) {
    if (!value) {
      return true;
    }
    var data = row.getAttribute("data-" + name) || "";
    if (name === "q") {
      data = row.getAttribute("data-name") || "";
      return data.toLowerCase().indexOf(value.toLowerCase()) !== -1;
    }
    if (name === "level1" || name === "level2") {
      return data.indexOf("|" + value + "|") !== -1;
    }
    return data === value;
  }

  function setup() {
    var form = document.querySelector("form.ob-explorer__filters");
    var table = document.querySelector(".ob-explorer table");
    if (!form || !table || form.getAttribute("data-ready")) {
      return;
    }
    form.setAttribute("data-ready", "1");
    var rows = table.querySelectorAll("tbody tr");
    var fields = form.querySelectorAll("[data-filter]");
    var count = form.querySelector(".ob-explorer__count");
    var empty = document.querySelector(".ob-explorer__empty");

    function apply() {
      var shown = 0;
      Array.prototype.forEach.call(rows, function (row) {
        var visible = Array.prototype.every.call(fields, function (field) {
          return matches(row, field.getAttribute("data-filter"), field.value.trim());
        });
        row.hidden = !visible;
        if (visible) {
          shown += 1;
        }
      });
      if (count) {
        count.textContent =
          shown === rows.length
            ? "共 " + rows.length + " 个项目"
            : "显示 " + shown + " 个项目（共 " + rows.length + " 个）";
      }
      if (empty) {
        empty.hidden = shown !== 0;
      }
    }

    var params = new URLSearchParams(window.location.search);
    Array.prototype.forEach.call(fields, function (field) {
      var wanted = params.get(field.getAttribute("data-filter"));
      if (wanted) {
        field.value = wanted;
      }
    });
    form.addEventListener("change", apply);
    form.addEventListener("input", apply);
    form.addEventListener("submit", function (event) {
      event.preventDefault();
    });
    form.addEventListener("reset", function () {
      window.setTimeout(apply, 0);
    });
    form.hidden = false;
    apply();
  }

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(setup);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setup);
  } else {
    setup();
  }
})();
