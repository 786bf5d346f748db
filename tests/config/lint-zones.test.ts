// The layer rules in eslint.config.mjs bite: ESLint, with the project's own config, run on
// snippets placed where a breach would be (an existing file's path with other text), must
// report each breach, and must stay quiet on the imports those layers are allowed.
import { fileURLToPath } from "node:url";
import { ESLint } from "eslint";
import { beforeAll, describe, expect, it } from "vitest";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
let eslint: ESLint;

beforeAll(() => {
  eslint = new ESLint({ cwd: ROOT });
});

/** The layer rules' messages for `code` as if it were the file at `filePath`. */
async function layerErrors(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: `${ROOT}/${filePath}` });
  return result!.messages
    .filter((m) => m.ruleId === "import/no-restricted-paths" || m.ruleId === "no-restricted-imports")
    .map((m) => `${m.ruleId}: ${m.message}`);
}

describe("layer rules (eslint.config.mjs)", { timeout: 60_000 }, () => {
  it("lib/db imports only the database client, env and errors", async () => {
    expect(await layerErrors("lib/db/users.ts", 'import { prefix } from "@/lib/admin/user-cursor";\nexport const x = prefix;\n'))
      .toEqual([expect.stringMatching(/^import\/no-restricted-paths: .*lib\/db imports only/)]);
    expect(await layerErrors("lib/db/users.ts", 'import { AppError } from "@/lib/errors";\nimport { env } from "@/lib/env";\nimport { db } from "./client";\nexport const x = [AppError, env, db];\n'))
      .toEqual([]);
  });

  it("browser code imports no server-only module or package", async () => {
    // A "use client" component, a hook and a lib/*/client/ file.
    expect(await layerErrors("components/chat/composer.tsx", '"use client";\nimport { letta } from "@/lib/letta/client";\nexport const x = letta;\n'))
      .toEqual([expect.stringMatching(/^import\/no-restricted-paths: .*server-only module/)]);
    expect(await layerErrors("hooks/use-thread.ts", '"use client";\nimport { db } from "@/lib/db/client";\nexport const x = db;\n'))
      .toEqual([expect.stringMatching(/server-only module/)]);
    expect(await layerErrors("lib/chat/client/api.ts", 'import pg from "pg";\nexport const x = pg;\n'))
      .toEqual([expect.stringMatching(/^no-restricted-imports: .*server-only package/)]);
    // Shared, isomorphic modules are fine.
    expect(await layerErrors("hooks/use-thread.ts", '"use client";\nimport { AppError } from "@/lib/errors";\nimport { HISTORY_PAGE_SIZE } from "@/lib/chat/types";\nexport const x = [AppError, HISTORY_PAGE_SIZE];\n'))
      .toEqual([]);
  });

  it("server code imports nothing from a lib/*/client/ folder", async () => {
    expect(await layerErrors("lib/chat/history.ts", 'import "server-only";\nimport { chatReducer } from "./client/reducer";\nexport const x = chatReducer;\n'))
      .toEqual([expect.stringMatching(/lib\/\*\/client\/ folder/)]);
  });

  it("components/ import nothing from app/", async () => {
    expect(await layerErrors("components/app-header.tsx", 'import { signInAction } from "@/app/(auth)/actions";\nexport const x = signInAction;\n'))
      .toEqual([expect.stringMatching(/components\/ import nothing from app\//)]);
  });

  it("letta-local/src imports nothing outside itself", async () => {
    expect(await layerErrors("letta-local/src/ids.ts", 'import { AppError } from "../../lib/errors";\nexport const x = AppError;\n'))
      .toEqual([expect.stringMatching(/letta-local\/src imports nothing outside itself/)]);
    expect(await layerErrors("letta-local/src/ids.ts", 'import { randomUUID } from "node:crypto";\nimport pg from "pg";\nexport const x = [randomUUID, pg];\n'))
      .toEqual([]);
  });
});
