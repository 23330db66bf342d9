// Clicks the task pane's buttons in Node: the real page script (lkjip-taskpane.js, as the
// server serves it) on a stand-in for Excel's Office.js workbook, talking to the real server
// over HTTP. The stand-in holds per sheet its cells (values and number format codes), its
// tables, its protection and visibility, and the workbook's names; it applies the writes the
// pane makes (Range.values, Range.numberFormat, Table.resize, protect / unprotect) and refuses
// a write to a protected sheet as Excel does.
//
// Usage: node taskpane_click.mjs SCENARIO_JSON_FILE
// SCENARIO: {"origin", "token"?, "clicks": ["hitung_ulang", ...] (one after another) or
//   "together": ["hitung_ulang", "periksa"] (both at once), "book": {"name", "sheets": [{"name",
//   "values", "formats", "visibility"?, "protected"?, "password"?, "tables": [{"name", "ref",
//   "showTotals"?}]}], "names": [{"name", "sheet", "address"}]}}
// Prints {"messages": [[text, isError], ...], "book": the book after the clicks,
//   "disabled": [the buttons' disabled state at the end]}.
import { readFileSync } from "node:fs";
import vm from "node:vm";

const scenario = JSON.parse(readFileSync(process.argv[2], "utf-8"));
const origin = scenario.origin;
// The page's own origin may differ from the server that served the script: a server stopped.
const response = await fetch(`${scenario.script_origin || origin}/static/lkjip-taskpane.js`);
if (!response.ok) {
  console.error(`lkjip-taskpane.js: HTTP ${response.status}`);
  process.exit(2);
}
const code = await response.text();

// --- A1 addresses -------------------------------------------------------------------------
const letters = (n) => {
  let s = "";
  for (; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
};
const number = (s) => [...s].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0);
function cell(a1) {
  const m = /^\$?([A-Z]+)\$?(\d+)$/.exec(a1.toUpperCase());
  if (!m) throw new Error(`bad cell ${a1}`);
  return [Number(m[2]) - 1, number(m[1]) - 1];
}
function area(address) {
  const local = address.split("!").pop();
  const [a, b] = local.split(":");
  const [r1, c1] = cell(a);
  const [r2, c2] = b ? cell(b) : [r1, c1];
  return { r1, c1, r2, c2 };
}
const a1 = (r, c) => `${letters(c + 1)}${r + 1}`;
const quoted = (name) => (/^[A-Za-z0-9_]+$/.test(name) ? name : `'${name.replace(/'/g, "''")}'`);

// --- Excel on the web's bound on one sync: 5 MB each way ---------------------------------
const PAYLOAD_LIMIT = 5 * 2 ** 20;
let pending = []; // what the next sync carries: ranges loaded, grids written
function carry(part) {
  pending.push(part);
}
let syncs = 0; // round trips to Excel, each a network exchange in Excel on the web
async function sync() {
  syncs += 1;
  const size = pending.reduce((sum, part) => sum + JSON.stringify(part()).length, 0);
  pending = [];
  if (size > PAYLOAD_LIMIT) {
    throw new Error("RichApi.Error: The request payload size has exceeded the limit.");
  }
}

// --- the workbook -------------------------------------------------------------------------
const collection = (items) => ({ items, load() {} });
const book = scenario.book;

