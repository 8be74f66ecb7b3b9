// The search page: a small interface over Pagefind's index (pagefind/pagefind.js), which
// fetches only the index fragments and page fragments a query needs. A query in the address
// (search.html?q=就业) runs at once, so the home page's form and shared links work.
(function () {
  "use strict";

  var root = document.getElementById("ob-search");
  if (!root) {
    return;
  }
  var PAGE = 5; // results shown at a time: each loads its page's fragment
  var form = document.createElement("form");
  form.className = "ob-search-form";
  form.setAttribute("role", "search");
  var input = document.createElement("input");
  input.type = "search";
  input.name = "q";
  input.setAttribute("aria-label", "搜索本站");
  input.placeholder = "部门、支出科目、项目或绩效指标";
  var button = document.createElement("button");
  button.type = "submit";
  button.textContent = "搜索";
  form.appendChild(input);
  form.appendChild(document.createTextNode(" "));
  form.appendChild(button);
  var status = document.createElement("p");
  status.className = "ob-search__status";
  status.setAttribute("aria-live", "polite");
  var list = document.createElement("ol");
  list.className = "ob-search__results pagefind-ui__results";
  var more = document.createElement("button");
  more.type = "button";
  more.className = "ob-search__more";
  more.textContent = "显示更多结果";
  more.hidden = true;
  root.appendChild(form);
  root.appendChild(status);
  root.appendChild(list);
  root.appendChild(more);

  var pagefind = import(new URL("pagefind/pagefind.js", document.baseURI).href);
  var current = { query: "", results: [], shown: 0 };

  function link(url, title) {
    var anchor = document.createElement("a");
    anchor.className = "pagefind-ui__result-link";
    anchor.href = url;
    anchor.textContent = title;
    return anchor;
  }

  function excerpt(html) {
    var text = document.createElement("p");
    text.className = "ob-search__excerpt";
    text.innerHTML = html; // Pagefind's excerpt: the page's text, escaped, with <mark>
    return text;
  }

  function item(data) {
    var entry = document.createElement("li");
    entry.className = "pagefind-ui__result";
    var heading = document.createElement("p");
    heading.className = "ob-search__title";
    heading.appendChild(link(data.url, data.meta.title || data.url));
    entry.appendChild(heading);
    entry.appendChild(excerpt(data.excerpt));
    // The page's sections that match most (as Pagefind's own interface picks them).
    var parts = (data.sub_results || [])
      .filter(function (sub) {
        return sub.url !== data.url;
      })
      .sort(function (a, b) {
        return (b.locations || []).length - (a.locations || []).length;
      });
    if (parts.length) {
      var nested = document.createElement("ul");
      parts.slice(0, 3).forEach(function (sub) {
        var part = document.createElement("li");
        part.appendChild(link(sub.url, sub.title));
        part.appendChild(excerpt(sub.excerpt));
        nested.appendChild(part);
      });
      entry.appendChild(nested);
    }
    return entry;
  }

  // The next `count` results, shown once their pages' fragments have come.
  function showMore(count) {
    var batch = current.results.slice(current.shown, current.shown + (count || PAGE));
    var query = current.query;
    current.shown += batch.length;
    more.hidden = current.shown >= current.results.length;
    return Promise.all(
      batch.map(function (result) {
        return result.data();
      })
    ).then(function (pages) {
      if (query === current.query) {
        pages.forEach(function (data) {
          list.appendChild(item(data));
        });
      }
    });
  }

  function run(query) {
    query = query.trim();
    current = { query: query, results: [], shown: 0 };
    list.textContent = "";
    more.hidden = true;
    if (!query) {
      status.textContent = "";
      return;
    }
    status.textContent = "正在搜索 " + query + "……";
    pagefind
      .then(function (module) {
        return module.search(query);
      })
      .then(function (search) {
        if (query !== current.query) {
          return;
        }
        current.results = search.results;
        status.textContent = search.results.length
          ? "找到 " + search.results.length + " 个与“" + query + "”相关的页面"
          : "没有找到与“" + query + "”相关的内容";
        // The best result first, alone: it shows after one fragment, not five.
        return showMore(1).then(function () {
          return query === current.query && showMore(PAGE - 1);
        });
      })
      .catch(function (error) {
        status.textContent = "搜索出错：" + (error && error.message ? error.message : error);
      });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var url = new URL(window.location.href);
    url.searchParams.set("q", input.value);
    window.history.replaceState(null, "", url);
    run(input.value);
  });
  more.addEventListener("click", function () {
    showMore(PAGE);
  });
  var query = new URLSearchParams(window.location.search).get("q") || "";
  input.value = query;
  if (query) {
    run(query);
  } else {
    input.focus();
  }
})();
