// --usernames-file and --all-unconfirmed: resending to many users, paced,
// retried, resumable, with one result line per user.
//
// A bundle of its own (dist/bulk.js), loaded only by bulk runs.
export type { BulkCaller } from "./caller";
export { openPool, type Pool } from "./pool";
export { type BulkIo, type BulkJob, runBulk } from "./run";
export type { Clock } from "./rate-limiter";
export { type BulkSettings, bulkSettings } from "./settings";
