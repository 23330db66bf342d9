// Runs the task pane's getBookData (lkjip-taskpane.js, as the server serves it) in Node on a
// stand-in for the Office.js workbook: per sheet its values, its number format codes and its
// number format categories, as Excel's Range.values / numberFormat / numberFormatCategories
// give them (no tables, no names). Prints the request body the task pane would send.
//
// Usage: node taskpane_book_data.mjs ORIGIN BOOK_JSON_FILE
// BOOK_JSON_FILE: {"name": ..., "sheets": [{"name", "values", "formats", "categories"}]}.
import { readFileSync } from "node:fs";
import vm from "node:vm";

const [origin, bookFile] = process.argv.slice(2);
const response = await fetch(`${origin}/static/lkjip-taskpane.js`);
if (!response.ok) {
  console.error(`lkjip-taskpane.js: HTTP ${response.status}`);
  process.exit(2);
}
const code = await response.text();
const book = JSON.parse(readFileSync(bookFile, "utf-8"));

const column = (n) => {
  let letters = "";
  for (; n > 0; n = Math.floor((n - 1) / 26)) {
    letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  }
  return letters;
};
const collection = (items) => ({ items, load() {} });

const worksheets = book.sheets.map((data, position) => {
  const last = `${column(data.values[0].length)}${data.values.length}`;
  const sheet = {
    name: data.name,
    position,
    tables: collection([]),
    load() {},
    getUsedRangeOrNullObject() {
      return { isNullObject: false, address: `${data.name}!A1:${last}`, load() {} };
    },
    getRangeByIndexes(row, column, rows, columns) {
      const block = (grid) =>
        grid.slice(row, row + rows).map((line) => line.slice(column, column + columns));
      return {
        values: block(data.values),
        numberFormat: block(data.formats),
        numberFormatCategories: block(data.categories),
        load() {},
      };
    },
  };
  return sheet;
});
const context = {
  workbook: {
    name: book.name,
    load() {},
    worksheets: { ...collection(worksheets), getActiveWorksheet: () => worksheets[0] },
    names: collection([]),
  },
  async sync() {},
};

const sandbox = {
  console,
  URLSearchParams,
  window: { location: { search: "", origin } },
  document: { querySelector: () => null, querySelectorAll: () => [] },
  Office: {
    onReady() {},
    context: { requirements: { isSetSupported: () => true } },
  },
};
sandbox.globalThis = sandbox;
vm.createContext(sandbox);
vm.runInContext(code, sandbox);
const payload = await sandbox.lkjip.getBookData(context);
console.log(JSON.stringify(payload));
