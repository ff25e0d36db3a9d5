// Node module hooks for running TypeScript sources directly (dev server, CLI, tests outside vitest):
// "server-only" is a guard for React Server Components and throws in plain Node, so map it to a no-op.
import { register } from "node:module";

register(
  "data:text/javascript," +
    encodeURIComponent(`
      const shim = ${JSON.stringify(new URL("./empty.mjs", import.meta.url).href)};
      export async function resolve(specifier, context, next) {
        if (specifier === "server-only") return { url: shim, shortCircuit: true };
        return next(specifier, context);
      }
    `),
  import.meta.url,
);
