// "Show architecture" and the compare commands: the viewer that `incept view` writes, in a webview beside the
// editor, fed by the language server (incept/architecture, then incept/architectureChanged after each analysis),
// so the picture follows every keystroke, unsaved text included. A click on a node reveals its source; moving the
// cursor selects the node written there. The webview runs only this extension's script, with a nonce.
import { execFile } from "child_process";
import { randomBytes } from "crypto";
import { readFileSync } from "fs";
import * as path from "path";
import * as vscode from "vscode";
import type { LanguageClient } from "vscode-languageclient/node";

interface ArchitectureResult {
  uri: string;
  version?: number;
  networks: string[];
  network?: string;
  model?: unknown;
  errors: number;
}

interface Reveal {
  type: "reveal";
  source: { file: string; line: number; column: number; end_line: number; end_column: number };
}

const live = new Map<string, vscode.WebviewPanel>();

/** The viewer page with the model inline; the bundle is the one `incept view` embeds, copied in at build. */
function page(context: vscode.ExtensionContext, webview: vscode.Webview, model: unknown, title: string): string {
  const nonce = randomBytes(16).toString("base64");
  const script = readFileSync(context.asAbsolutePath("dist/viewer.js"), "utf8");
  const style = readFileSync(context.asAbsolutePath("dist/viewer.css"), "utf8");
  const json = JSON.stringify(model).replace(/</g, "\\u003c");
  const policy = `default-src 'none'; style-src 'nonce-${nonce}'; script-src 'nonce-${nonce}'; worker-src blob:; img-src data: blob:;`;
  return `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="${policy}">
<title>${title}</title><style nonce="${nonce}">${style}</style></head><body>
<script type="application/json" id="incept-model">${json}</script>
<script nonce="${nonce}" id="incept-viewer-js">${script}</script></body></html>`;
}

function panelFor(context: vscode.ExtensionContext, title: string, model: unknown): vscode.WebviewPanel {
  const panel = vscode.window.createWebviewPanel("inceptArchitecture", title, vscode.ViewColumn.Beside, {
    enableScripts: true,
    retainContextWhenHidden: true,
    localResourceRoots: [],
  });
  panel.webview.html = page(context, panel.webview, model, title);
  panel.webview.onDidReceiveMessage(async (message: Reveal | { type: string }) => {
    if (message.type === "reveal") {
      await reveal((message as Reveal).source);
    }
  });
  return panel;
}

/** Opens the file a node is written in and selects the node's text (its span), in the editor beside the picture. */
async function reveal(source: Reveal["source"]): Promise<void> {
  const document = await vscode.workspace.openTextDocument(vscode.Uri.file(source.file));
  const editor = await vscode.window.showTextDocument(document, { viewColumn: vscode.ViewColumn.One, preserveFocus: false });
  const start = document.validatePosition(new vscode.Position(Math.max(0, source.line - 1), Math.max(0, source.column - 1)));
  const end = document.validatePosition(new vscode.Position(Math.max(0, source.end_line - 1), Math.max(0, source.end_column - 1)));
  editor.selection = new vscode.Selection(start, end);
  editor.revealRange(new vscode.Range(start, start), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
}

function activeIncept(): vscode.TextEditor | undefined {
  const editor = vscode.window.activeTextEditor;
  if (!editor || editor.document.languageId !== "incept") {
    void vscode.window.showWarningMessage("Open a .incept file first.");
    return undefined;
  }
  return editor;
}

export async function showArchitecture(context: vscode.ExtensionContext, client: LanguageClient | undefined): Promise<void> {
  const editor = activeIncept();
  if (!editor || !client) {
    return;
  }
  const uri = editor.document.uri.toString();
  const result = await client.sendRequest<ArchitectureResult>("incept/architecture", { textDocument: { uri } });
  if (!result.model) {
    void vscode.window.showWarningMessage(result.errors > 0 ? `The file has ${result.errors} error(s): fix them to see its architecture.` : "The file has no network to show.");
    return;
  }
  live.get(uri)?.dispose();
  const panel = panelFor(context, `Architecture: ${result.network ?? path.basename(editor.document.uri.fsPath)}`, result.model);
  live.set(uri, panel);
  panel.onDidDispose(() => live.delete(uri));
}

/** Wires the server's notifications and the editor's cursor to the open pictures. */
export function follow(context: vscode.ExtensionContext, client: LanguageClient): void {
  context.subscriptions.push(
    client.onNotification("incept/architectureChanged", (result: ArchitectureResult) => {
      const panel = live.get(result.uri);
      if (panel) {
        void panel.webview.postMessage(result.model ? { type: "model", model: result.model } : { type: "stale", errors: result.errors });
      }
    }),
    vscode.window.onDidChangeTextEditorSelection(event => {
      const panel = live.get(event.textEditor.document.uri.toString());
      const at = event.selections[0]?.active;
      if (panel && at) {
        void panel.webview.postMessage({ type: "cursor", line: at.line + 1, column: at.character + 1 });
      }
    }),
  );
}

async function showDiff(context: vscode.ExtensionContext, client: LanguageClient, parameters: object, title: string): Promise<void> {
  const result = await client.sendRequest<ArchitectureResult>("incept/architectureDiff", parameters);
  if (!result.model) {
    void vscode.window.showWarningMessage(`Cannot compare: ${result.errors} error(s) in one of the versions.`);
    return;
  }
  panelFor(context, title, result.model);
}

export async function compareWithFile(context: vscode.ExtensionContext, client: LanguageClient | undefined): Promise<void> {
  const editor = activeIncept();
  if (!editor || !client) {
    return;
  }
  const picked = await vscode.window.showOpenDialog({ canSelectMany: false, filters: { "incept files": ["incept"] }, openLabel: "Compare" });
  if (!picked?.[0]) {
    return;
  }
  await showDiff(context, client, { textDocument: { uri: editor.document.uri.toString() }, otherUri: picked[0].toString() }, `${path.basename(picked[0].fsPath)} \u2192 ${path.basename(editor.document.uri.fsPath)}`);
}

export async function compareWithHead(context: vscode.ExtensionContext, client: LanguageClient | undefined): Promise<void> {
  const editor = activeIncept();
  if (!editor || !client || editor.document.uri.scheme !== "file") {
    return;
  }
  const file = editor.document.uri.fsPath;
  const committed = await new Promise<string>((resolve, reject) =>
    execFile("git", ["show", `HEAD:./${path.basename(file)}`], { cwd: path.dirname(file), maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) =>
      error ? reject(new Error(stderr.trim() || error.message)) : resolve(stdout)));
  await showDiff(context, client, { textDocument: { uri: editor.document.uri.toString() }, otherText: committed }, `HEAD \u2192 ${path.basename(file)}`);
}
