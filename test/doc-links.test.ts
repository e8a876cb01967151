// The documentation's relative links: every one in README.md, CONTRIBUTING.md
// and docs/*.md names a file that exists and, after a `#`, a heading of that
// file (its anchor made as GitHub makes it).
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, test } from "vitest";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const PAGES = [
  "README.md",
  "CONTRIBUTING.md",
  ...readdirSync(join(ROOT, "docs"))
    .filter((name) => name.endsWith(".md"))
    .map((name) => `docs/${name}`),
];

/** The text of a page without its fenced code blocks, where a `#` or `[x](y)` is no heading or link. */
function prose(text: string): string {
  return text.replace(/^```[\s\S]*?^```/gm, "");
}

/** A heading's anchor as GitHub makes it: lower case, punctuation dropped, spaces as hyphens. */
function anchorOf(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, "")
    .replace(/ /g, "-");
}

/** The anchors of a page's headings, a repeated one numbered as GitHub numbers it. */
function anchorsOf(path: string): Set<string> {
  const seen = new Map<string, number>();
  const anchors = new Set<string>();
  for (const [, heading] of prose(readFileSync(path, "utf8")).matchAll(/^#{1,6} +(.+)$/gm)) {
    const base = anchorOf(heading);
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    anchors.add(count === 0 ? base : `${base}-${count}`);
  }
  return anchors;
}

/** Every relative link of a page, as [target, anchor or undefined]. */
function linksOf(path: string): Array<[string, string | undefined]> {
  const links: Array<[string, string | undefined]> = [];
  for (const [, href] of prose(readFileSync(path, "utf8")).matchAll(/\]\(([^)\s]+)\)/g)) {
    if (/^[a-z]+:/i.test(href)) continue;
    const [file, anchor] = href.split("#");
    const target = file === "" ? path : join(dirname(path), file);
    links.push([target, anchor]);
  }
  return links;
}

describe("the documentation's links", () => {
  test("anchors are made as GitHub makes them", () => {
    expect(
      ["--cli-error-format", "Surviving a crash: `--results`", "1. One call", "The usernames file's forms"].map(
        anchorOf,
      ),
    ).toEqual(["--cli-error-format", "surviving-a-crash---results", "1-one-call", "the-usernames-files-forms"]);
    expect(linksOf(join(ROOT, "README.md")).length).toBeGreaterThan(10);
  });

  test.each(PAGES)("%s: every relative link names a file and heading that exist", (page) => {
    const broken = linksOf(join(ROOT, page)).flatMap(([target, anchor]) => {
      const name = relative(ROOT, target);
      if (!existsSync(target)) return [`${name}: no such file`];
      if (anchor !== undefined && target.endsWith(".md") && !anchorsOf(target).has(anchor))
        return [`${name}#${anchor}: no such heading`];
      return [];
    });
    expect(broken).toEqual([]);
  });
});
