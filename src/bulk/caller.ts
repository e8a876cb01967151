// The seam between a bulk run and the service is the call stage's Service
// (call/service.ts): the run's policy and machinery see only it, so their
// tests use a fake.
export type { Service as BulkCaller, UserPoolType, UserType } from "../call";
