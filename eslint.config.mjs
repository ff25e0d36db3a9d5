// ESLint (flat config), run by `npm run lint` and as the `lint` suite of `npm test`. Deliberately small: rules that
// catch bugs (an unhandled promise, a hook called conditionally), not style. Type-aware rules use tsconfig.json.
import nextPlugin from "@next/eslint-plugin-next";
import reactHooks from "eslint-plugin-react-hooks";
import { defineConfig, globalIgnores } from "eslint/config";
import tseslint from "typescript-eslint";

export default defineConfig([
  globalIgnores(["lib/db/generated/**", ".next/**", "dist/**", "data/**", "tools/**", "test-results/**", "playwright-report/**"]),
  {
    linterOptions: { reportUnusedDisableDirectives: "error" },
  },
  {
    files: ["**/*.{ts,tsx,mts}"],
    languageOptions: {
      parser: tseslint.parser,
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    plugins: { "@typescript-eslint": tseslint.plugin },
    rules: {
      // A promise nobody awaits loses its rejection (an unhandled rejection ends the process). Deliberate
      // fire-and-forget calls say so with `void` and handle their own errors.
      "@typescript-eslint/no-floating-promises": "error",
    },
  },
  {
    files: ["app/**/*.{ts,tsx}", "components/**/*.{ts,tsx}", "lib/**/*.tsx"],
    plugins: { "react-hooks": reactHooks },
    rules: reactHooks.configs.flat.recommended.rules,
  },
  {
    files: ["app/**/*.{ts,tsx}", "components/**/*.{ts,tsx}"],
    plugins: { "@next/next": nextPlugin },
    rules: {
      ...nextPlugin.configs["core-web-vitals"].rules,
      // Images are previews, thumbnails and QR codes from authenticated or blob URLs; next/image's optimiser does not apply.
      "@next/next/no-img-element": "off",
    },
  },
]);
