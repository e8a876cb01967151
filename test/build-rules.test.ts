// The build's rules, on small trees bundled in this process with the build's
// own plugins: an import that would copy one stage into another's bundle is
// refused, a stage reached through lazy-STAGE.ts is loaded when first used,
// and a library rewrite is made only on the file it is pinned to.
import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { coreEntry, lazyStagesPlugin, rewritesPlugin, stagesPlugin } from "../scripts/plugins.mjs";

describe.concurrent("the bundles' rule", () => {
  const esbuild = createRequire(import.meta.url)("esbuild") as {
    build(options: object): Promise<{ outputFiles: Array<{ text: string }> }>;
  };

  /** Bundles `entry` of a small tree of stages with the build's plugins; the output, or the error text. */
  async function bundleOut(
    files: Record<string, string>,
    entry: string,
    core: Set<string> = new Set(),
  ): Promise<{ output?: string; error?: string; root: string }> {
    const root = mkdtempSync(join(tmpdir(), "rcc-stages-"));
    for (const [name, text] of Object.entries(files)) {
      mkdirSync(join(root, "src", name, ".."), { recursive: true });
      writeFileSync(join(root, "src", name), text);
    }
    try {
      // "node-bundle": dist/node.js's own entry, as the build makes it.
      const start =
        entry === "node-bundle"
          ? { stdin: { contents: coreEntry(core), resolveDir: root, sourcefile: "node-bundle.ts", loader: "ts" } }
          : { entryPoints: [join(root, "src", entry)] };
      const result = await esbuild.build({
        ...start,
        bundle: true,
        write: false,
        platform: "node",
        format: "cjs",
        logLevel: "silent",
        plugins: [lazyStagesPlugin(join(root, "src"), root), stagesPlugin(join(root, "src"), root, core)],
      });
      return { output: result.outputFiles[0].text, root };
    } catch (error) {
      return { error: (error as Error).message, root };
    }
  }

  /** The error text of bundling `entry`, if any. */
  const bundle = async (files: Record<string, string>, entry: string): Promise<string | undefined> =>
    (await bundleOut(files, entry)).error;

  const tree = {
    "a/index.ts": 'export { f } from "./f";',
    "a/f.ts": "export const f = 1;",
    "b/index.ts": 'export { g } from "./g";',
  };

  test("an import of another stage's entry stays a require() of its bundle", async () => {
    expect(
      await bundle({ ...tree, "b/g.ts": 'import { f } from "../a"; export const g = f;' }, "b/index.ts"),
    ).toBeUndefined();
  });

  test("an import of a file inside another stage fails the build, naming it and the entry to use", async () => {
    expect(
      await bundle({ ...tree, "b/g.ts": 'import { f } from "../a/f"; export const g = f;' }, "b/index.ts"),
    ).toMatch(/src\/b\/g\.ts imports \.\.\/a\/f: import the stage's entry \(\.\.\/a\) instead/);
  });

  test("a stage of the core is bundled with the pipeline; another bundle reaches it through node.js's stages", async () => {
    const files = {
      "a/index.ts": 'export { F } from "./f";',
      "a/f.ts": "export class F {}",
      "c/index.ts": 'export { make } from "./h";',
      "c/h.ts": 'import { F } from "../a"; export const make = () => new F();',
      "b/index.ts": 'export { g } from "./g";',
      "b/g.ts": 'import { F } from "../a"; export const g = (x: unknown) => x instanceof F;',
      "node.ts": 'export { make } from "./c";',
    };
    const core = new Set(["a", "c"]);
    // The pipeline and the core's stages are one bundle: one copy of each module, and no require() between them.
    const top = await bundleOut(files, "node-bundle", core);
    expect([top.output?.match(/\bclass\b/g)?.length, /require\("\.\//.test(top.output ?? "")]).toEqual([1, false]);
    // Another stage's bundle holds no copy of a: it takes the one node.js has, so instanceof holds across the two.
    const other = await bundleOut(files, "b/index.ts", core);
    expect([/\bclass\b/.test(other.output ?? ""), other.output?.match(/require\("\.\/node\.js"\)/g)?.length]).toEqual([
      false,
      1,
    ]);
    writeFileSync(join(top.root, "node.js"), top.output ?? "");
    writeFileSync(join(top.root, "b.js"), other.output ?? "");
    const load = createRequire(join(top.root, "node.js"));
    expect((load("./b.js") as { g(x: unknown): boolean }).g((load("./node.js") as { make(): unknown }).make())).toBe(
      true,
    );
    // The rule on entries holds inside the core too.
    expect(
      (await bundleOut({ ...files, "c/h.ts": 'import { f } from "../a/f"; export const h = f;' }, "node.ts", core))
        .error,
    ).toMatch(/src\/c\/h\.ts imports \.\.\/a\/f: import the stage's entry \(\.\.\/a\) instead/);
  });

  const lazy = {
    ...tree,
    "b/lazy-a.ts":
      '// The stage a, when first used.\nimport * as stage from "../a";\nexport const load = (): typeof stage => stage;\n',
    "b/g.ts": 'import { load } from "./lazy-a"; export const g = () => load().f;',
  };

  test("a stage reached through lazy-STAGE.ts is required when first used, not when the bundle loads", async () => {
    const { output } = await bundleOut(lazy, "b/index.ts");
    expect(output).toMatch(/require\("\.\/a\.js"\)/);
    // Not at the top: inside the function that loads it.
    expect(output).toMatch(/=>\s*\(?\s*\w+\s*\?\?=\s*require\("\.\/a\.js"\)/);
  });

  test("a lazy-STAGE.ts that holds more than the stage fails the build", async () => {
    const { error } = await bundleOut(
      {
        ...lazy,
        "b/lazy-a.ts":
          'import * as stage from "../a";\nexport const load = (): typeof stage => stage;\nexport const x = 1;\n',
      },
      "b/index.ts",
    );
    expect(error).toMatch(/src\/b\/lazy-a\.ts must hold no more than/);
  });

  test("a stage that imports the pipeline fails the build", async () => {
    expect(
      await bundle(
        {
          ...tree,
          "cli.ts": "export const main = 1;",
          "b/g.ts": 'import { main } from "../cli"; export const g = main;',
        },
        "b/index.ts",
      ),
    ).toMatch(/a stage does not import the pipeline/);
  });
});

describe.concurrent("a library rewrite", () => {
  const esbuild = createRequire(import.meta.url)("esbuild") as {
    build(options: object): Promise<{ outputFiles: Array<{ text: string }> }>;
  };
  const ORIGINAL = "const probe = (() => { return true; })();\nmodule.exports = probe;\n";
  const sha = (text: string): string => createHash("sha256").update(text).digest("hex").slice(0, 16);

  /** Bundles a library file holding `text` with a rewrite pinned to ORIGINAL; the output, or the error. */
  async function rewrite(text: string): Promise<{ output?: string; error?: string; applied: Set<string> }> {
    const root = mkdtempSync(join(tmpdir(), "rcc-rewrite-"));
    mkdirSync(join(root, "node_modules", "lib"), { recursive: true });
    writeFileSync(join(root, "node_modules", "lib", "probe.js"), text);
    const applied = new Set<string>();
    const rewrites = [{ file: "lib/probe.js", sha256: sha(ORIGINAL), from: "(() => { return true; })()", to: "true" }];
    try {
      const result = await esbuild.build({
        entryPoints: [join(root, "node_modules", "lib", "probe.js")],
        bundle: true,
        write: false,
        platform: "node",
        format: "cjs",
        logLevel: "silent",
        plugins: [rewritesPlugin(rewrites, join(root, "node_modules"), applied)],
      });
      return { output: result.outputFiles[0].text, applied };
    } catch (error) {
      return { error: (error as Error).message, applied };
    }
  }

  test("is made on the file it is pinned to, and counted as made", async () => {
    const result = await rewrite(ORIGINAL);
    expect(result.output).toMatch(/probe = true;/);
    expect([...result.applied]).toEqual(["lib/probe.js"]);
  });

  test("fails the build when the file has changed, even if the text it replaces is still there", async () => {
    const result = await rewrite(`${ORIGINAL}// a new release\n`);
    expect(result.error).toMatch(
      /lib\/probe\.js has changed \(sha256 [0-9a-f]{16}, not [0-9a-f]{16}\): look at the rewrite again/,
    );
    expect(result.applied.size).toBe(0);
  });
});
