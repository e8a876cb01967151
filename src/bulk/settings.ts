// The bulk options (--usernames-file and those that go with it), checked: the
// numbers as plain decimals, and what does not go with a bulk run refused.
import { usageError } from "../common";
import type { ParsedOptions } from "../input";
import type { InputFormat } from "./forms";

/** Where the users come from when the pool is asked (--user-pool-id). */
export interface PoolSettings {
  id: string;
  /** --all-unconfirmed: every UNCONFIRMED user of the pool, created within the range. */
  allUnconfirmed: boolean;
  createdAfter?: Date;
  createdBefore?: Date;
  /** --resend-invitations: FORCE_CHANGE_PASSWORD users are sent their invitation again. */
  resendInvitations: boolean;
}

export interface BulkSettings {
  /** The usernames file ("-": standard input); none when every unconfirmed user of the pool is sent a code. */
  usernamesFile?: string;
  /** How the usernames file is read (--input-format): found from its content (auto), or as named. */
  inputFormat: InputFormat;
  pool?: PoolSettings;
  /** Requests per second; 0 for no limit. */
  maxRate: number;
  concurrency: number;
  /** Results files of earlier runs (--resume, any number). */
  resume: string[];
  /** This run's own journal (--results), read back and appended to. */
  results?: string;
  retryFailed: boolean;
  retryUnknown: boolean;
  /** Without a pool: usernames that differ in letter case are different users. */
  caseSensitiveUsernames: boolean;
  dryRun: boolean;
  /** Attempts for a failure before any answer or a 5xx answer (throttling has its own bound). */
  maxAttempts: number;
}

/** When a user was created: ISO 8601, or a span back from `now` (90m, 36h, 7d). */
export function parseTime(flag: string, text: string, now: number): Date {
  const span = /^(\d+)([mhd])$/.exec(text);
  if (span)
    return new Date(now - Number(span[1]) * { m: 60_000, h: 3_600_000, d: 86_400_000 }[span[2] as "m" | "h" | "d"]);
  const iso = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/i;
  const time = iso.test(text) ? Date.parse(text.replace(" ", "T")) : Number.NaN;
  if (Number.isNaN(time)) {
    throw usageError(
      `argument ${flag}: expected an ISO 8601 time (2026-11-20T08:00:00Z) or a span back from now (90m, 36h, 7d), got '${text}'`,
    );
  }
  return new Date(time);
}

/** The bulk options as typed. */
function bulkOptions(options: ParsedOptions) {
  return {
    usernamesFile: options.value("--usernames-file"),
    inputFormat: options.value("--input-format"),
    maxRate: options.value("--max-rate"),
    concurrency: options.value("--concurrency"),
    resume: options.values("--resume"),
    results: options.value("--results"),
    retryFailed: options.has("--retry-failed"),
    retryUnknown: options.has("--retry-unknown"),
    caseSensitiveUsernames: options.has("--case-sensitive-usernames"),
    dryRun: options.has("--dry-run"),
    userPoolId: options.value("--user-pool-id"),
    allUnconfirmed: options.has("--all-unconfirmed"),
    createdAfter: options.value("--created-after"),
    createdBefore: options.value("--created-before"),
    resendInvitations: options.has("--resend-invitations"),
  };
}

/** A user pool ID as the service writes one: REGION_ID. */
const POOL_ID = /^[\w-]+_[0-9a-zA-Z]+$/;

/** The options of a run with the pool (--user-pool-id), checked. */
function poolSettings(options: ParsedOptions, now: number): PoolSettings | undefined {
  const bulk = bulkOptions(options);
  if (bulk.userPoolId === undefined) {
    const stray = (
      [
        ["--all-unconfirmed", bulk.allUnconfirmed],
        ["--resend-invitations", bulk.resendInvitations],
      ] as const
    ).find(([, given]) => given);
    if (stray) throw usageError(`${stray[0]} needs --user-pool-id`);
    return undefined;
  }
  if (!POOL_ID.test(bulk.userPoolId)) {
    throw usageError(
      `argument --user-pool-id: expected a user pool ID such as us-east-1_Example1, got '${bulk.userPoolId}'`,
    );
  }
  if (!bulk.allUnconfirmed && (bulk.createdAfter !== undefined || bulk.createdBefore !== undefined)) {
    throw usageError(
      `${bulk.createdAfter !== undefined ? "--created-after" : "--created-before"} needs --all-unconfirmed`,
    );
  }
  const createdAfter =
    bulk.createdAfter === undefined ? undefined : parseTime("--created-after", bulk.createdAfter, now);
  const createdBefore =
    bulk.createdBefore === undefined ? undefined : parseTime("--created-before", bulk.createdBefore, now);
  return {
    id: bulk.userPoolId,
    allUnconfirmed: bulk.allUnconfirmed,
    createdAfter,
    createdBefore,
    resendInvitations: bulk.resendInvitations,
  };
}

/** What a number option takes: a whole number or any, at least `min`; 0 may mean no limit. */
export interface NumberRule {
  integer: boolean;
  min: number;
  /** 0 means no limit: Infinity is written 0. */
  zeroUnlimited?: boolean;
}

const PLAIN = { integer: /^[0-9]+$/, decimal: /^(?:[0-9]+(?:\.[0-9]+)?|\.[0-9]+)$/ };

