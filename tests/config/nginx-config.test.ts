// The README's nginx config is the file the cluster test runs (deploy/nginx/threadline.conf), word for word.
import fs from "node:fs";
import { describe, expect, it } from "vitest";

const read = (file: string) => fs.readFileSync(new URL(`../../${file}`, import.meta.url), "utf8");

describe("the nginx config", () => {
  it("in the README is deploy/nginx/threadline.conf, which the cluster test runs", () => {
    const block = /```nginx\n([\s\S]*?)```/.exec(read("README.md"))?.[1];
    expect(block).toBe(read("deploy/nginx/threadline.conf"));
  });

  it("has the upstream lines and the listen port the cluster test replaces, and no stickiness", () => {
    const conf = read("deploy/nginx/threadline.conf");
    expect(conf).toMatch(/^ {4}listen 80;$/m);
    expect(conf.match(/^ {4}server 127\.0\.0\.1:\d+;$/gm)).toHaveLength(2);
    expect(conf).not.toMatch(/^\s*(ip_hash|hash|sticky|proxy_buffering)\b/m);
  });
});
