/*
 * Render the charts of a page with the Vega libraries served by this site.
 *
 * Each chart is a <div class="vega-chart"> holding its spec (with inline data) in a
 * <script type="application/json"> child, written by openbudget.site.charts, followed by a
 * collapsed table of the same figures for readers who cannot see the chart. Material's
 * document$ fires on the first load and after every instant-navigation page change, so charts
 * render in both cases; without Material, DOMContentLoaded does the same.
 *
 * The built site's specs are compiled to Vega (marked data-vega, see openbudget.site.vega):
 * such a page loads only Vega and draws with vega.View. An uncompiled Vega-Lite spec (a page
 * served by `mkdocs serve`) loads Vega, Vega-Lite and vega-embed. The libraries come from
 * assets/vendor/ beside this script, and only pages with a chart load them, when the first
 * chart comes near the screen: a chart is drawn as it scrolls into view (the page's text
 * shows first, and a reader who never scrolls to the charts never downloads the libraries).
 */
(function () {
  "use strict";

  var VEGA = ["vega.min.js"];
  var VEGA_LITE = ["vega.min.js", "vega-lite.min.js", "vega-embed.min.js"];
  var here = document.currentScript && document.currentScript.src;
  var vendorBase = here ? here.replace(/javascripts\/charts\.js(\?.*)?$/, "assets/vendor/") : "";
  var loaded = {};

  function loadScript(name) {
    if (!loaded[name]) {
      loaded[name] = new Promise(function (resolve, reject) {
        var script = document.createElement("script");
        script.src = vendorBase + name;
        script.onload = resolve;
        script.onerror = function () {
          reject(new Error("未能加载 " + name));
        };
        document.head.appendChild(script);
      });
    }
    return loaded[name];
  }

  function loadInOrder(names) {
    return names.reduce(function (previous, name) {
      return previous.then(function () {
        return loadScript(name);
      });
    }, Promise.resolve());
  }

  function showError(node, error) {
    var message = document.createElement("p");
    message.className = "vega-chart__error";
    message.textContent = "图表无法显示：" + (error && error.message ? error.message : error);
    node.appendChild(message);
  }

  function renderCharts(nodes) {
    var compiled = Array.prototype.every.call(nodes, function (node) {
      return node.querySelector("script[data-vega]");
    });
    loadInOrder(compiled ? VEGA : VEGA_LITE).then(
      function () {
        drawCharts(nodes);
      },
      function (error) {
        Array.prototype.forEach.call(nodes, function (node) {
          node.setAttribute("data-rendered", "failed");
          showError(node, error);
        });
      }
    );
  }

  // Charts are drawn when they come within a screen's height of the viewport.
  function watchCharts() {
    var nodes = document.querySelectorAll("div.vega-chart:not([data-rendered])");
    if (!nodes.length) {
      return;
    }
    if (!("IntersectionObserver" in window)) {
      renderCharts(nodes);
      return;
    }
    var observer = new IntersectionObserver(
      function (entries) {
        var near = entries
          .filter(function (entry) {
            return entry.isIntersecting;
          })
          .map(function (entry) {
            observer.unobserve(entry.target);
            return entry.target;
          });
        if (near.length) {
          renderCharts(near);
        }
      },
      { rootMargin: "25% 0px" }
    );
    Array.prototype.forEach.call(nodes, function (node) {
      observer.observe(node);
    });
  }

  // A mark's tooltip (金额, 占比 …) as the browser's own tooltip on the chart.
  function showTooltip(target) {
    return function (handler, event, item, value) {
      if (value === undefined || value === null || value === "") {
        target.removeAttribute("title");
        return;
      }
      var lines =
        typeof value === "object"
          ? Object.keys(value).map(function (key) {
              return key + "：" + value[key];
            })
          : [String(value)];
      target.setAttribute("title", lines.join("\n"));
    };
  }

  // Dark mode (Material's slate scheme): light text and axes on a transparent background.
  var LIGHT_TEXT = "#e0e0e0";
  var DARK = {
    axis: { labelColor: LIGHT_TEXT, titleColor: LIGHT_TEXT, domainColor: "#9e9e9e", tickColor: "#9e9e9e" },
    legend: { labelColor: LIGHT_TEXT, titleColor: LIGHT_TEXT },
    title: { color: LIGHT_TEXT },
  };

  function isDark() {
    return document.body.getAttribute("data-md-color-scheme") === "slate";
  }

  // A copy of a compiled spec for dark mode: the configuration above, and the value labels'
  // dark grey (set on the text marks themselves) turned light.
  function darkSpec(spec) {
    var copy = JSON.parse(JSON.stringify(spec));
    copy.background = null;
    copy.config = copy.config || {};
    Object.keys(DARK).forEach(function (key) {
      copy.config[key] = Object.assign({}, copy.config[key], DARK[key]);
    });
    (function lighten(marks) {
      (marks || []).forEach(function (mark) {
        var update = mark.encode && mark.encode.update;
        if (mark.type === "text" && update && update.fill && update.fill.value) {
          update.fill = { value: LIGHT_TEXT };
        }
        lighten(mark.marks);
      });
    })(copy.marks);
    return copy;
  }

  function draw(target, spec, isVega) {
    if (isVega) {
      var shown = isDark() ? darkSpec(spec) : spec;
      var view = new window.vega.View(window.vega.parse(shown), {
        container: target,
        renderer: "svg",
        hover: true,
      });
      view.tooltip(showTooltip(target));
      return view.runAsync();
    }
    return window.vegaEmbed(target, spec, {
      actions: false,
      mode: "vega-lite",
      renderer: "svg",
      config: isDark() ? DARK : {},
    });
  }

  // When the reader switches between light and dark, the drawn charts are drawn again.
  function redrawAll() {
    var drawn = document.querySelectorAll("div.vega-chart[data-rendered=done]");
    Array.prototype.forEach.call(drawn, function (node) {
      var view = node.querySelector(".vega-chart__view");
      if (view) {
        view.remove();
      }
      node.removeAttribute("data-rendered");
    });
    if (drawn.length) {
      renderCharts(drawn);
    }
  }
  new MutationObserver(redrawAll).observe(document.body, {
    attributes: true,
    attributeFilter: ["data-md-color-scheme"],
  });

  // A chart with data-drill="ID": a click on a bar opens the block of the same name in the
  // element ID (the 款 of a 类, see openbudget.site.drill) through the address's #…, which
  // details.js follows; the blocks themselves are what the keyboard uses.
  function drillOnClick(node, view) {
    var scope = document.getElementById(node.getAttribute("data-drill") || "");
    if (!scope) {
      return;
    }
    view.addEventListener("click", function (event, item) {
      var name = item && item.datum && item.datum.name;
      var blocks = scope.querySelectorAll("details[data-name]");
      for (var i = 0; name && i < blocks.length; i++) {
        if (blocks[i].getAttribute("data-name") === name) {
          window.location.hash = blocks[i].id;
          return;
        }
      }
    });
  }

  function drawCharts(nodes) {
    Array.prototype.forEach.call(nodes, function (node) {
      if (node.getAttribute("data-rendered")) {
        return;
      }
      var source = node.querySelector('script[type="application/json"]');
      if (!source) {
        return;
      }
      node.setAttribute("data-rendered", "pending");
      var spec;
      try {
        spec = JSON.parse(source.textContent);
      } catch (error) {
        showError(node, error);
        return;
      }
      var target = document.createElement("div");
      target.className = "vega-chart__view";
      // The chart goes before its collapsed data table (details.ob-chart-data), if any.
      node.insertBefore(target, node.querySelector("details.ob-chart-data"));
      draw(target, spec, source.hasAttribute("data-vega"))
        .then(function (result) {
          node.obView = result.view || result;
          drillOnClick(node, node.obView);
          node.setAttribute("data-rendered", "done");
        })
        .catch(function (error) {
          node.setAttribute("data-rendered", "failed");
          showError(node, error);
        });
    });
  }

  // A chart's tools (the row under it): its figures as CSV (its data table, the figures the
  // chart draws, as printed), the drawing as SVG or PNG, and a snippet that embeds it.
  function save(name, blob) {
    var link = document.createElement("a");
    link.href = URL.createObjectURL(blob);
    link.download = name;
    document.body.appendChild(link);
    link.click();
    link.remove();
    window.setTimeout(function () {
      URL.revokeObjectURL(link.href);
    }, 1000);
  }

  function tableCsv(node) {
    var quote = function (text) {
      return /[",\n\r]/.test(text) ? '"' + text.replace(/"/g, '""') + '"' : text;
    };
    var rows = node.querySelectorAll("details.ob-chart-data tr");
    return Array.prototype.map
      .call(rows, function (row) {
        return Array.prototype.map
          .call(row.cells, function (cell) {
            var text = cell.textContent.trim();
            return quote(cell.classList.contains("ob-num") ? text.replace(/,/g, "") : text);
          })
          .join(",");
      })
      .join("\r\n") + "\r\n";
  }

  // The chart's view, drawn first if it was not yet (a reader may ask before it scrolled in).
  function viewOf(node) {
    if (node.obView) {
      return Promise.resolve(node.obView);
    }
    if (!node.getAttribute("data-rendered")) {
      renderCharts([node]);
    }
    return new Promise(function (resolve, reject) {
      var tries = 0;
      (function wait() {
        if (node.obView) {
          resolve(node.obView);
        } else if (node.getAttribute("data-rendered") === "failed" || ++tries > 200) {
          reject(new Error("chart not drawn"));
        } else {
          window.setTimeout(wait, 50);
        }
      })();
    });
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-chart-save], [data-chart-embed]");
    var node = button && button.closest("div.vega-chart");
    if (!node) {
      return;
    }
    var kind = button.getAttribute("data-chart-save");
    if (kind === "csv") {
      save(node.id + ".csv", new Blob(["\ufeff" + tableCsv(node)], { type: "text/csv;charset=utf-8" }));
    } else if (kind === "svg") {
      viewOf(node).then(function (view) {
        return view.toSVG().then(function (svg) {
          save(node.id + ".svg", new Blob([svg], { type: "image/svg+xml" }));
        });
      });
    } else if (kind === "png") {
      viewOf(node).then(function (view) {
        return view.toCanvas(2).then(function (canvas) {
          canvas.toBlob(function (blob) {
            save(node.id + ".png", blob);
          });
        });
      });
    } else {
      var box = node.querySelector(".ob-chart-tools__embed");
      var address = window.location.href.split("#")[0] + "#" + node.id;
      box.value =
        '<iframe src="' + address + '" title="' + node.getAttribute("aria-label").split("：")[0] +
        '" width="100%" height="480" style="border:0" loading="lazy"></iframe>';
      box.hidden = !box.hidden;
      button.setAttribute("aria-expanded", String(!box.hidden));
      if (!box.hidden) {
        box.select();
      }
    }
  });

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(watchCharts);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", watchCharts);
  } else {
    watchCharts();
  }
})();
