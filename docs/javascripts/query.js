/*
 * The 查询 page: SQL over the data package in the reader's own browser, with DuckDB-WASM
 * (served by the site, no outside request) reading the Parquet copy of each table.
 *
 * The page (openbudget.site.querypage) gives, as data- attributes of .ob-query, where the
 * DuckDB files and the Parquet files are and the tables' names. A table's Parquet file is
 * fetched the first time a query names it, so a query of `documents` does not download the
 * projects. Every value is shown as DuckDB writes it as text (an amount 3502.60 stays
 * 3502.60; a code 2080101 keeps its digits); the query goes into the address (?sql=…) so a
 * result can be shared, and the rows can be saved as CSV.
 */
import * as duckdb from "../assets/vendor/duckdb/duckdb-browser.mjs";

const page = document.querySelector(".ob-query");
if (page) {
  start(page);
}

function start(page) {
  const form = page.querySelector("form");
  const box = form.querySelector("textarea");
  const status = page.querySelector(".ob-query__status");
  const output = page.querySelector(".ob-query__result");
  const download = page.querySelector(".ob-query__csv");
  const vendor = new URL(page.dataset.vendor, location.href);
  const parquet = new URL(page.dataset.parquet, location.href);
  const tables = page.dataset.tables.split(" ");
  const loaded = new Map();
  let database = null;
  let shown = null;

  function connect() {
    database ??= (async () => {
      const worker = new Worker(new URL("duckdb-browser-eh.worker.js", vendor));
      const db = new duckdb.AsyncDuckDB(new duckdb.VoidLogger(), worker);
      await db.instantiate(new URL("duckdb-eh.wasm", vendor).href);
      return { db, connection: await db.connect() };
    })();
    return database;
  }

  // The tables a query names, each registered once as a view of its Parquet file.
  async function prepare(sql) {
    const { db, connection } = await connect();
    for (const name of tables) {
      if (!new RegExp(`\\b${name}\\b`, "i").test(sql)) {
        continue;
      }
      if (!loaded.has(name)) {
        loaded.set(name, (async () => {
          const response = await fetch(new URL(`${name}.parquet`, parquet));
          if (!response.ok) {
            throw new Error(`${name}.parquet：${response.status}`);
          }
          const bytes = new Uint8Array(await response.arrayBuffer());
          await db.registerFileBuffer(`${name}.parquet`, bytes);
          await connection.query(
            `CREATE VIEW "${name}" AS SELECT * FROM read_parquet('${name}.parquet')`
          );
        })());
      }
      await loaded.get(name);
    }
    return connection;
  }

  // Every column as text, as DuckDB writes it: exact decimals, codes with their digits. The
  // columns' names from the query as written (a cast would name them CAST(…)).
  async function query(connection, sql) {
    const inner = sql.replace(/;\s*$/, "");
    let names;
    let result;
    try {
      names = (await connection.query(`SELECT * FROM (${inner}) AS result LIMIT 0`))
        .schema.fields.map((field) => field.name);
      result = await connection.query(`SELECT COLUMNS(*)::VARCHAR FROM (${inner}) AS result`);
    } catch (error) {
      result = await connection.query(sql); // not a SELECT: run it as written
      names = result.schema.fields.map((field) => field.name);
    }
    const columns = names.map((_, index) => result.getChildAt(index));
    const body = [];
    for (let row = 0; row < result.numRows; row++) {
      body.push(columns.map((column) => {
        const value = column.get(row);
        return value === null || value === undefined ? null : String(value);
      }));
    }
    return { names, body };
  }

  function table({ names, body }) {
    const numeric = names.map((_, index) =>
      body.some((row) => row[index] !== null) &&
      body.every((row) => row[index] === null || /^-?\d+(\.\d+)?$/.test(row[index])));
    const wrapper = document.createElement("div");
    wrapper.className = "ob-table ob-sortable";
    // A box that scrolls sideways on a phone: named, and reachable by keyboard.
    wrapper.tabIndex = 0;
    wrapper.setAttribute("role", "region");
    wrapper.setAttribute("aria-label", "查询结果");
    const element = document.createElement("table");
    const head = element.createTHead().insertRow();
    names.forEach((name, index) => {
      const cell = document.createElement("th");
      cell.textContent = name;
      cell.className = numeric[index] ? "ob-num" : "ob-text";
      head.appendChild(cell);
    });
    const tbody = element.createTBody();
    for (const row of body) {
      const line = tbody.insertRow();
      row.forEach((value, index) => {
        const cell = line.insertCell();
        cell.className = numeric[index] ? "ob-num" : "ob-text";
        cell.textContent = value ?? "";
      });
    }
    wrapper.appendChild(element);
    if (window.openbudgetSortable) {
      window.openbudgetSortable(element);
    }
    return wrapper;
  }

  function csv({ names, body }) {
    const quote = (value) => (value === null ? "" : /[",\n\r]/.test(value)
      ? `"${value.replace(/"/g, '""')}"` : value);
    return [names, ...body].map((row) => row.map(quote).join(",")).join("\r\n") + "\r\n";
  }

  async function run(sql) {
    status.textContent = database ? "正在查询……" : "正在载入 DuckDB（首次下载约 18 MB，网站压缩传输时约 4 MB）……";
    download.hidden = true;
    const started = performance.now();
    try {
      const connection = await prepare(sql);
      shown = await query(connection, sql);
      output.replaceChildren(table(shown));
      const seconds = ((performance.now() - started) / 1000).toFixed(2);
      status.textContent = `共 ${shown.body.length} 行，用时 ${seconds} 秒。`;
      download.hidden = false;
      page.setAttribute("data-state", "done");
    } catch (error) {
      output.replaceChildren();
      status.textContent = `查询出错：${error.message}`;
      page.setAttribute("data-state", "failed");
    }
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const sql = box.value.trim();
    if (!sql) {
      return;
    }
    const address = new URL(location.href);
    address.searchParams.set("sql", sql);
    history.replaceState(null, "", address);
    page.setAttribute("data-state", "running");
    run(sql);
  });
  document.querySelectorAll("[data-example]").forEach((button) => {
    button.addEventListener("click", () => {
      box.value = button.getAttribute("data-example");
      form.scrollIntoView({ block: "start" });
      form.requestSubmit();
    });
  });
  download.addEventListener("click", () => {
    if (!shown) {
      return;
    }
    const blob = new Blob(["\ufeff" + csv(shown)], { type: "text/csv;charset=utf-8" });
    const link = document.createElement("a");
    link.href = URL.createObjectURL(blob);
    link.download = "query.csv";
    link.click();
    URL.revokeObjectURL(link.href);
  });
  form.hidden = false;
  const shared = new URLSearchParams(location.search).get("sql");
  if (shared) {
    box.value = shared;
    form.requestSubmit();
  }
}
