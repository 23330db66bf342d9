// Runs the server's own Office.js custom-functions client (GET /xlwings/custom-functions-code)
// in Node, with the Office.js globals it expects stubbed, and calls one registered function
// the way Excel does: its arguments as 2-D arrays, then the invocation object. The client
// fetches the server over HTTP (Node 18+ has fetch).
//
// Usage: node custom_functions_client.mjs ORIGIN FUNCTION_ID ARGS_JSON [RENAME_TO]
// With RENAME_TO, the posted body names that function instead (one the server does not know),
// to see how the client reports a refusal.
// Prints one JSON object: {"registered": [...], "result": ...} or {"registered": [...],
// "error": {"code": ..., "message": ...}}.
import vm from "node:vm";

const [origin, functionId, argsJson, renameTo] = process.argv.slice(2);
const response = await fetch(`${origin}/xlwings/custom-functions-code`);
if (!response.ok) {
  console.error(`custom-functions-code: HTTP ${response.status}`);
  process.exit(2);
}
const code = await response.text();

const registered = {};
class CustomFunctionError extends Error {
  constructor(code, message) {
    super(message);
    this.code = code;
  }
}
const info = { host: "Excel", platform: "PC" };
async function clientFetch(url, options) {
  if (renameTo && options && options.body) {
    const body = JSON.parse(options.body);
    body.func_name = renameTo;
    options = { ...options, body: JSON.stringify(body) };
  }
  return fetch(url, options);
}

const sandbox = {
  console,
  fetch: clientFetch,
  setTimeout,
  clearTimeout,
  // LKJIP_TOKEN: the page's address carries the server's token, as the manifest gives it.
  // LKJIP_PAGE_ORIGIN: the page's origin when it is not the server that gave the code (a
  // server since stopped, a proxy).
  window: {
    location: {
      origin: process.env.LKJIP_PAGE_ORIGIN || origin,
      search: process.env.LKJIP_TOKEN ? `?token=${process.env.LKJIP_TOKEN}` : "",
    },
  },
  localStorage: { getItem: () => null, setItem: () => undefined },
  Office: {
    onReady(callback) {
      if (typeof callback === "function") callback(info);
      return Promise.resolve(info);
    },
    context: {
      contentLanguage: "id-ID",
      requirements: {
        isSetSupported: (name, version) =>
          name === "CustomFunctionsRuntime" && Number(version) <= 1.4,
      },
    },
  },
  Excel: {
    RequestContext: class {
      constructor() {
        this.workbook = { name: "kinerja.xlsx", load() {} };
      }
      async sync() {}
    },
  },
  CustomFunctions: {
    associate(id, fn) {
      registered[id] = fn;
    },
    Error: CustomFunctionError,
    ErrorCode: { invalidValue: "#VALUE!" },
  },
};
sandbox.globalThis = sandbox;
vm.createContext(sandbox);
vm.runInContext(code, sandbox, { filename: "custom-functions-code.js" });

const fn = registered[functionId];
const out = { registered: Object.keys(registered).sort() };
if (!fn) {
  out.error = { code: "not-registered", message: functionId };
} else {
  const args = JSON.parse(argsJson);
  const invocation = {
    address: "Indikator!Q5",
    parameterAddresses: args.map((_, i) => `Indikator!${String.fromCharCode(72 + i)}5`),
    functionName: functionId,
  };
  try {
    out.result = await fn(...args, invocation);
  } catch (error) {
    out.error = { code: error.code ?? null, message: String(error.message ?? error) };
  }
}
process.stdout.write(JSON.stringify(out));
