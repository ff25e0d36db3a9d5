// Search commands of the admin CLI (scripts/cli.ts).
import type { Command } from "commander";
import { services } from "@/lib/container";

export function registerSearchCommands(program: Command): void {
  program
    .command("search:reindex")
    .description("queue the search.reindex job: (re)index the text of every existing file whose text is missing or stale")
    .action(async () => {
      await services().search.enqueueReindex();
      console.log("Queued search.reindex; the server's job worker runs it (progress under Admin → Jobs).");
    });
}
