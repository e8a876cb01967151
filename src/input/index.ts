// The first stage of every run: argv to options (commander, configured from the one option table), the shared files read once into a Config, the settings chains, each parameter's
// value loaded and parsed (file://, shorthand, JSON), merged with
// --cli-input-json/yaml into the request, skeletons, and validation against
// the operation's model (schemas/).
//
// In the core bundle (dist/node.js), run by every run: the call, output and
// terminal stages read the model and the option lists from here too.
export {
  ParsedOptions,
  globalFlag,
  parseArgs,
  parseTimeout,
  promptMode,
  refuseStrayBulkOptions,
  secretsIn,
  type PromptMode,
} from "./args";
export { CHAINS, type Setting, type Sources, settle, settleFrom } from "./chains";
export { type Config, type Profile, profileIn, readConfig } from "./config";
export { clientSecret } from "./client-secret";
export { loadCliInput, mergeRequest } from "./cli-input";
export {
  INPUT_FORMATS,
  OUTPUT_CHOICES,
  allOptions,
  optionFlags,
  optionNamed,
  optionsIn,
  secretOptions,
  type OptionGroup,
  type OptionSpec,
} from "./options";
export { JsonSyntaxError, nestingDepth, parseJson } from "./json-parse";
export { expandPath, loadParamValue, osError, sharedFiles } from "./paramfile";
export { requestFromFlags, type Request } from "./request";
export { flagFor, loadSchema, mapValue, members, shapeKind, summary, type SchemaNode } from "./schema";
export { inputSkeletonJson, inputSkeletonYaml, outputSkeleton, type SkeletonKind } from "./skeleton";
export { validateRequest } from "./validate";
