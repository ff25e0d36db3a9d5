// The Node references: a minimal node:http server as its own plain Node process like Haven.
//   GET (any path): sends <file>, read whole per request when small, else streamed in 1 MiB reads (no auth, no
//   database).
//   PUT (any path, only with <put-dir>): writes the body to a new file there, fdatasyncs it, answers 201: the floor
//   for a durable PUT in Node.
// Usage: node bench/bare-server.mjs <file> [put-dir]; prints its port once listening.
import { createReadStream, statSync } from "node:fs";
import { open, readFile } from "node:fs/promises";
import http from "node:http";
import path from "node:path";
import { pipeline } from "node:stream/promises";

const [file, putDir] = process.argv.slice(2);
const size = statSync(file).size;
const SMALL = 64 * 1024;
let puts = 0;

async function storeDurably(req, target) {
  const handle = await open(target, "w");
  try {
    for await (const chunk of req) await handle.write(chunk);
    await handle.datasync();
  } finally {
    await handle.close();
  }
}

const server = http.createServer((req, res) => {
  if (req.method === "PUT" && putDir) {
    storeDurably(req, path.join(putDir, `put-${puts++}`)).then(
      () => res.writeHead(201, { "Content-Length": 0 }).end(),
      () => res.writeHead(500, { "Content-Length": 0 }).end(),
    );
    return;
  }
  res.writeHead(200, { "Content-Type": "application/octet-stream", "Content-Length": size });
  // Small files in one read per request (Node's fastest way for them), big ones streamed.
  if (size <= SMALL) readFile(file).then((bytes) => res.end(bytes), () => res.destroy());
  else pipeline(createReadStream(file, { highWaterMark: 1024 * 1024 }), res).catch(() => undefined);
});
server.listen(0, "127.0.0.1", () => console.log(server.address().port));
