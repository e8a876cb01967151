// Brings schemas/ up to a Cognito service model (the AWS CLI's botocore data,
// cognito-idp/2016-04-18/service-2.json): the operation's, every member's and
// the output's documentation (as plain text, the way help, skeletons and
// prompts show it), and schemas/errors.json, the service's errors and the
// members the model gives each (for structured errors and "Additional error
// details").
//
//   node scripts/schemas-from-model.mjs PATH/TO/service-2.json
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const SCHEMAS = join(dirname(fileURLToPath(import.meta.url)), "..", "schemas");
const OPERATION = "ResendConfirmationCode";
const modelPath = process.argv[2];
if (!modelPath) {
  console.error("usage: node scripts/schemas-from-model.mjs PATH/TO/service-2.json");
  process.exit(2);
}
const model = JSON.parse(readFileSync(modelPath, "utf8"));

const ENTITIES = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: " " };

/** The model's HTML documentation as one line of plain text. */
const plain = (html = "") =>
  html
    .replace(/<[^>]*>/g, " ")
    .replace(/&(\w+);/g, (whole, name) => ENTITIES[name] ?? whole)
    .replace(/\s+/g, " ")
    .replace(/ ([.,;:)])/g, "$1")
    .replace(/\( /g, "(")
    .trim();

/** Sets the description of a schema node and its members from a model shape. */
function describe(node, shapeName, memberDoc) {
  const shape = model.shapes[shapeName];
  const doc = plain(memberDoc ?? shape.documentation);
  if (doc !== "") node.description = doc;
  else delete node.description;
  if (shape.type === "structure") {
    for (const [name, child] of Object.entries(node.properties ?? {})) {
      const member = shape.members[name];
      if (member) describe(child, member.shape, member.documentation);
    }
  }
  if (shape.type === "map" && typeof node.additionalProperties === "object") {
    describe(node.additionalProperties, shape.value.shape, shape.value.documentation);
  }
}

const operation = model.operations[OPERATION];
const input = JSON.parse(readFileSync(join(SCHEMAS, "input.json"), "utf8"));
describe(input, operation.input.shape);
input["x-aws-operation"].description = plain(operation.documentation);
writeFileSync(join(SCHEMAS, "input.json"), `${JSON.stringify(input, null, 2)}\n`);

const output = JSON.parse(readFileSync(join(SCHEMAS, "output.json"), "utf8"));
describe(output, operation.output.shape);
writeFileSync(join(SCHEMAS, "output.json"), `${JSON.stringify(output, null, 2)}\n`);

// Every error of the service, not only the operation's: the AWS CLI adds the
// model's members to any error answer whose code the service model knows.
const errors = Object.fromEntries(
  Object.entries(model.shapes)
    .filter(([, shape]) => shape.exception === true)
    .map(([name, shape]) => [name, Object.keys(shape.members ?? {})]),
);
writeFileSync(
  join(SCHEMAS, "errors.json"),
  `${JSON.stringify({ $comment: "The service's errors (those the operation may answer with among them), and each one's members, from the service model.", errors }, null, 2)}\n`,
);
console.log(`schemas/ brought up to ${modelPath}: ${Object.keys(errors).length} errors`);
