// A second instance of the production build, for what one server's environment cannot show (a deployment with
// ADMIN_THREAD_ACCESS=off, one that sends mail through SMTP_URL). Same database, same Letta, same AUTH_SECRET: a
// session from one works on the other.
import { spawn, type ChildProcess } from "node:child_process";
import net from "node:net";

export type Instance = {
  url: string;
  stop: () => Promise<void>;
  /** What the instance wrote to stdout so far, line by line (its request log), when started with `captureStdout`. */
  stdout: () => string[];
  /** What it wrote to stderr so far (Next's error logs), when started with `captureStdout`; also passed on to ours. */
  stderr: () => string[];
};

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function waitUntilUp(url: string, child: ChildProcess, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`next start exited with ${child.exitCode}`);
    try {
      if ((await fetch(`${url}/api/health`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${url} did not come up in ${timeoutMs} ms`);
}

/** `env` may depend on the instance's own URL (e.g. `AUTH_URL`, which SMTP_URL requires in production). */
export async function startInstance(
  env: Record<string, string> | ((url: string) => Record<string, string>), { captureStdout = false } = {},
): Promise<Instance> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  if (typeof env === "function") env = env(url);
  const child = spawn("node_modules/.bin/next", ["start", "-p", String(port), "-H", "127.0.0.1"], {
    env: { ...process.env, AUTH_SECRET: process.env.AUTH_SECRET || "e2e-secret-0123456789abcdef0123456789", ...env },
    stdio: ["ignore", captureStdout ? "pipe" : "ignore", captureStdout ? "pipe" : "inherit"],
    detached: true, // its own process group: next start forks next-server, which must stop with it
  });
  const collect = (stream: NodeJS.ReadableStream | null, lines: string[], echo?: NodeJS.WritableStream) => {
    let partial = "";
    stream?.setEncoding("utf8").on("data", (text: string) => {
      echo?.write(text);
      const parts = (partial + text).split("\n");
      partial = parts.pop() ?? "";
      lines.push(...parts);
    });
  };
  const [lines, errorLines]: [string[], string[]] = [[], []];
  collect(child.stdout, lines);
  collect(child.stderr, errorLines, process.stderr);
  await waitUntilUp(url, child);
  return {
    url,
    stdout: () => [...lines],
    stderr: () => [...errorLines],
    stop: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once("exit", resolve));
      process.kill(-child.pid!, "SIGTERM");
      await exited;
    },
  };
}