class Sheet {
  constructor(data, position) {
    Object.assign(this, { name: data.name, position, visibility: data.visibility || "Visible" });
    this.values = data.values.map((row) => [...row]);
    this.formats = data.formats.map((row) => [...row]);
    this.protection = {
      protected: Boolean(data.protected),
      options: { allowFormatCells: false },
      load() {},
      protect: (options) => {
        this.protection.protected = true;
        this.protection.options = options || {};
      },
      unprotect: (password) => {
        if (data.password && password !== data.password) {
          throw new Error("The password you supplied is not correct.");
        }
        this.protection.protected = false;
      },
    };
    this.tables = collection((data.tables || []).map((t) => new Table(this, t)));
  }
  load() {}
  get address() {
    return quoted(this.name);
  }
  ensure(r, c) {
    while (this.values.length <= r) this.values.push([]);
    while (this.formats.length <= r) this.formats.push([]);
    for (const grid of [this.values, this.formats]) {
      const blank = grid === this.values ? "" : "General";
      for (const row of grid) while (row.length <= c) row.push(blank);
    }
  }
  getUsedRangeOrNullObject() {
    let last = [-1, -1];
    this.values.forEach((row, r) =>
      row.forEach((v, c) => {
        if (v !== "" && v !== null) last = [Math.max(last[0], r), Math.max(last[1], c)];
      }),
    );
    if (last[0] < 0) return { isNullObject: true, load() {} };
    return { isNullObject: false, address: `${this.address}!A1:${a1(...last)}`, load() {} };
  }
  getRange(address) {
    const { r1, c1, r2, c2 } = area(address);
    return this.getRangeByIndexes(r1, c1, r2 - r1 + 1, c2 - c1 + 1);
  }
  getRangeByIndexes(r, c, rows, columns) {
    return new Range(this, r, c, rows, columns);
  }
}

class Range {
  constructor(sheet, r, c, rows, columns) {
    Object.assign(this, { sheet, r, c, rows, columns });
    sheet.ensure(r + rows - 1, c + columns - 1);
    this.worksheet = sheet;
  }
  load(properties) {
    const names = String(properties || "values").split(",");
    carry(() => names.map((name) => this[name.trim()]));
    return this;
  }
  get address() {
    const end = a1(this.r + this.rows - 1, this.c + this.columns - 1);
    const more = this.rows * this.columns > 1 ? `:${end}` : "";
    return `${this.sheet.address}!${a1(this.r, this.c)}${more}`;
  }
  grid(source) {
    return Array.from({ length: this.rows }, (_, i) =>
      source[this.r + i].slice(this.c, this.c + this.columns),
    );
  }
  write(target, grid, what) {
    if (this.sheet.protection.protected) {
      throw new Error(`The cell you're trying to change is on a protected sheet (${what}).`);
    }
    if (grid.length !== this.rows || grid.some((row) => row.length !== this.columns)) {
      throw new Error(`The number of rows or columns in the input array doesn't match (${what}).`);
    }
    carry(() => grid);
    grid.forEach((row, i) =>
      row.forEach((v, j) => {
        if (v !== null) target[this.r + i][this.c + j] = v; // null leaves a cell as it is
      }),
    );
  }
  get values() {
    return this.grid(this.sheet.values);
  }
  set values(grid) {
    this.write(this.sheet.values, grid, "values");
  }
  get numberFormat() {
    return this.grid(this.sheet.formats);
  }
  set numberFormat(grid) {
    this.write(this.sheet.formats, grid, "numberFormat");
  }
  get numberFormatCategories() {
    const date = (code) => /[dmy]{2}/i.test(code) && !code.includes("%");
    return this.grid(this.sheet.formats).map((row) =>
      row.map((code) => (date(code) ? "Date" : "General")),
    );
  }
}

class Table {
  constructor(sheet, data) {
    Object.assign(this, { sheet, name: data.name, showHeaders: true });
    this.showTotals = Boolean(data.showTotals);
    this.style = "TableStyleMedium2";
    this.showFilterButton = true;
    this.ref = area(data.ref);
  }
  getRange() {
    const { r1, c1, r2, c2 } = this.ref;
    return this.sheet.getRangeByIndexes(r1, c1, r2 - r1 + 1, c2 - c1 + 1);
  }
  getHeaderRowRange() {
    const { r1, c1, c2 } = this.ref;
    return this.sheet.getRangeByIndexes(r1, c1, 1, c2 - c1 + 1);
  }
  getDataBodyRange() {
    const { r1, c1, r2, c2 } = this.ref;
    const last = this.showTotals ? r2 - 1 : r2;
    return this.sheet.getRangeByIndexes(r1 + 1, c1, Math.max(last - r1, 1), c2 - c1 + 1);
  }
  getTotalRowRange() {
    const { r2, c1, c2 } = this.ref;
    return this.sheet.getRangeByIndexes(r2, c1, 1, c2 - c1 + 1);
  }
  resize(address) {
    if (this.sheet.protection.protected) {
      throw new Error("The table cannot be resized on a protected sheet.");
    }
    const next = area(address);
    // Excel gives the rows a table grows by the formats of its last row.
    for (let r = this.ref.r2 + 1; r <= next.r2; r++) {
      this.sheet.ensure(r, next.c2);
      for (let c = next.c1; c <= next.c2; c++) {
        this.sheet.formats[r][c] = this.sheet.formats[this.ref.r2][c];
      }
    }
    this.ref = next;
  }
}

