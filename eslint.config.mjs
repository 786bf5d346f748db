// ESLint 9 flat config: Next's own presets (eslint-config-next 16 ships flat configs), plus the
// layer rules of the tree (see README, "Layers"), enforced here rather than described in prose.
import fs from "node:fs";
import path from "node:path";
import { defineConfig, globalIgnores } from "eslint/config";
import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

const ROOT = import.meta.dirname;
const SOURCE_DIRS = ["app", "components", "hooks", "lib"];

/** Every .ts/.tsx file under the app's source folders, relative to the root ("lib/db/users.ts"). */
function sourceFiles() {
  return SOURCE_DIRS.flatMap((dir) => fs.readdirSync(path.join(ROOT, dir), { recursive: true, encoding: "utf8" })
    .filter((file) => /\.tsx?$/.test(file))
    .map((file) => path.posix.join(dir, file.split(path.sep).join("/"))));
}
const read = (file) => fs.readFileSync(path.join(ROOT, file), "utf8");
/** A "use client" directive before any statement (comments may come first). */
const USE_CLIENT = /^(?:\s|\/\/[^\n]*\n|\/\*[\s\S]*?\*\/)*["']use client["']/;
const SERVER_ONLY = /^import ["']server-only["'];?$/m;

const files = sourceFiles().map((file) => ({ file, text: read(file) }));
/** Browser code: "use client" files, and the folders that only the browser uses. */
const BROWSER_CODE = [
  ...files.filter(({ text }) => USE_CLIENT.test(text)).map(({ file }) => file),
  "hooks/**", "lib/*/client/**", "lib/thread/**",
];
/** Modules that must never reach a browser bundle: those that say so (`import "server-only"`). */
const SERVER_ONLY_MODULES = files.filter(({ text }) => SERVER_ONLY.test(text)).map(({ file }) => `./${file}`);

// The server side never depends on browser code: what both need lives outside the lib/*/client/ folders.
const SERVER_TO_BROWSER = {
  target: [...SERVER_ONLY_MODULES, "./app/api/**"],
  from: "./lib/*/client/**",
  message: "Server code must not import from a lib/*/client/ folder: move what both sides need to an isomorphic module.",
};

/**
 * `import/no-restricted-paths` zones: who may import whom (paths from the repository root; imports are
 * resolved first, so `@/…` aliases and relative paths count alike).
 */
const LAYER_ZONES = [
  {
    // The data layer is the bottom floor: Prisma, pg, the environment and the error type, nothing above it.
    target: "./lib/db",
    from: ".",
    except: ["./lib/db", "./lib/env.ts", "./lib/env-schema.ts", "./lib/errors.ts", "./generated", "./node_modules"],
    message: "lib/db imports only the database client, lib/env and lib/errors: move what it needs down into lib/db.",
  },
  {
    target: BROWSER_CODE,
    from: SERVER_ONLY_MODULES,
    message: "Browser code must not import a server-only module: share a pure module (no `import \"server-only\"`) instead.",
  },
  SERVER_TO_BROWSER,
  {
    target: "./components",
    from: "./app",
    message: "components/ import nothing from app/: move the shared piece (a server action, a helper) into lib/.",
  },
  {
    // The local Letta server is its own house: it shares no code with the app, so it can be lifted out whole.
    target: "./letta-local/src",
    from: ".",
    except: ["./letta-local/src", "./node_modules"],
    message: "letta-local/src imports nothing outside itself.",
  },
];

/** Packages that only run on the server (or hold secrets): never in browser code. */
const SERVER_PACKAGES = ["server-only", "next/headers", "pg", "@prisma/*", "@letta-ai/*", "@node-rs/*", "node:*", "@/auth", "@/generated/*"];

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
  // Layer rules: the zones above, and no server package in browser code.
  { rules: { "import/no-restricted-paths": ["error", { basePath: ROOT, zones: LAYER_ZONES }] } },
  {
    files: BROWSER_CODE,
    rules: {
      "no-restricted-imports": ["error", {
        patterns: [{ group: SERVER_PACKAGES, message: "Browser code must not import a server-only package." }],
      }],
    },
  },
  // The local Letta server's store once had an import circle (agent-cache ↔ agents ↔ blocks); keep it out.
  { files: ["letta-local/src/**"], rules: { "import/no-cycle": "error" } },
  // Tool config files conventionally `export default { … }` (postcss, tailwind, playwright).
  { files: ["*.config.{js,mjs,cjs,ts}"], rules: { "import/no-anonymous-default-export": "off" } },
  // Generated or produced by tools; never hand-written.
  globalIgnores([
    "node_modules/**", ".next/**", "out/**", "build/**", "generated/**", "reports/**", "test-results/**",
    "playwright-report/**", ".data/**", ".pglite/**", "bench/results/**", "next-env.d.ts",
  ]),
]);
