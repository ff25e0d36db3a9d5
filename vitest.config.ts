import path from "node:path";
import { defineConfig } from "vitest/config";

const root = path.dirname(new URL(import.meta.url).pathname);
const shared = {
  resolve: {
    alias: {
      "@": root,
      // "server-only" throws outside React Server Components; in Node tests it is a no-op.
      "server-only": path.join(root, "scripts/shims/empty.mjs"),
    },
  },
};

export default defineConfig({
  test: {
    projects: [
      { ...shared, test: { name: "unit", include: ["lib/**/*.spec.ts", "server/**/*.spec.ts"], environment: "node" } },
      {
        ...shared,
        test: {
          name: "service",
          include: ["test/service/**/*.test.ts", "test/storage/**/*.test.ts"],
          environment: "node",
          testTimeout: 60_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
      {
        ...shared,
        test: { name: "conformance", include: ["test/conformance/**/*.test.ts", "test/webdav/**/*.test.ts"], environment: "node", testTimeout: 600_000, hookTimeout: 300_000, fileParallelism: false },
      },
    ],
  },
});
