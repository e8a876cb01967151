// The formats stage (dist/formats.js) for the output stage: load() gives it.
// In the bundle it is required by the first call of load(), not with the
// output stage, so that a run printed as JSON never loads it (the build makes
// this file so: lazyStagesPlugin, scripts/plugins.mjs); the tests of src/ have
// it at once.
import * as stage from "../formats";
export const load = (): typeof stage => stage;
