/*
 * lkjip_xl: the Office.js client of the worksheet functions (Excel custom functions).
 *
 * Served by `lkjip-xl serve` at /xlwings/custom-functions-code when the installed xlwings has
 * no client template of its own. Each registered function posts its arguments to the server in
 * the body that xlwings.server.custom_functions_call reads, and returns the server's result
 * (a 2-D array). The server fills in the two placeholders and appends one
 * CustomFunctions.associate(...) per function.
 */

const lkjipCallPath = "placeholder_custom_functions_call_path";
const lkjipXlwingsVersion = "placeholder_xlwings_version";
// The server's access token, when it has one: the manifest gives the task pane page (which also
// runs these functions) the address /taskpane?token=..., and every call sends it as a header.
const lkjipTokenMatch = /[?&]token=([^&#]*)/.exec((window.location && window.location.search) || "");
const lkjipToken = lkjipTokenMatch ? decodeURIComponent(lkjipTokenMatch[1]) : null;
const lkjipHeaders = { "Content-Type": "application/json" };
if (lkjipToken) {
  lkjipHeaders.Authorization = `Bearer ${lkjipToken}`;
}

let lkjipRuntime = "1.1";
let lkjipContentLanguage = null;
let lkjipWorkbookName = null;

const lkjipReady = Promise.resolve(Office.onReady()).then(() => {
  const supported = (version) =>
    Office.context.requirements.isSetSupported("CustomFunctionsRuntime", version);
  for (const version of ["1.4", "1.3", "1.2"]) {
    if (supported(version)) {
      lkjipRuntime = version;
      break;
    }
  }
  lkjipContentLanguage = Office.context.contentLanguage || null;
});

async function lkjipBookName() {
  if (lkjipWorkbookName === null) {
    try {
      const context = new Excel.RequestContext();
      context.workbook.load("name");
      await context.sync();
      lkjipWorkbookName = context.workbook.name;
    } catch (error) {
      lkjipWorkbookName = "";
    }
  }
  return lkjipWorkbookName;
}

function lkjipFail(message) {
  const text = String(message).slice(0, 255);
  if (typeof CustomFunctions.Error === "function" && lkjipRuntime !== "1.1") {
    throw new CustomFunctions.Error(CustomFunctions.ErrorCode.invalidValue, text);
  }
  return [[text]];
}

// args: the Excel arguments followed by the invocation object, as Excel passes them.
async function lkjipCall(funcName, args) {
  await lkjipReady;
  const invocation = args.length ? args[args.length - 1] : {};
  const values = args.slice(0, -1).map((value) => (value === undefined ? null : value));
  const bookName = await lkjipBookName();
  const body = {
    func_name: funcName,
    args: values,
    caller_address: `[${bookName}]${invocation && invocation.address ? invocation.address : ""}`,
    content_language: lkjipContentLanguage,
    version: lkjipXlwingsVersion,
    runtime: lkjipRuntime,
    client: "Office.js",
  };
  let response;
  let text;
  try {
    response = await fetch(window.location.origin + lkjipCallPath, {
      method: "POST",
      headers: lkjipHeaders,
      body: JSON.stringify(body),
    });
    text = await response.text();
  } catch (error) {
    // The browser's own words for a failed request are English ("Failed to fetch").
    return lkjipFail(
      "Server lkjip_xl tidak terjangkau: pastikan server (lkjip-xl serve) berjalan, " +
        "lalu hitung ulang.",
    );
  }
  let answer = null;
  try {
    answer = JSON.parse(text);
  } catch (error) {
    // not JSON: a proxy's page, or a server that is not lkjip_xl's
  }
  if (!response.ok) {
    return lkjipFail(
      answer && typeof answer.detail === "string"
        ? answer.detail
        : `Server menjawab dengan galat HTTP ${response.status}; minta pengelola memeriksa ` +
            "log server lkjip_xl.",
    );
  }
  if (!answer || !Array.isArray(answer.result)) {
    return lkjipFail("Jawaban server tidak dapat dibaca sebagai jawaban lkjip_xl.");
  }
  return answer.result;
}

globalThis.lkjipCall = lkjipCall;
