/*
 * "apache-arrow" for DuckDB-WASM's main module (the 查询 page's import map points here): the
 * names it imports, from Arrow's standalone build, which the page loads first as a classic
 * script (it sets window.Arrow). Arrow's own ES modules import further packages by bare name,
 * which a browser without a bundler cannot resolve.
 */
const { RecordBatchReader, Table, tableToIPC, Type } = window.Arrow;

export { RecordBatchReader, Table, tableToIPC, Type };
