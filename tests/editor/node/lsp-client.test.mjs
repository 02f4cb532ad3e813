// The incept language server through a real LSP client: vscode-languageserver-protocol's typed requests over
// vscode-jsonrpc's stream transport, the layer VS Code's own client stands on. Run by `npm test` (with
// INCEPT_LSP set to the server command as JSON, e.g. ["dotnet","/path/incept.dll","lsp"]) or by the xunit
// EditorClientTests.
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import {
  createProtocolConnection,
  StreamMessageReader,
  StreamMessageWriter,
  InitializeRequest,
  InitializedNotification,
  DidOpenTextDocumentNotification,
  DidChangeTextDocumentNotification,
  PublishDiagnosticsNotification,
  HoverRequest,
  InlayHintRequest,
  CodeLensRequest,
  CompletionRequest,
  SignatureHelpRequest,
  DefinitionRequest,
  ReferencesRequest,
  PrepareRenameRequest,
  RenameRequest,
  DocumentSymbolRequest,
  FoldingRangeRequest,
  DocumentFormattingRequest,
  SemanticTokensRequest,
  CodeActionRequest,
  ShutdownRequest,
  ExitNotification,
} from "vscode-languageserver-protocol/node";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..");
const v3Path = join(root, "dsl", "inception_v3.incept");
const v3Uri = pathToFileURL(v3Path).href;
const v3Text = readFileSync(v3Path, "utf8");
const v3Lines = v3Text.split("\n");
const command = JSON.parse(process.env.INCEPT_LSP ?? '["incept", "lsp"]');

let server;
let connection;
let capabilities;
let exitCode;
const published = [];

/** The 0-based place of the first occurrence of a text, plus an offset. */
function find(needle, offset = 0) {
  const line = v3Lines.findIndex((l) => l.includes(needle));
  assert.ok(line >= 0, `'${needle}' is not in inception_v3.incept`);
  return { line, character: v3Lines[line].indexOf(needle) + offset };
}

function diagnosticsOf(uri, version) {
  return new Promise((resolve, reject) => {
    const deadline = setTimeout(() => reject(new Error(`no diagnostics for ${uri} v${version}`)), 30000);
    const poll = () => {
      const found = published.find((p) => p.uri === uri && p.version === version);
      if (found) {
        clearTimeout(deadline);
        resolve(found);
      } else {
        setTimeout(poll, 20);
      }
    };
    poll();
  });
}

before(async () => {
  server = spawn(command[0], command.slice(1), { stdio: ["pipe", "pipe", "pipe"] });
  server.stderr.resume();
  server.on("exit", (code) => (exitCode = code));
  connection = createProtocolConnection(new StreamMessageReader(server.stdout), new StreamMessageWriter(server.stdin));
  connection.onNotification(PublishDiagnosticsNotification.type, (p) => published.push(p));
  connection.listen();
  const result = await connection.sendRequest(InitializeRequest.type, {
    processId: process.pid,
    rootUri: pathToFileURL(root).href,
    capabilities: {},
    workspaceFolders: null,
  });
  capabilities = result.capabilities;
  assert.equal(result.serverInfo.name, "incept");
  await connection.sendNotification(InitializedNotification.type, {});
  await connection.sendNotification(DidOpenTextDocumentNotification.type, {
    textDocument: { uri: v3Uri, languageId: "incept", version: 1, text: v3Text },
  });
});

after(() => {
  connection?.dispose();
  if (exitCode === undefined) server?.kill();
});

test("capabilities: every feature the server has is advertised", () => {
  assert.equal(capabilities.textDocumentSync.change, 1);
  for (const name of ["hoverProvider", "inlayHintProvider", "definitionProvider", "referencesProvider", "documentSymbolProvider", "foldingRangeProvider", "documentFormattingProvider"]) {
    assert.equal(capabilities[name], true, name);
  }
  assert.deepEqual(capabilities.renameProvider, { prepareProvider: true });
  assert.deepEqual(capabilities.signatureHelpProvider.triggerCharacters, ["(", ","]);
  assert.ok(capabilities.completionProvider.triggerCharacters.includes("="));
  assert.deepEqual(capabilities.codeActionProvider.codeActionKinds, ["quickfix"]);
  assert.ok(capabilities.semanticTokensProvider.legend.tokenTypes.includes("keyword"));
});

