// thumbnails:generate – renders the thumbnails of existing files here and now (like occ preview:generate-all).
import type { Command } from "commander";
import { services } from "@/lib/container";

export function registerThumbnailsCommands(program: Command): void {
  program
    .command("thumbnails:generate")
    .description("render the thumbnails of existing files that have none (--all: of every file again)")
    .option("--all", "render every thumbnail again, including ready and failed ones")
    .action(async (opts: { all?: boolean }) => {
      const thumbnails = services().thumbnails;
      for (const f of (await thumbnails.capabilities()).formats) if (!f.available) console.log(`note: no ${f.format} thumbnails here${f.note ? ` (${f.note})` : ""}`);
      let shown = -1;
      const counts = await thumbnails.backfill({ all: opts.all === true }, async (fraction) => {
        const percent = Math.floor(fraction * 100);
        if (percent !== shown && process.stdout.isTTY) process.stdout.write(`\r${percent} %`);
        shown = percent;
      });
      if (process.stdout.isTTY) process.stdout.write("\r");
      console.log(`${counts.total} files: ${counts.ready} rendered, ${counts.failed} without a thumbnail (kept with the reason), ${counts.skipped} already done or gone`);
    });
}
