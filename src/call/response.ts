// The response as the model has it: the members of schemas/output.json in
// the model's order, and none it does not know (the SDK's $metadata, or
// anything new the service sends). Output and bulk runs both read this.
import { loadSchema, mapValue, members, shapeKind, type SchemaNode } from "../input";

/** What the call gives: the response reduced to the model. */
export type Response = Record<string, unknown>;

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

/** The service's response as the output formats see it: the model's members in its order. */
export function responseValue(response: unknown): Response {
  return (shapeResponse(loadSchema("output"), response) as Record<string, unknown> | undefined) ?? {};
}
