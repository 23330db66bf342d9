/*
 * lkjip_xl task pane: the buttons "Hitung Ulang" and "Periksa" for Office.js.
 *
 * A click sends the workbook to the server in the JSON form that xlwings' remote book reads
 * (book, names, and per sheet its used values and Excel tables; lkjip's own key lkjip_percent
 * lists the number cells whose format code holds a "%", which the server reads as the figure
 * shown, as it reads a workbook file), then applies the actions the
 * server answers with: setValues, setNumberFormat (the places Desimal shows), resizeTable,
 * runMacro (lkjipUnprotect / lkjipProtect, the
 * sheet protection that the xlwings remote book has no API for) and alert (shown here).
 * Only these actions are produced by lkjip_xl's scripts; any other is reported, not guessed.
 * Cells travel to and from Excel in blocks that stay under Excel on the web's 5 MB per sync;
 * one click runs at a time; a failure is one Indonesian sentence and leaves no sheet that was
 * protected unprotected.
 */

const lkjip = (() => {
  const scriptsPath = "/xlwings/custom-scripts-call/";
  // The server's access token, from this page's address (see the manifest), sent with each call.
  const token = new URLSearchParams(window.location.search).get("token");
  const headers = { "Content-Type": "application/json" };
  if (token) {
    headers.Authorization = `Bearer ${token}`;
  }
  const protections = {}; // sheet name -> protection options, while unprotected by a script

  function xlwingsVersion() {
    const meta = document.querySelector('meta[name="xlwings-version"]');
    return meta ? meta.content : "";
  }

  function show(message, isError) {
    const box = document.getElementById("lkjip-pesan");
    if (box) {
      box.textContent = message;
      box.className = isError ? "pesan galat" : "pesan";
    }
  }

  function serialToIso(value) {
    return new Date(Math.round((value - 25569) * 86400 * 1000)).toISOString();
  }

  // Excel on the web carries at most 5 MB in one sync, each way: a sheet is read in blocks of
  // rows of at most this many cells (each a value, a format code and a category). A 20,000-row
  // roster read whole was refused with Excel's English "payload size has exceeded the limit".
  const CELLS_PER_SYNC = 20000;

  // Each sheet's cells from A1 to its used range's last cell, as Range.values, numberFormat
  // and numberFormatCategories would give them read whole: in blocks of rows, as many blocks
  // (of several sheets) per sync as CELLS_PER_SYNC allows.
  async function readCells(context, items) {
    const withCategories = Office.context.requirements.isSetSupported("ExcelApi", "1.12");
    const keys = ["values", "numberFormat", ...(withCategories ? ["numberFormatCategories"] : [])];
    let queued = [];
    let cellsQueued = 0;
    const flush = async () => {
      await context.sync();
      for (const { cells, block } of queued) {
        for (const key of keys) {
          for (const row of block[key]) {
            cells[key].push(row);
          }
        }
      }
      queued = [];
      cellsQueued = 0;
    };
    for (const item of items) {
      const last = /([A-Z]+)(\d+)$/.exec(item.used.address.split("!").pop().split(":").pop());
      const columns = [...last[1]].reduce((n, letter) => n * 26 + letter.charCodeAt(0) - 64, 0);
      const rows = Number(last[2]);
      const cells = { values: [], numberFormat: [], numberFormatCategories: null };
      for (const key of keys) {
        cells[key] = [];
      }
      item.range = cells;
      const step = Math.max(1, Math.floor(CELLS_PER_SYNC / columns));
      for (let start = 0; start < rows; start += step) {
        const count = Math.min(step, rows - start);
        if (queued.length && cellsQueued + count * columns > CELLS_PER_SYNC) {
          await flush();
        }
        const block = item.sheet.getRangeByIndexes(start, 0, count, columns);
        block.load(keys.join(","));
        queued.push({ cells, block });
        cellsQueued += count * columns;
      }
    }
    await flush(); // also when no sheet holds a value: what was loaded before is read
  }

  async function getBookData(context) {
    const workbook = context.workbook;
    workbook.load("name");
    const worksheets = workbook.worksheets;
    worksheets.load("items/name,items/position");
    const active = worksheets.getActiveWorksheet();
    active.load("position");
    const names = workbook.names;
    names.load("items/name,items/type");
    await context.sync();

    const nameRanges = [];
    for (const item of names.items) {
      if (item.type === "Range") {
        const range = item.getRange();
        range.load("address");
        range.worksheet.load("position");
        nameRanges.push({ name: item.name, range });
      }
    }
    const sheetData = [];
    for (const sheet of worksheets.items) {
      const used = sheet.getUsedRangeOrNullObject(true);
      used.load("address");
      const tables = sheet.tables;
      tables.load("items/name,items/showHeaders,items/showTotals,items/style,items/showFilterButton");
      sheetData.push({ sheet, used, tables });
    }
    await context.sync();

    for (const item of sheetData) {
      item.tableRanges = item.tables.items.map((table) => {
        const loaded = {
          table,
          range: table.getRange().load("address"),
          body: table.getDataBodyRange().load("address"),
          header: table.showHeaders ? table.getHeaderRowRange().load("address") : null,
          total: table.showTotals ? table.getTotalRowRange().load("address") : null,
        };
        return loaded;
      });
    }
    // The tables' addresses come with the first block of cells.
    await readCells(
      context,
      sheetData.filter((item) => !item.used.isNullObject),
    );

    const local = (address) => address.split("!").pop();
    const sheets = sheetData.map((item) => {
      let values = [[""]];
      const percent = []; // [row, column, format code], 1-based: typed "75%" is 0.75 in "0%"
      if (item.range) {
        values = item.range.values;
        const formats = item.range.numberFormat;
        values.forEach((row, r) =>
          row.forEach((value, c) => {
            const code = String(formats[r][c]);
            if (typeof value === "number" && code.includes("%")) {
              percent.push([r + 1, c + 1, code]);
            }
          }),
        );
        const categories = item.range.numberFormatCategories;
        if (categories) {
          values = values.map((row, r) =>
            row.map((value, c) => {
              const category = String(categories[r][c]);
              return (category === "Date" || category === "Time") && typeof value === "number"
                ? serialToIso(value)
                : value;
            }),
          );
        }
      }
      return {
        name: item.sheet.name,
        values,
        lkjip_percent: percent,
        pictures: [],
        tables: item.tableRanges.map((t) => ({
          name: t.table.name,
          range_address: local(t.range.address),
          header_row_range_address: t.header ? local(t.header.address) : null,
          data_body_range_address: local(t.body.address),
          total_row_range_address: t.total ? local(t.total.address) : null,
          show_headers: t.table.showHeaders,
          show_totals: t.table.showTotals,
          table_style: t.table.style,
          show_autofilter: t.table.showFilterButton,
        })),
      };
    });
    return {
      client: "Office.js",
      version: xlwingsVersion(),
      book: { name: workbook.name, active_sheet_index: active.position, selection: "A1" },
      names: nameRanges.map((n) => ({
        name: n.name,
        sheet_index: n.range.worksheet.position,
        address: local(n.range.address),
        scope_sheet_name: null,
        scope_sheet_index: null,
        book_scope: true,
      })),
      sheets,
    };
  }

  let loadedSheets = null; // the worksheets collection loaded by runActions
  function sheetAt(context, position) {
    return loadedSheets.items[position];
  }

  const callbacks = {
    async lkjipUnprotect(context, sheetName) {
      const sheet = context.workbook.worksheets.getItem(sheetName);
      sheet.protection.load("protected,options");
      await context.sync();
      if (sheet.protection.protected) {
        const options = sheet.protection.options;
        try {
          sheet.protection.unprotect();
          await context.sync();
        } catch (error) {
          // Office.js cannot ask for a password: a sheet protected with one refuses here.
          throw new Error(
            `Lembar ${sheetName} tidak dapat dibuka proteksinya (mungkin diproteksi dengan kata ` +
              "sandi); buka proteksinya (Review > Unprotect Sheet) lalu ulangi.",
          );
        }
        protections[sheetName] = options;
      }
    },
    async lkjipProtect(context, sheetName) {
      if (!(sheetName in protections)) {
        return;
      }
      const sheet = context.workbook.worksheets.getItem(sheetName);
      sheet.protection.protect(protections[sheetName]);
      delete protections[sheetName];
      await context.sync();
    },
  };

  // After a failed action: protect again every sheet a script unprotected, so that a failure
  // half-way never leaves the workbook open to edits of its computed cells.
  async function protectAgain(context) {
    for (const sheetName of Object.keys(protections)) {
      try {
        await callbacks.lkjipProtect(context, sheetName);
      } catch (error) {
        delete protections[sheetName]; // the first failure is the one to report
      }
    }
  }

  // The cells an action writes, from its row `offset` on, `rows` of them: its sheet by
  // position, its block by 0-based indexes.
  function rangeOf(context, action, offset = 0, rows = action.row_count) {
    return sheetAt(context, action.sheet_position).getRangeByIndexes(
      action.start_row + offset,
      action.start_column,
      rows,
      action.column_count,
    );
  }

  // The writes are sent to Excel together, one sync for as many as stay under this many bytes
  // (their JSON, roughly; Excel's own wrapping adds to it under the 5 MB): one sync per write
  // made a kinerja click 81 round trips to Excel, each a network exchange on the web.
  const BYTES_PER_SYNC = 2 << 20;
  let queuedBytes = 0;

  async function queueWrite(context, bytes) {
    if (queuedBytes && queuedBytes + bytes > BYTES_PER_SYNC) {
      await context.sync();
      queuedBytes = 0;
    }
    queuedBytes += bytes;
  }

  async function sendWrites(context) {
    if (queuedBytes) {
      queuedBytes = 0;
      await context.sync();
    }
  }

  const actions = {
    async setValues(context, action) {
      // In blocks of rows under the budget: the Saran column of a 44,000-row roster written
      // in one sync went over Excel on the web's 5 MB.
      const sizes = action.values.map((row) => JSON.stringify(row).length + 1);
      let offset = 0;
      while (offset < action.row_count) {
        let end = offset + 1;
        let bytes = sizes[offset];
        while (end < action.row_count && bytes + sizes[end] <= BYTES_PER_SYNC) {
          bytes += sizes[end];
          end += 1;
        }
        await queueWrite(context, bytes);
        rangeOf(context, action, offset, end - offset).values = action.values.slice(offset, end);
        offset = end;
      }
    },
    async setNumberFormat(context, action) {
      // One code per cell: Office.js takes the formats of a range as its grid.
      const code = String(action.args[0]);
      await queueWrite(context, (code.length + 3) * action.row_count * action.column_count);
      rangeOf(context, action).numberFormat = Array.from({ length: action.row_count }, () =>
        Array(action.column_count).fill(code),
      );
    },
    async resizeTable(context, action) {
      const tables = sheetAt(context, action.sheet_position).tables;
      tables.load("items");
      await context.sync();
      tables.items[Number(action.args[0])].resize(String(action.args[1]));
      await context.sync();
    },
    async runMacro(context, action) {
      const [name, ...args] = action.args;
      if (!(name in callbacks)) {
        throw new Error(`Tindakan ${name} tidak dikenal oleh panel lkjip_xl.`);
      }
      await callbacks[name](context, ...args);
    },
    async alert(context, action) {
      show(String(action.args[0]), action.args[3] === "critical");
    },
  };

  const WRITES = { setValues: true, setNumberFormat: true };

  async function runActions(context, answer) {
    loadedSheets = context.workbook.worksheets;
    loadedSheets.load("items/name");
    await context.sync();
    try {
      for (const action of answer.actions || []) {
        const run = actions[action.func];
        if (!run) {
          throw new Error(`Tindakan ${action.func} tidak dikenal oleh panel lkjip_xl.`);
        }
        if (!(action.func in WRITES)) {
          await sendWrites(context); // protect, unprotect and resize come after the writes
        }
        await run(context, action);
      }
      await sendWrites(context);
    } catch (error) {
      queuedBytes = 0; // a failed sync sends nothing more of what was queued
      await protectAgain(context);
      throw error;
    }
  }

  const UNREACHABLE =
    "Server lkjip_xl tidak terjangkau: pastikan server (lkjip-xl serve) berjalan dan alamatnya " +
    "dapat dibuka dari komputer ini, lalu ulangi.";

  // The server's answer to one script call: its actions, or an Error with one Indonesian
  // sentence (the browser's own words for a failed request are English).
  async function callScript(scriptName, payload) {
    let response;
    let text;
    try {
      response = await fetch(window.location.origin + scriptsPath + scriptName, {
        method: "POST",
        headers,
        body: JSON.stringify(payload),
      });
      text = await response.text();
    } catch (error) {
      throw new Error(UNREACHABLE);
    }
    let answer = null;
    try {
      answer = JSON.parse(text);
    } catch (error) {
      // not JSON: a proxy's page, or a server that is not lkjip_xl's
    }
    if (!response.ok) {
      if (answer && typeof answer.detail === "string") {
        throw new Error(answer.detail);
      }
      throw new Error(
        `Server menjawab dengan galat HTTP ${response.status}; ulangi, atau minta pengelola ` +
          "memeriksa log server lkjip_xl.",
      );
    }
    if (!answer || !Array.isArray(answer.actions)) {
      throw new Error(
        "Jawaban server tidak dapat dibaca sebagai jawaban lkjip_xl; periksa alamat server " +
          "di manifest add-in.",
      );
    }
    return answer;
  }

  async function runOnce(scriptName) {
    show("Sedang diproses...", false);
    try {
      await Excel.run(async (context) => {
        const payload = await getBookData(context);
        await runActions(context, await callScript(scriptName, payload));
      });
    } catch (error) {
      show(`Gagal: ${error.message || error}`, true);
    }
  }

  // One button at a time: a click while another runs (the other button, or the ribbon's)
  // waits for it. Two at once both read the workbook before either wrote it, and the second
  // wrote its Log row over the first's.
  let queue = Promise.resolve();
  function run(scriptName) {
    queue = queue.then(() => runOnce(scriptName));
    return queue;
  }

  return { run, getBookData, runActions, actions, callbacks };
})();

globalThis.lkjip = lkjip;

Office.onReady(() => {
  for (const button of document.querySelectorAll("[data-skrip]")) {
    button.addEventListener("click", async () => {
      button.disabled = true;
      try {
        await lkjip.run(button.dataset.skrip);
      } finally {
        button.disabled = false;
      }
    });
  }
  // Ribbon buttons (manifest: ExecuteFunction), in the shared runtime.
  if (Office.actions && Office.actions.associate) {
    Office.actions.associate("lkjipHitungUlang", async (event) => {
      await lkjip.run("hitung_ulang");
      event.completed();
    });
    Office.actions.associate("lkjipPeriksa", async (event) => {
      await lkjip.run("periksa");
      event.completed();
    });
  }
});
