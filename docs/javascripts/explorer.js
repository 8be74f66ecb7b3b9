/*
 * The projects explorer: filter the table of every project by department, year, budget band,
 * 一级 / 二级指标 and words of the name.
 *
 * The page (openbudget.site.explorer) writes every project as a table row whose data-
 * attributes hold what the filters test; multi-valued ones (the indicator levels) are written
 * "|a|b|". Without JavaScript the stylesheet hides the filter form (Material's no-js class)
 * and the whole table shows; this script hides the rows that do not match. Filters are read
 * from the query string (projects.html?year=2024&department=…) and written back to it as
 * they change, so a filtered list has an address.
 *
 * It shows the first PAGE matching rows and the rest on a click (显示全部): a phone lays out
 * and restyles 20 rows, not hundreds. Until a reader filters or asks for every row, the
 * stylesheet shows the first 20 rows (when scripts run at all) and the rows are not touched;
 * from then on each row's hidden attribute decides. Only the explorer pages load it, right
 * after their table.
 */
(function () {
  "use strict";

  var PAGE = 20; // as the stylesheet's rule for the rows before this script runs

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
    var more = document.querySelector(".ob-explorer__more");
    var limit = PAGE;

    function apply() {
      table.setAttribute("data-ready", "1"); // from now on rows show by their hidden attribute
      var found = 0;
      var filtered = false;
      Array.prototype.forEach.call(fields, function (field) {
        filtered = filtered || field.value.trim() !== "";
      });
      Array.prototype.forEach.call(rows, function (row) {
        var wanted = Array.prototype.every.call(fields, function (field) {
          return matches(row, field.getAttribute("data-filter"), field.value.trim());
        });
        row.hidden = !wanted || found >= limit;
        if (wanted) {
          found += 1;
        }
      });
      var shown = Math.min(found, limit);
      if (count) {
        var text = filtered
          ? "符合条件的 " + found + " 个项目（共 " + rows.length + " 个）"
          : "共 " + rows.length + " 个项目";
        count.textContent = shown < found ? text + "，显示前 " + shown + " 个" : text;
      }
      if (more) {
        more.hidden = shown >= found;
        more.querySelector("button").textContent = "显示全部 " + found + " 个";
      }
      if (empty) {
        empty.hidden = found !== 0;
      }
    }

    // The filters go into the address (projects.html?year=2024&q=就业), so a filtered list
    // can be linked and shared; the address with no filters is the page's own.
    function remember() {
      var address = new URL(window.location.href);
      Array.prototype.forEach.call(fields, function (field) {
        var value = field.value.trim();
        if (value) {
          address.searchParams.set(field.getAttribute("data-filter"), value);
        } else {
          address.searchParams.delete(field.getAttribute("data-filter"));
        }
      });
      if (address.href !== window.location.href) {
        window.history.replaceState(null, "", address.href);
      }
    }

    function refilter() {
      limit = PAGE;
      apply();
      remember();
    }

    var params = new URLSearchParams(window.location.search);
    Array.prototype.forEach.call(fields, function (field) {
      var wanted = params.get(field.getAttribute("data-filter"));
      if (wanted) {
        field.value = wanted;
      }
    });
    form.addEventListener("change", refilter);
    form.addEventListener("input", refilter);
    form.addEventListener("submit", function (event) {
      event.preventDefault();
    });
    form.addEventListener("reset", function () {
      window.setTimeout(refilter, 0);
    });
    if (more) {
      more.querySelector("button").addEventListener("click", function () {
        limit = Infinity;
        apply();
      });
    }
    var preset = Array.prototype.some.call(fields, function (field) {
      return field.value.trim() !== "";
    });
    if (preset) {
      apply();
    } else if (rows.length > PAGE && more) {
      // Unfiltered, the stylesheet already shows the first PAGE rows: the rows are left
      // alone (setting each one's hidden attribute restyles the whole table on a phone).
      if (count) {
        count.textContent = "共 " + rows.length + " 个项目，显示前 " + PAGE + " 个";
      }
      more.querySelector("button").textContent = "显示全部 " + rows.length + " 个";
      more.hidden = false;
    }
  }

  if (document.readyState === "loading" && !document.querySelector(".ob-explorer__empty")) {
    document.addEventListener("DOMContentLoaded", setup);
  } else {
    setup(); // the table and the elements after it are parsed: hide rows before the first paint
  }
})();
