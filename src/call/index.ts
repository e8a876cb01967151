// The call: the settings it is made with (profile, region, endpoint, retries,
// timeouts, TLS, from flags, environment and the shared config files),
// SECRET_HASH, the debug log, and ResendConfirmationCode through the AWS SDK,
// its failures worded as the AWS CLI words them.
//
// In the core bundle (dist/node.js), its modules run once a run gets past its
// input; the SDK is a bundle of its own, loaded only when a request is sent.
export { unreadableNote, type CallResult } from "./caller";
export { serviceUrl } from "./client";
export { callError } from "./failures";
export { responseValue, type Response } from "./response";
export { callSettings, checkRegionFormat, endpointFor, type CallSettings } from "./settings";
export {
  createService,
  type Service,
  type ServiceFactory,
  type ServiceHow,
  type UserPoolType,
  type UserType,
} from "./service";
export { createDebugLog, type DebugLog } from "./debug";
export { secretHash } from "./secret-hash";
