/*
 * Render the charts of a page with the Vega libraries served by this site.
 *
 * Each chart is a <div class="vega-chart"> holding its Vega-Lite spec (with inline data) in a
 * <script type="application/json"> child, written by openbudget.site.charts, followed by a
 * collapsed table of the same figures for readers who cannot see the chart. Material's
 * document$ fires on the first load and after every instant-navigation page change, so charts
 * render in both cases; without Material, DOMContentLoaded does the same.
 *
 * The Vega libraries (some 280 KB compressed) are loaded only by pages that have a chart, in
 * order (vega, then vega-lite, then vega-embed), from assets/vendor/ beside this script.
 */
(function () {
  "use strict";

  var VENDOR = ["vega.min.js", "vega-lite.min.js", "vega-embed.min.js"];
  var here = document.currentScript && document.currentScript.src;
  var vendorBase = here ? here.replace(/javascripts\/charts\.js(\?.*)?$/, "assets/vendor/") : "";
  var loading = null;

  function loadScript(src) {
    return new Promise(function (resolve, reject) {
      var script = document.createElement("script");
      script.src = src;
      script.onload = resolve;
      script.onerror = function () {
        reject(new Error("未能加载 " + src));
      };
      document.head.appendChild(script);
    });
  }

  function loadVega() {
    if (typeof window.vegaEmbed === "function") {
      return Promise.resolve();
    }
    if (!loading) {
      loading = VENDOR.reduce(function (previous, name) {
        return previous.then(function () {
          return loadScript(vendorBase + name);
        });
      }, Promise.resolve());
    }
    return loading;
  }

  function showError(node, error) {
    var message = document.createElement("p");
    message.className = "vega-chart__error";
    message.textContent = "图表无法显示：" + (error && error.message ? error.message : error);
    node.appendChild(message);
  }

  function renderCharts() {
    var nodes = document.querySelectorAll("div.vega-chart:not([data-rendered])");
    if (!nodes.length) {
      return;
    }
    loadVega().then(
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
      if (typeof window.vegaEmbed !== "function") {
        showError(node, "未加载 vega-embed");
        return;
      }
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
      window
        .vegaEmbed(target, spec, { actions: false, mode: "vega-lite", renderer: "svg" })
        .then(function () {
          node.setAttribute("data-rendered", "done");
        })
        .catch(function (error) {
          node.setAttribute("data-rendered", "failed");
          showError(node, error);
        });
    });
  }

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(renderCharts);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", renderCharts);
  } else {
    renderCharts();
  }
})();
