// The search page and its index (site/search/, written by openbudget.site.searchindex): a
// query fetches index.json, one shard per term and one page fragment per result shown,
// never the whole index. A query in the address (search.html?q=就业) runs at once, so the
// home page's form and shared links work.
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
  list.className = "ob-search__results";
  var more = document.createElement("button");
  more.type = "button";
  more.className = "ob-search__more";
  more.textContent = "显示更多结果";
  more.hidden = true;
  root.appendChild(form);
  root.appendChild(status);
  root.appendChild(list);
  root.appendChild(more);

  // ------------------------------------------------------------------ the index
  // The same terms and shards as openbudget.site.searchindex (tests run both).
  var CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff";
  var SPACE_IN_CJK = new RegExp("(?<=[" + CJK + "])\\s+(?=[" + CJK + "])", "g");
  var RUNS = new RegExp("[" + CJK + "]+|[0-9a-z]+", "g");
  var BASE = new URL("search/", document.baseURI);
  var files = {};

  function normalize(text) {
    return text.normalize("NFKC").toLowerCase();
  }

  // Pairs of Chinese characters, and words of letters and digits.
  function terms(text) {
    var found = [];
    (normalize(text).replace(SPACE_IN_CJK, "").match(RUNS) || []).forEach(function (run) {
      if (/^[0-9a-z]/.test(run)) {
        found.push(run);
      } else {
        for (var i = 0; i + 1 < run.length; i++) {
          found.push(run.slice(i, i + 2));
        }
      }
    });
    return found;
  }

  // FNV-1a over the term's characters, as searchindex.shard_of.
  function shardOf(term, shards) {
    var value = 0x811c9dc5;
    for (var i = 0; i < term.length; i++) {
      value = Math.imul(value ^ term.charCodeAt(i), 0x01000193) >>> 0;
    }
    return value % shards;
  }

  function load(name) {
    if (!files[name]) {
      files[name] = fetch(new URL(name, BASE)).then(function (response) {
        if (!response.ok) {
          throw new Error(name + ": " + response.status);
        }
        return response.json();
      });
    }
    return files[name];
  }

  // The words of a query, as the page's text is checked for them: runs of Chinese
  // characters and of letters and digits. Spaces and punctuation (as in “三公”经费) separate
  // them; each is looked for on its own.
  function words(query) {
    var found = [];
    normalize(query)
      .split(/\s+/)
      .forEach(function (part) {
        found = found.concat(part.match(RUNS) || []);
      });
    return found;
  }

  // The pages holding every term of every word, best first: a term counts by its weight
  // on the page times how rare it is. Each result's data() fetches the page's fragment
  // and resolves to null when the words themselves are not on the page.
  // A query's short names (人社局, 三公) as the disclosures print them (人力资源和社会保障局,
  // “三公”经费): the index's list of them, longest first, replaced inside each word.
  function printedWords(query, short) {
    var names = Object.keys(short || {}).sort(function (a, b) {
      return b.length - a.length;
    });
    return words(query).reduce(function (all, word) {
      var replaced = word;
      names.some(function (name) {
        if (replaced.indexOf(name) >= 0) {
          replaced = replaced.split(name).join(short[name]);
          return true;
        }
        return false;
      });
      return all.concat(words(replaced));
    }, []);
  }

  function search(query) {
    if (!words(query).length) {
      return Promise.resolve({ results: [], exact: true, short: true });
    }
    return load("index.json").then(function (meta) {
      var wanted = [];
      var needles = printedWords(query, meta.short);
      var exact = true; // every word one term: a page holding the terms holds the words
      needles.forEach(function (word) {
        var own = terms(word);
        exact = exact && own.length === 1 && own[0] === word;
        own.forEach(function (term) {
          if (wanted.indexOf(term) < 0) {
            wanted.push(term);
          }
        });
      });
      if (!wanted.length) {
        return { results: [], exact: true, short: true };
      }
      return Promise.all(
        wanted.map(function (term) {
          return load("t/" + shardOf(term, meta.shards) + ".json").then(function (shard) {
            return shard[term] || null;
          });
        })
      ).then(function (lists) {
        if (lists.indexOf(null) >= 0) {
          return { results: [], exact: true };
        }
        lists.sort(function (a, b) {
          return a[0].length - b[0].length; // the rarest first: fewest pages to carry
        });
        var scores = null;
        lists.forEach(function (list) {
          var rarity = Math.log(1 + meta.pages / list[0].length);
          var next = new Map();
          var id = 0;
          for (var i = 0; i < list[0].length; i++) {
            id += list[0][i];
            if (scores === null || scores.has(id)) {
              next.set(id, (scores === null ? 0 : scores.get(id)) + list[1][i] * rarity);
            }
          }
          scores = next;
        });
        var ranked = Array.from(scores.entries()).sort(function (a, b) {
          return b[1] - a[1] || a[0] - b[0];
        });
        return {
          exact: exact,
          results: ranked.map(function (entry) {
            return {
              data: function () {
                return load("f/" + entry[0] + ".json").then(function (page) {
                  return found(page, needles);
                });
              },
            };
          }),
        };
      });
    });
  }

  // ------------------------------------------------------------------ a result
  // Text without spaces, folded as a query is, with where each character came from.
  function fold(text) {
    var out = "";
    var from = [];
    for (var i = 0; i < text.length; i++) {
      if (!/\s/.test(text[i])) {
        var folded = normalize(text[i]);
        for (var k = 0; k < folded.length; k++) {
          out += folded[k];
          from.push(i);
        }
      }
    }
    return { text: out, from: from };
  }

  // Where the words are in `text`: [start, end) pairs in the text's own characters.
  function places(text, words) {
    var folded = fold(text);
    var spans = [];
    words.forEach(function (word) {
      var at = folded.text.indexOf(word);
      while (at >= 0) {
        spans.push([folded.from[at], folded.from[at + word.length - 1] + 1]);
        at = folded.text.indexOf(word, at + word.length);
      }
    });
    return spans.sort(function (a, b) {
      return a[0] - b[0];
    });
  }

  function escape(text) {
    var node = document.createElement("span");
    node.textContent = text;
    return node.innerHTML;
  }

  // A short passage around the first match, the matches marked.
  function passage(text, spans) {
    if (!spans.length) {
      return escape(text.slice(0, 120)) + (text.length > 120 ? "……" : "");
    }
    var start = Math.max(0, spans[0][0] - 30);
    var end = Math.min(text.length, start + 150);
    var html = start ? "……" : "";
    var at = start;
    spans.forEach(function (span) {
      if (span[0] >= at && span[1] <= end) {
        html += escape(text.slice(at, span[0])) + "<mark>" + escape(text.slice(span[0], span[1])) + "</mark>";
        at = span[1];
      }
    });
    return html + escape(text.slice(at, end)) + (end < text.length ? "……" : "");
  }

  // The page as a result: linked at its section that holds most of the words (a word in its
  // heading counts half as much again), with the next such sections beneath; null when a
  // word is not on the page at all.
  function found(page, words) {
    var texts = [page.title].concat(
      page.sections.map(function (section) {
        return section[1] + " " + section[2];
      })
    );
    var whole = fold(texts.join(" ")).text;
    var missing = words.some(function (word) {
      return whole.indexOf(word) < 0;
    });
    if (missing) {
      return null;
    }
    var parts = [];
    page.sections.forEach(function (section, order) {
      var here = fold(texts[order + 1]).text;
      var hits = words.filter(function (word) {
        return here.indexOf(word) >= 0;
      }).length;
      if (hits) {
        var named = places(section[1], words).length ? 0.5 : 0;
        parts.push({ anchor: section[0], title: section[1], text: section[2], hits: hits + named, order: order });
      }
    });
    parts.sort(function (a, b) {
      return b.hits - a.hits || a.order - b.order;
    });
    // The words go along (?h=…) for highlight.js to mark them, whole, on the page.
    var marked = page.url + "?h=" + encodeURIComponent(words.join(" "));
    var url = function (anchor) {
      return anchor ? marked + "#" + anchor : marked;
    };
    var best = parts[0] || { anchor: "", text: page.sections.length ? page.sections[0][2] : "" };
    return {
      url: url(best.anchor),
      title: page.title,
      excerpt: passage(best.text, places(best.text, words)),
      sections: parts
        .slice(1)
        .filter(function (part) {
          return part.anchor;
        })
        .slice(0, 3)
        .map(function (part) {
          return { url: url(part.anchor), title: part.title, excerpt: passage(part.text, places(part.text, words)) };
        }),
    };
  }

  // ------------------------------------------------------------------ the page
  var current = { query: "", results: [], shown: 0 };

  function link(url, title) {
    var anchor = document.createElement("a");
    anchor.className = "ob-search__link";
    anchor.href = url;
    anchor.textContent = title;
    return anchor;
  }

  function excerpt(html) {
    var text = document.createElement("p");
    text.className = "ob-search__excerpt";
    text.innerHTML = html; // passage(): the page's text, escaped, with <mark>
    return text;
  }

  function item(data) {
    var entry = document.createElement("li");
    entry.className = "ob-search__result";
    var heading = document.createElement("p");
    heading.className = "ob-search__title";
    heading.appendChild(link(data.url, data.title || data.url));
    entry.appendChild(heading);
    entry.appendChild(excerpt(data.excerpt));
    if (data.sections.length) {
      var nested = document.createElement("ul");
      data.sections.forEach(function (sub) {
        var part = document.createElement("li");
        part.appendChild(link(sub.url, sub.title));
        part.appendChild(excerpt(sub.excerpt));
        nested.appendChild(part);
      });
      entry.appendChild(nested);
    }
    return entry;
  }

  // The next `count` results, shown once their pages' fragments have come; a page that
  // does not hold the words themselves is passed over for the next one.
  function showMore(count) {
    var query = current.query;
    var batch = current.results.slice(current.shown, current.shown + (count || PAGE));
    current.shown += batch.length;
    more.hidden = current.shown >= current.results.length;
    return Promise.all(
      batch.map(function (result) {
        return result.data();
      })
    ).then(function (pages) {
      if (query !== current.query) {
        return;
      }
      var shown = pages.filter(Boolean);
      shown.forEach(function (data) {
        list.appendChild(item(data));
      });
      if (shown.length < batch.length && current.shown < current.results.length) {
        return showMore(batch.length - shown.length);
      }
      if (current.results.length && !list.children.length && current.shown >= current.results.length) {
        status.textContent = "没有找到与“" + query + "”相关的内容";
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
    search(query)
      .then(function (found) {
        if (query !== current.query) {
          return;
        }
        current.results = found.results;
        var count = found.results.length;
        if (found.short) {
          status.textContent = "请输入至少两个汉字，或一个字母、数字组成的词";
        } else if (!count) {
          status.textContent = "没有找到与“" + query + "”相关的内容";
        } else {
          // Pages holding every pair of characters: the words themselves are checked as
          // each result is shown, so with more than one pair the count is an estimate.
          status.textContent = "找到" + (found.exact ? " " : "约 ") + count + " 个与“" + query + "”相关的页面";
        }
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
