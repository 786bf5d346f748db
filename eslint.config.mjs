// ESLint 9 flat config: Next's own presets (eslint-config-next 16 ships flat configs).
import { defineConfig, globalIgnores } from "eslint/config";
import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

export default defineConfig([
  ...nextVitals,
  ...nextTs,
  // The usual `_name` convention for deliberately unused bindings (and `{ dropped: _, ...rest }`).
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["warn", {
        argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrorsIgnorePattern: "^_", ignoreRestSiblings: true,
      }],
    },
  },
  // Tool config files conventionally `export default { … }` (postcss, tailwind, playwright).
  { files: ["*.config.{js,mjs,cjs,ts}"], rules: { "import/no-anonymous-default-export": "off" } },
  // Generated or produced by tools; never hand-written.
  globalIgnores([
    "node_modules/**", ".next/**", "out/**", "build/**", "generated/**", "reports/**", "test-results/**",
    "playwright-report/**", ".data/**", ".pglite/**", "bench/results/**", "next-env.d.ts",
  ]),
]);