test("diagnostics: a reference model is clean, an edit gives a located INC error with its help link", async () => {
  assert.deepEqual((await diagnosticsOf(v3Uri, 1)).diagnostics, []);
  const broken = v3Text.replace("branch1x1 = conv 64 1x1", "branch1x1 = convv 64 1x1");
  await connection.sendNotification(DidChangeTextDocumentNotification.type, {
    textDocument: { uri: v3Uri, version: 2 },
    contentChanges: [{ text: broken }],
  });
  const { diagnostics } = await diagnosticsOf(v3Uri, 2);
  assert.equal(diagnostics.length, 1);
  const [error] = diagnostics;
  assert.equal(error.code, "INC0101");
  assert.equal(error.severity, 1);
  assert.equal(error.source, "incept");
  assert.match(error.message, /^unknown operation 'convv'/);
  assert.deepEqual(error.range, { start: find("branch1x1 = conv 64", 12), end: find("branch1x1 = conv 64", 17) });
  assert.match(error.codeDescription.href, /LANGUAGE\.md#/);

  const actions = await connection.sendRequest(CodeActionRequest.type, {
    textDocument: { uri: v3Uri },
    range: error.range,
    context: { diagnostics },
  });
  assert.equal(actions[0].title, "Change 'convv' to 'conv'");
  assert.equal(actions[0].edit.changes[v3Uri][0].newText, "conv");

  await connection.sendNotification(DidChangeTextDocumentNotification.type, {
    textDocument: { uri: v3Uri, version: 3 },
    contentChanges: [{ text: v3Text }],
  });
  assert.deepEqual((await diagnosticsOf(v3Uri, 3)).diagnostics, []);
});

test("hover: a block call shows its arguments, output shape and cost", async () => {
  const hover = await connection.sendRequest(HoverRequest.type, { textDocument: { uri: v3Uri }, position: find("Mixed_6b = inception_c", 13) });
  assert.equal(hover.contents.kind, "markdown");
  assert.match(hover.contents.value, /\*\*Mixed_6b\*\* = `inception_c\(c7=128\)`: 768x17x17 → \*\*768x17x17\*\*, 1,297,408 parameters, 374,063,104 MACs/);
});

test("hover: a layer inside a block shows its shape in each instance", async () => {
  const hover = await connection.sendRequest(HoverRequest.type, { textDocument: { uri: v3Uri }, position: find("branch7x7_1 = conv c7 1x1", 15) });
  for (const row of ["| Mixed_6b | 768x17x17 | 128x17x17 |", "| Mixed_6c | 768x17x17 | 160x17x17 |", "| Mixed_6e | 768x17x17 | 192x17x17 |"]) {
    assert.ok(hover.contents.value.includes(row), row);
  }
});

test("inlay hints: the output shape at the end of a layer and of a block call", async () => {
  const hints = await connection.sendRequest(InlayHintRequest.type, {
    textDocument: { uri: v3Uri },
    range: { start: { line: 0, character: 0 }, end: { line: v3Lines.length, character: 0 } },
  });
  const at = (needle) => {
    const start = find(needle);
    return hints.find((h) => h.position.line === start.line && h.position.character === start.character + needle.length);
  };
  assert.equal(at("Mixed_6b = inception_c(128)").label, "→ 768x17x17");
  assert.equal(at("Conv2d_1a_3x3 = conv 32 3x3 stride=2").label, "→ 32x149x149");
  assert.equal(at("branch7x7_1 = conv c7 1x1").label, "→ 128x17x17 | 160x17x17 | 192x17x17");
});

test("code lens: a block's instances and a network's totals", async () => {
  const lenses = await connection.sendRequest(CodeLensRequest.type, { textDocument: { uri: v3Uri } });
  const titles = lenses.map((l) => l.command.title);
  assert.ok(titles.includes("4 instances · 1,297,408 to 2,141,952 parameters · 374.06 M to 617.91 M MACs each"), titles.join("\n"));
  assert.ok(titles.includes("23,834,568 parameters (27,161,264 with auxiliary heads) · 5.713 G MACs · 3x299x299 → 1000 classes"), titles.join("\n"));
});

test("completion: ops at a statement start, options with defaults after an op", async () => {
  const start = find("Mixed_5b = inception_a(32)");
  const atStart = await connection.sendRequest(CompletionRequest.type, { textDocument: { uri: v3Uri }, position: { line: start.line, character: 2 } });
  const conv = atStart.items.find((i) => i.label === "conv");
  assert.match(conv.detail, /^conv OUT KxK/);
  assert.equal(atStart.items.find((i) => i.label === "inception_c").insertText, "inception_c(${1:c7})");
  const stem = find("Conv2d_1a_3x3 = conv 32 3x3 stride=2");
  const options = await connection.sendRequest(CompletionRequest.type, {
    textDocument: { uri: v3Uri },
    position: { line: stem.line, character: stem.character + "Conv2d_1a_3x3 = conv 32 3x3 stride=2 ".length },
  });
  const pad = options.items.find((i) => i.label === "pad");
  assert.equal(pad.detail, "pad (default 0)");
  assert.equal(pad.insertText, "pad=");
  assert.equal(options.items.find((i) => i.label === "stride"), undefined);
});

test("signature help: the parameter of a block call", async () => {
  const call = find("Mixed_6c = inception_c(160)");
  const help = await connection.sendRequest(SignatureHelpRequest.type, {
    textDocument: { uri: v3Uri },
    position: { line: call.line, character: call.character + "Mixed_6c = inception_c(".length },
  });
  assert.equal(help.signatures[0].label, "inception_c(c7)");
  assert.equal(help.activeParameter, 0);
});

test("definition and references: a call jumps to its block, the block lists its calls", async () => {
  const [target] = await connection.sendRequest(DefinitionRequest.type, { textDocument: { uri: v3Uri }, position: find("Mixed_6b = inception_c", 13) });
  assert.equal(target.uri, v3Uri);
  assert.deepEqual(target.range.start, find("block inception_c", 6));
  const references = await connection.sendRequest(ReferencesRequest.type, {
    textDocument: { uri: v3Uri },
    position: find("block inception_c", 7),
    context: { includeDeclaration: false },
  });
  assert.deepEqual(references.map((r) => r.range.start.line), ["Mixed_6b", "Mixed_6c", "Mixed_6d", "Mixed_6e"].map((n) => find(n + " = ").line));
});

test("rename: refused on an op, a block renamed everywhere", async () => {
  await assert.rejects(
    connection.sendRequest(PrepareRenameRequest.type, { textDocument: { uri: v3Uri }, position: find("branch1x1 = conv 64", 13) }),
    /'conv' is a keyword of the language/,
  );
  const prepared = await connection.sendRequest(PrepareRenameRequest.type, { textDocument: { uri: v3Uri }, position: find("block inception_c", 8) });
  assert.equal(prepared.placeholder, "inception_c");
  const edit = await connection.sendRequest(RenameRequest.type, { textDocument: { uri: v3Uri }, position: find("block inception_c", 8), newName: "module_c" });
  assert.equal(edit.documentChanges[0].edits.length, 5);
  assert.ok(edit.documentChanges[0].edits.every((e) => e.newText === "module_c"));
});

test("document symbols and folding ranges", async () => {
  const symbols = await connection.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri: v3Uri } });
  assert.deepEqual(symbols.map((s) => s.name), ["inception_a", "inception_b", "inception_c", "inception_d", "inception_e", "inception_aux", "InceptionV3"]);
  const network = symbols.at(-1);
  assert.ok(network.children.some((c) => c.name === "Mixed_6b" && c.detail === "inception_c(...)"));
  const folds = await connection.sendRequest(FoldingRangeRequest.type, { textDocument: { uri: v3Uri } });
  assert.ok(folds.some((f) => f.startLine === find("block inception_c").line));
});