/** A finite number in plain decimals: 1e3 as 1000, 1e-7 as 0.0000001. */
const decimals = (value: number): string =>
  value.toLocaleString("en-US", { useGrouping: false, maximumFractionDigits: 20 });

/**
 * Why `text` is a number written in a form the option does not take
 * (exponent, hex, octal or binary, a sign of +, spaces, a trailing dot,
 * Infinity, NaN), with the plain form to write where there is one that the
 * option takes; undefined when its form is not the problem.
 */
export function numberFormProblem(text: string, rule: NumberRule): string | undefined {
  const plain = rule.integer ? PLAIN.integer : PLAIN.decimal;
  const trimmed = text.trim();
  // A plain number out of range, a fraction for a whole number, or no number: not a question of form.
  if (plain.test(text) || trimmed === "" || /^-?(?:[0-9]+(?:\.[0-9]+)?|\.[0-9]+)$/.test(text)) return undefined;
  const special = /^[+-]?(?:inf(?:inity)?|nan)$/i.test(trimmed);
  const value = special ? Number.NaN : Number(trimmed);
  if (!special && (Number.isNaN(value) || !/[0-9]/.test(trimmed))) return undefined;
  const kind = rule.integer ? "a plain whole number" : "a plain decimal number";
  const infinite = special && /inf/i.test(trimmed) && !trimmed.startsWith("-");
  const taken = Number.isFinite(value) && value >= rule.min && (!rule.integer || Number.isSafeInteger(value));
  const write =
    infinite && rule.zeroUnlimited
      ? "write 0 for no limit"
      : taken && plain.test(decimals(value))
        ? `write ${decimals(value)}`
        : undefined;
  return `'${text}' is not ${kind}${write === undefined ? "" : ` (${write})`}`;
}

/**
 * A number option's value, `fallback` when it is not given: plain decimals
 * only (no hex, exponent, sign or spaces), 12 or 0.5, or 12 alone for an
 * `integer`; at least `min`. A number in another form is said to be one.
 */
function plainNumber(flag: string, text: string | undefined, rule: NumberRule & { fallback: number }): number {
  if (text === undefined) return rule.fallback;
  const form = numberFormProblem(text, rule);
  if (form !== undefined) throw usageError(`argument ${flag}: ${form}`);
  const { integer, min } = rule;
  const value = Number(text);
  const plain = integer ? PLAIN.integer : PLAIN.decimal;
  if (!plain.test(text) || !(integer ? Number.isSafeInteger(value) : Number.isFinite(value)) || value < min) {
    throw usageError(
      `argument ${flag}: expected ${integer ? "a whole number" : "a number"} of at least ${min}, got '${text}'`,
    );
  }
  return value;
}

/**
 * The bulk options of a run with --usernames-file or --all-unconfirmed,
 * checked; some things do not go with them.
 */
export function bulkSettings(options: ParsedOptions, maxAttempts: number, now = Date.now()): BulkSettings {
  const bulk = bulkOptions(options);
  const pool = poolSettings(options, now);
  const resumes = bulk.resume.length > 0 || bulk.results !== undefined;
  if (bulk.retryFailed && !resumes) throw usageError("--retry-failed needs --resume or --results");
  if (bulk.retryUnknown && !resumes) throw usageError("--retry-unknown needs --resume or --results");
  if (bulk.inputFormat !== undefined && bulk.usernamesFile === undefined)
    throw usageError("--input-format needs --usernames-file");
  if (bulk.caseSensitiveUsernames && bulk.userPoolId !== undefined)
    throw usageError(
      "--case-sensitive-usernames goes without --user-pool-id: with it, the pool says whether letter case tells users apart",
    );
  if (options.parameters.has("--secret-hash"))
    throw usageError(
      "--secret-hash cannot be used with --usernames-file: each user needs its own; give --client-secret and it is computed per user.",
    );
  const output = options.value("--output");
  if (options.has("--query") || (output !== undefined && output !== "json")) {
    throw usageError("--usernames-file writes its results as JSON Lines: --query and --output do not apply.");
  }
  const maxRate = plainNumber("--max-rate", bulk.maxRate, {
    fallback: 10,
    integer: false,
    min: 0,
    zeroUnlimited: true,
  });
  // The slowest rate but 0 (no limit) is a request every 1000 s: much slower
  // would wait longer between requests than a timer can (about 24.8 days).
  if (maxRate > 0 && maxRate < 0.001) {
    throw usageError(
      `argument --max-rate: expected 0 (no limit) or at least 0.001 requests a second, got '${bulk.maxRate}'`,
    );
  }
  return {
    usernamesFile: bulk.usernamesFile,
    inputFormat: (bulk.inputFormat ?? "auto") as InputFormat,
    pool,
    maxRate,
    concurrency: plainNumber("--concurrency", bulk.concurrency, { fallback: 4, integer: true, min: 1 }),
    resume: bulk.resume,
    results: bulk.results,
    retryFailed: bulk.retryFailed,
    retryUnknown: bulk.retryUnknown,
    caseSensitiveUsernames: bulk.caseSensitiveUsernames,
    dryRun: bulk.dryRun,
    maxAttempts,
  };
}
