// --generate-cli-skeleton: the input skeleton as JSON or as commented YAML, and
// the sample output, all drawn from the schemas.
import { loadSchema, mapValue, members, shapeKind, summary, type SchemaNode } from "./schema";

import type { SKELETON_CHOICES } from "./options";

export type SkeletonKind = (typeof SKELETON_CHOICES)[number];

type Sample = string | { [key: string]: Sample };

/** A sample value for a shape: strings hold `leaf(name)`, maps one entry KeyName. */
function sample(node: SchemaNode, name: string, leaf: (name: string) => string): Sample {
  switch (shapeKind(node)) {
    case "string":
      return leaf(name);
    case "map":
      return { KeyName: sample(mapValue(node), "KeyName", leaf) };
    default:
      return Object.fromEntries(members(node).map(([member, child]) => [member, sample(child, member, leaf)]));
  }
}

export function inputSkeletonJson(): string {
  return `${JSON.stringify(
    sample(loadSchema("input"), "", () => ""),
    null,
    4,
  )}\n`;
}

/** The sample response: each string member holds its own name. It is printed as a response is, through --query and --output. */
export function outputSkeleton(): Record<string, unknown> {
  return sample(loadSchema("output"), "", (name) => name) as Record<string, unknown>;
}

/** The input skeleton as YAML, each member's first sentence beside it. */
export function inputSkeletonYaml(): string {
  const lines: string[] = [];
  const emit = (node: SchemaNode, indent: string): void => {
    const required = new Set(node.required ?? []);
    const entries: Array<[string, SchemaNode]> =
      shapeKind(node) === "map" ? [["KeyName", mapValue(node)]] : members(node);
    entries.forEach(([name, child], index) => {
      const text = [required.has(name) ? "[REQUIRED]" : "", summary(child.description)].filter(Boolean).join(" ");
      if (shapeKind(child) === "string") {
        const gap = index === 0 ? "  " : " ";
        lines.push(`${indent}${name}: ''${text ? `${gap}# ${text}` : ""}`);
      } else {
        lines.push(`${indent}${name}:${text ? ` # ${text}` : ""}`);
        emit(child, `${indent}  `);
      }
    });
  };
  emit(loadSchema("input"), "");
  return `${lines.join("\n")}\n`;
}
