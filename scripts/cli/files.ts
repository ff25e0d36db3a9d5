// files:sha1-backfill – computes the SHA-1 of blobs stored before Haven kept one (Nextcloud clients and rclone check it).
import type { Command } from "commander";
import { services } from "@/lib/container";

export function registerFilesCommands(program: Command): void {
  program
    .command("files:sha1-backfill")
    .description("read every blob that has no SHA-1 yet, check its SHA-256 and store its SHA-1 (the daily job does the same)")
    .action(async () => {
      let shown = -1;
      const counts = await services().sha1Backfill.run(async (fraction, c) => {
        // A terminal gets every percent in place; a log gets a line every 10 %.
        const percent = Math.floor(fraction * 100);
        const step = process.stdout.isTTY ? percent : percent - (percent % 10);
        if (step === shown) return;
        shown = step;
        const line = `${percent} % (${c.filled + c.mismatched + c.failed} of ${c.total})`;
        if (process.stdout.isTTY) process.stdout.write(`\r${line}`);
        else console.log(line);
      });
      if (process.stdout.isTTY) process.stdout.write("\r");
      console.log(`${counts.total} blobs without SHA-1: ${counts.filled} filled, ${counts.mismatched} whose bytes do not match their SHA-256, ${counts.failed} unreadable`);
      for (const problem of counts.problems) console.log(`  ${problem}`);
      process.exitCode = counts.mismatched + counts.failed > 0 ? 1 : 0;
    });
}
