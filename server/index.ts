import http from "node:http";
import path from "node:path";
import next from "next";
import { config } from "@/lib/config";
import { services } from "@/lib/container";
import { registerJobHandlers, scheduleRecurringJobs } from "@/lib/jobs/handlers";
import { JobWorker } from "@/lib/jobs/worker";
import { ffmpegAvailable } from "@/lib/media/video-frame";
import { boot } from "./boot";
import { bodyIdleTimeoutMs, boundBodyIdle } from "./body-idle";
import { handleDownload } from "./http/downloads";
import { applyProxyTrust } from "./http/proxy-headers";
import { sendError } from "./http/respond";
import { handleShareDownload } from "./http/share-downloads";
import { handleWopi } from "./wopi/wopi";
import { handleThumbnail } from "./http/thumbnails";
import { handleNextcloud } from "./nextcloud";
import { createTusServer, TUS_PATH } from "./tus/tus-server";
import { defersContinue, handleWebdav, mayBeWebdav } from "./webdav";

/**
 * Haven's single process: routes tus uploads and byte downloads on plain Node streams, everything else
 * to Next.js, and runs the job worker (HAVEN_WORKER=0 turns it off for web-only instances).
 */
async function main(): Promise<void> {
  const cfg = config();
  await boot(cfg);
  const svc = services();
  // Hear the other instances' cache invalidations (lib/services/cache-bus.ts) before serving anything.
  svc.cacheBus.listen();
  const keyed = await svc.files.backfillSortKeys();
  if (keyed > 0) console.log(`haven: computed the sort keys of ${keyed} existing files and folders`);
  const dev = process.env.NODE_ENV !== "production";
  const app = next({ dev, dir: process.env.HAVEN_APP_DIR ?? path.resolve("."), hostname: cfg.host, port: cfg.port });
  await app.prepare();
  const handleNext = app.getRequestHandler();
  const tus = createTusServer(svc);
  const trustProxy = process.env.HAVEN_TRUST_PROXY === "1";
  const bodyIdleMs = bodyIdleTimeoutMs();

  const server = http.createServer((req, res) => {
    applyProxyTrust(req, trustProxy);
    boundBodyIdle(req, bodyIdleMs);
    void (async () => {
      try {
        // WebDAV first, on the raw path (its doors never overlap tus's): most sync traffic needs no URL parsed.
        if (mayBeWebdav(req.url ?? "/") && (await handleWebdav(req, res, null, svc))) return;
        const url = new URL(req.url ?? "/", "http://haven.local");
        if (url.pathname === TUS_PATH || url.pathname.startsWith(`${TUS_PATH}/`)) return await tus.handle(req, res);
        if (await handleDownload(req, res, url, svc)) return;
        if (await handleShareDownload(req, res, url, svc)) return;
        if (await handleWopi(req, res, url, svc)) return;
        if (await handleThumbnail(req, res, url, svc)) return;
        if (await handleNextcloud(req, res, url, svc)) return;
        await handleNext(req, res);
      } catch (e) {
        sendError(res, e);
      }
    })();
  });
  server.on("checkContinue", (req, res) => {
    if (!defersContinue(req)) res.writeContinue();
    server.emit("request", req, res);
  });
  // No overall limit for long uploads; a stalled body is bounded instead (boundBodyIdle, HAVEN_BODY_IDLE_TIMEOUT).
  server.requestTimeout = 0;
  server.headersTimeout = 60_000;
  server.keepAliveTimeout = 65_000;

  let worker: JobWorker | undefined;
  if (process.env.HAVEN_WORKER !== "0") {
    worker = new JobWorker(svc.uow, svc.clock);
    registerJobHandlers(worker, svc);
    await scheduleRecurringJobs(svc);
    worker.start();
    if (!ffmpegAvailable()) console.warn("haven: ffmpeg is not installed: videos get no thumbnail (install Debian's ffmpeg, or set HAVEN_FFMPEG)");
  }

  server.listen(cfg.port, cfg.host, () => console.log(`haven: serving on http://${cfg.host}:${cfg.port} (data in ${cfg.dataDir})`));

  const shutdown = async () => {
    console.log("haven: shutting down");
    server.close();
    await worker?.stop();
    await svc.cacheBus.close();
    // Counted downloads wait in memory for a few seconds: write them before the database goes.
    await svc.dailyCounters.stop().catch((e: unknown) => console.error("haven: daily counters not written", e));
    await svc.uow.disconnect();
    process.exit(0);
  };
  process.once("SIGTERM", () => void shutdown());
  process.once("SIGINT", () => void shutdown());
}

main().catch((e: unknown) => {
  console.error("haven: failed to start", e);
  process.exit(1);
});
