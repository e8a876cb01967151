// The first stage of every run: argv to options (commander), each parameter's
// value loaded and parsed (file://, shorthand, JSON), merged with
// --cli-input-json/yaml into the request, skeletons, and validation against
// the operation's model (schemas/).
//
// A bundle of its own (dist/input.js), loaded by every run: the call, output
// and terminal bundles read the model and the option lists from here too.
export {
  SECRET_FLAGS,
  expandAbbreviations,
  lastValue,
  parseArgs,
  promptMode,
  refuseStrayBulkOptions,
  secretsIn,
  type PromptMode,
  type RawOptions,
} from "./args";
export { clientSecret } from "./client-secret";
export { loadCliInput, mergeRequest } from "./cli-input";
export {
  CHOICES,
  COMMAND_OPTIONS,
  GLOBAL_OPTIONS,
  OUTPUT_CHOICES,
  OWN_OPTIONS,
  PATH_OPTIONS,
  REPEATABLE,
  SKELETON_CHOICES,
  longName,
} from "./options";
export { type Ini, nestedSetting, parseIni, readIni } from "./ini";
export { JsonSyntaxError, nestingDepth, parseJson } from "./json-parse";
export { expandPath, loadParamValue, osError, sharedFiles } from "./paramfile";
export { requestFromFlags, type Request } from "./request";
export { flagFor, loadSchema, mapValue, members, shapeKind, summary, type SchemaNode } from "./schema";
export { inputSkeletonJson, inputSkeletonYaml, outputSkeleton, type SkeletonKind } from "./skeleton";
export { validateRequest } from "./validate";
