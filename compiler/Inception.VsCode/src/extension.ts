// The .incept extension: a thin client. Everything an editor shows (diagnostics, hover, inlay hints,
// completion, navigation, formatting, the architecture picture) comes from `incept lsp`; this file starts it and
// adds the commands.
import { execFile } from "child_process";
import * as path from "path";
import * as vscode from "vscode";
import { LanguageClient, LanguageClientOptions, ServerOptions } from "vscode-languageclient/node";
import { compareWithFile, compareWithHead, follow, showArchitecture } from "./architecture";

let client: LanguageClient | undefined;

/** The incept command: the `incept.server.path` setting, else `incept` on PATH. */
function inceptCommand(): string {
  const configured = vscode.workspace.getConfiguration("incept").get<string>("server.path", "");
  return configured.trim().length > 0 ? configured : "incept";
}

async function startServer(context: vscode.ExtensionContext): Promise<void> {
  const serverOptions: ServerOptions = { command: inceptCommand(), args: ["lsp"] };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: "file", language: "incept" },
      { scheme: "untitled", language: "incept" },
    ],
    // The server re-checks the files that import a file changed on disk.
    synchronize: { fileEvents: vscode.workspace.createFileSystemWatcher("**/*.incept") },
    initializationOptions: {
      inlayHints: vscode.workspace.getConfiguration("incept").get<boolean>("inlayHints.enabled", true),
    },
    outputChannelName: "Inception.Dsl",
  };
  client = new LanguageClient("incept", "Inception.Dsl", serverOptions, clientOptions);
  context.subscriptions.push(client);
  try {
    await client.start();
    follow(context, client);
  } catch (error) {
    void vscode.window.showErrorMessage(
      `Cannot start '${inceptCommand()} lsp': ${String(error)}. Install the tool (dotnet tool install -g Inception.Dsl.Tool) or set incept.server.path.`,
    );
  }
}

/** Runs incept with the arguments and gives its standard output; its standard error becomes the message of a failure. */
function runIncept(args: string[], cwd: string): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(inceptCommand(), args, { cwd, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) {
        reject(new Error(stderr.trim() || error.message));
      } else {
        resolve(stdout);
      }
    });
  });
}

function activeInceptFile(): vscode.Uri | undefined {
  const editor = vscode.window.activeTextEditor;
  if (!editor || editor.document.languageId !== "incept" || editor.document.uri.scheme !== "file") {
    void vscode.window.showWarningMessage("Open a saved .incept file first.");
    return undefined;
  }
  return editor.document.uri;
}

async function showStats(uri?: string): Promise<void> {
  const file = uri ? vscode.Uri.parse(uri) : activeInceptFile();
  if (!file) {
    return;
  }
  try {
    const stats = await runIncept(["stats", file.fsPath], path.dirname(file.fsPath));
    const document = await vscode.workspace.openTextDocument({ content: stats, language: "plaintext" });
    await vscode.window.showTextDocument(document, { viewColumn: vscode.ViewColumn.Beside, preview: true });
  } catch (error) {
    void vscode.window.showErrorMessage(`incept stats: ${(error as Error).message}`);
  }
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  context.subscriptions.push(
    vscode.commands.registerCommand("incept.showStats", showStats),
    vscode.commands.registerCommand("incept.showArchitecture", () => showArchitecture(context, client)),
    vscode.commands.registerCommand("incept.compareWithFile", () => compareWithFile(context, client)),
    vscode.commands.registerCommand("incept.compareWithHead", () => compareWithHead(context, client)),
    vscode.commands.registerCommand("incept.restartServer", async () => {
      if (client) {
        await client.restart();
      } else {
        await startServer(context);
      }
    }),
  );
  await startServer(context);
}

export async function deactivate(): Promise<void> {
  await client?.stop();
}
