// Open a YAML file in yaml-language-server (the engine of VS Code's and github.dev's YAML
// extension) as an editor would, and print the problems it shows while typing, as JSON:
// [[line (1-based), message], ...]. The schema comes from the file's own modeline.
//     node tests/editor_diagnostics.mjs data/objectives.yml
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, resolve } from "node:path";
import { pathToFileURL } from "node:url";

const file = resolve(process.argv[2]);
const uri = pathToFileURL(file).href;
const require = createRequire(import.meta.url);
const server = spawn(process.execPath, [require.resolve("yaml-language-server/bin/yaml-language-server"), "--stdio"]);
let buffer = Buffer.alloc(0);
let nextId = 0;
const pending = new Map();
const send = (message) => {
  const body = JSON.stringify({ jsonrpc: "2.0", ...message });
  server.stdin.write(`Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
};
const request = (method, params) => new Promise((done) => { nextId += 1; pending.set(nextId, done); send({ id: nextId, method, params }); });
const finish = (code, output) => { process.stdout.write(output); server.kill(); process.exit(code); };
setTimeout(() => finish(2, "no diagnostics within 60 s\n"), 60000);

server.stdout.on("data", (chunk) => {
  buffer = Buffer.concat([buffer, chunk]);
  for (;;) {
    const head = buffer.indexOf("\r\n\r\n");
    if (head < 0) return;
    const length = Number(/Content-Length: (\d+)/i.exec(buffer.subarray(0, head).toString())[1]);
    if (buffer.length < head + 4 + length) return;
    const message = JSON.parse(buffer.subarray(head + 4, head + 4 + length).toString());
    buffer = buffer.subarray(head + 4 + length);
    if (message.id !== undefined && pending.has(message.id)) {
      pending.get(message.id)(message.result);
      pending.delete(message.id);
    } else if (message.method === "textDocument/publishDiagnostics" && message.params.uri === uri) {
      finish(0, JSON.stringify(message.params.diagnostics.map((d) => [d.range.start.line + 1, d.message])) + "\n");
    } else if (message.id !== undefined && message.method) {  // the server asks for settings
      const settings = { validate: true, hover: true, completion: true, schemaStore: { enable: false } };
      send({ id: message.id, result: message.method === "workspace/configuration" ? message.params.items.map(() => settings) : null });
    }
  }
});

await request("initialize", { processId: process.pid, rootUri: pathToFileURL(dirname(file)).href, capabilities: { workspace: { configuration: true } } });
send({ method: "initialized", params: {} });
send({ method: "workspace/didChangeConfiguration", params: { settings: { yaml: { validate: true, schemaStore: { enable: false } } } } });
send({ method: "textDocument/didOpen", params: { textDocument: { uri, languageId: "yaml", version: 1, text: readFileSync(file, "utf8") } } });
