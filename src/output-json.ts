// The default output: the response as the AWS CLI prints it with --output json.
// Members follow the model's order, members the model does not know are
// dropped, non-ASCII text is kept, and an empty response prints nothing.
import { loadSchema, mapValue, members, shapeKind, type SchemaNode } from "./schema";

/** The response reduced to the model's members, in the model's order. */
export function shapeResponse(node: SchemaNode, value: unknown): unknown {
  if (value === undefined || value === null) return undefined;
  switch (shapeKind(node)) {
    case "string":
      return value;
    case "map":
      return Object.fromEntries(Object.entries(value as object).map(([k, v]) => [k, shapeResponse(mapValue(node), v)]));
    default: {
      const out: Record<string, unknown> = {};
      for (const [member, child] of members(node)) {
        const shaped = shapeResponse(child, (value as Record<string, unknown>)[member]);
        if (shaped !== undefined) out[member] = shaped;
      }
      return out;
    }
  }
}

export function renderJson(response: unknown): string {
  const shaped = shapeResponse(loadSchema("output"), response) as Record<string, unknown> | undefined;
  if (!shaped || Object.keys(shaped).length === 0) return "";
  return `${JSON.stringify(shaped, null, 4)}\n`;
}