test("formatting: a formatted file needs no edit, a messy one gets exactly what incept fmt writes", async () => {
  assert.deepEqual(await connection.sendRequest(DocumentFormattingRequest.type, { textDocument: { uri: v3Uri }, options: { tabSize: 2, insertSpaces: true } }), []);
  const messyUri = "untitled:messy.incept";
  await connection.sendNotification(DidOpenTextDocumentNotification.type, {
    textDocument: { uri: messyUri, languageId: "incept", version: 1, text: "network N {\n input 3x16x16\n      classes 4\n  conv 8   3x3\n  global_avgpool\n  linear classes\n}\n" },
  });
  const [edit] = await connection.sendRequest(DocumentFormattingRequest.type, { textDocument: { uri: messyUri }, options: { tabSize: 2, insertSpaces: true } });
  assert.equal(edit.newText, "network N {\n  input 3x16x16\n  classes 4\n  conv 8 3x3\n  global_avgpool\n  linear classes\n}\n");
});

test("semantic tokens: the first line is a comment, 'block' a keyword", async () => {
  const { data } = await connection.sendRequest(SemanticTokensRequest.type, { textDocument: { uri: v3Uri } });
  const types = capabilities.semanticTokensProvider.legend.tokenTypes;
  assert.equal(types[data[3]], "comment");
  let line = 0;
  let character = 0;
  const tokens = [];
  for (let i = 0; i < data.length; i += 5) {
    line += data[i];
    character = data[i] === 0 ? character + data[i + 1] : data[i + 1];
    tokens.push({ line, character, type: types[data[i + 3]] });
  }
  const block = find("block inception_a");
  assert.equal(tokens.find((t) => t.line === block.line && t.character === block.character).type, "keyword");
  assert.equal(tokens.find((t) => t.line === block.line && t.character === block.character + 6).type, "class");
});

test("an unknown method is refused with -32601", async () => {
  await assert.rejects(connection.sendRequest("incept/unknown", {}), (error) => error.code === -32601);
});

test("shutdown then exit ends the server with 0", async () => {
  await connection.sendRequest(ShutdownRequest.type);
  await connection.sendNotification(ExitNotification.type);
  const code = await new Promise((resolve) => (exitCode !== undefined ? resolve(exitCode) : server.on("exit", resolve)));
  assert.equal(code, 0);
});
