// The operation's model: schemas/input.json and schemas/output.json are JSON
// Schemas that keep the service model's member order, types, lengths, required
// members and documentation. Parameters, validation, skeletons and help are all
// read from them here.
import INPUT_SCHEMA from "../../schemas/input.json";
import OUTPUT_SCHEMA from "../../schemas/output.json";

export interface SchemaNode {
  description?: string;
  type: "object" | "string";
  properties?: Record<string, SchemaNode>;
  required?: string[];
  additionalProperties?: boolean | SchemaNode;
  minLength?: number;
  "x-aws-type"?: "map";
  "x-aws-enum"?: string[];
  "x-aws-max-length"?: number;
  "x-aws-pattern"?: string;
  "x-aws-sensitive"?: boolean;
}

export interface OperationSchema extends SchemaNode {
  $id: string;
  title: string;
  "x-aws-operation"?: { name: string; service: string; target: string; description: string };
}

export type ShapeKind = "structure" | "map" | "string";

/** The model, built into the bundle. */
const SCHEMAS = { input: INPUT_SCHEMA as OperationSchema, output: OUTPUT_SCHEMA as OperationSchema };

export function loadSchema(which: "input" | "output"): OperationSchema {
  return SCHEMAS[which];
}

export function shapeKind(node: SchemaNode): ShapeKind {
  if (node.type === "string") return "string";
  return node["x-aws-type"] === "map" ? "map" : "structure";
}

/** The members of a structure, in the model's order. */
export function members(node: SchemaNode): Array<[string, SchemaNode]> {
  return Object.entries(node.properties ?? {});
}

/** The value schema of a map. */
export function mapValue(node: SchemaNode): SchemaNode {
  return node.additionalProperties as SchemaNode;
}

/** ClientId -> --client-id */
export function flagFor(member: string): string {
  return `--${member.replace(/([a-z0-9])([A-Z])/g, "$1-$2").toLowerCase()}`;
}

/** The first sentence of a description, as the YAML skeleton's comments show it. */
export function summary(description: string | undefined): string {
  if (!description) return "";
  const end = description.search(/\.(\s|$)/);
  return end === -1 ? description : description.slice(0, end + 1);
}
