// --usernames-file: resending to many users, paced, retried, resumable, with
// one result line per user.
//
// A bundle of its own (dist/bulk.js), loaded only by bulk runs.
export { openPool, type Pool } from "./pool";
export { runBulk, type BulkSettings } from "./run";
export type { Clock } from "./rate-limiter";
export { bulkSettings } from "./settings";