const sheets = book.sheets.map((data, i) => new Sheet(data, i));
const byName = (name) => {
  const found = sheets.find((s) => s.name === name);
  if (!found) throw new Error(`ItemNotFound: ${name}`);
  return found;
};
const names = (book.names || []).map((n) => ({
  name: n.name,
  type: "Range",
  getRange: () => byName(n.sheet).getRange(n.address.replace(/\$/g, "")),
}));
const workbook = {
  name: book.name,
  load() {},
  worksheets: {
    ...collection(sheets),
    getActiveWorksheet: () => sheets[0],
    getItem: byName,
  },
  names: collection(names),
};

// --- the page -----------------------------------------------------------------------------
const messages = [];
const box = {
  set textContent(text) {
    this.text = text;
  },
  set className(name) {
    messages.push([this.text, name.includes("galat")]);
  },
};
const buttons = ["hitung_ulang", "periksa"].map((skrip) => ({
  dataset: { skrip },
  disabled: false,
  listeners: [],
  addEventListener(_type, listener) {
    this.listeners.push(listener);
  },
  click() {
    // A browser fires no click on a disabled button.
    return this.disabled ? Promise.resolve() : Promise.all(this.listeners.map((l) => l({})));
  },
}));
const ribbon = {}; // the ribbon's commands (manifest ExecuteFunction), by id
const completed = [];
let ready = null;
const search = scenario.token ? `?token=${scenario.token}` : "";
const sandbox = {
  console,
  URLSearchParams,
  fetch,
  setTimeout,
  clearTimeout,
  AbortController,
  window: { location: { search, origin } },
  document: {
    querySelector: () => null,
    querySelectorAll: (selector) => (selector === "[data-skrip]" ? buttons : []),
    getElementById: (id) => (id === "lkjip-pesan" ? box : null),
  },
  Office: {
    onReady(callback) {
      ready = callback;
    },
    context: { requirements: { isSetSupported: () => true } },
    actions: {
      associate(id, handler) {
        ribbon[id] = handler;
      },
    },
  },
  Excel: {
    async run(batch) {
      return batch({ workbook, sync });
    },
  },
};
sandbox.globalThis = sandbox;
vm.createContext(sandbox);
vm.runInContext(code, sandbox, { filename: "lkjip-taskpane.js" });
ready({ host: "Excel", platform: "OfficeOnline" });

// "hitung_ulang" clicks the pane's button, "ribbon:lkjipHitungUlang" the ribbon's command.
const press = (what) =>
  what.startsWith("ribbon:")
    ? ribbon[what.slice(7)]({ completed: () => completed.push(what) })
    : buttons.find((b) => b.dataset.skrip === what).click();
for (const skrip of scenario.clicks || []) {
  await press(skrip);
}
if (scenario.together) {
  await Promise.all(scenario.together.map(press));
}

const out = {
  messages,
  disabled: buttons.map((b) => b.disabled),
  completed,
  syncs,
  book: {
    sheets: sheets.map((s) => ({
      name: s.name,
      values: s.values,
      formats: s.formats,
      protected: s.protection.protected,
      tables: s.tables.items.map((t) => ({
        name: t.name,
        ref: t.getRange().address.split("!").pop(),
      })),
    })),
  },
};
process.stdout.write(JSON.stringify(out));
