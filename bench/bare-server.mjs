// The download reference: a minimal node:http server piping one file with 1 MiB reads, as its own plain
// Node process like Haven. Usage: node bench/bare-server.mjs <file>; prints its port once listening.
import { createReadStream, statSync } from "node:fs";
import http from "node:http";
import { pipeline } from "node:stream/promises";

const file = process.argv[2];
const size = statSync(file).size;
const server = http.createServer((_req, res) => {
  res.writeHead(200, { "Content-Type": "application/octet-stream", "Content-Length": size });
  pipeline(createReadStream(file, { highWaterMark: 1024 * 1024 }), res).catch(() => undefined);
});
server.listen(0, "127.0.0.1", () => console.log(server.address().port));
