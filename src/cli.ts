// One way through: argv -> raw options -> request -> validated request -> call
// -> response -> rendered text -> exit code. Effects (stdout, stderr, the
// network) are reached only through `io` and client.ts.
import { CliError, EXIT, MAX_TIMER_MS, PROGRAM, errorText, isWriteFailure, maskSecrets, usageError, writeFailure } from "./common";
import {
  expandAbbreviations, inputSkeletonJson, inputSkeletonYaml, loadCliInput, loadParamValue, mergeRequest, outputSkeletonJson,
  parseArgs, promptMode, requestFromFlags, validateRequest, type PromptMode, type RawOptions, type Request,
} from "./input";
import type { BulkSettings } from "./bulk";
import type { CallResult, CallSettings, DebugLog, Profile } from "./call";
import type { OutputSettings } from "./output";
import type { Io } from "./io";
import type { Prompted } from "./terminal";

export type { Io } from "./io";


type OutputStage = typeof import("./output");
type CallStage = typeof import("./call");

/** Color and pager depend on the terminal, which is asked only when there is output. */
function terminalSettings(output: OutputStage, options: RawOptions, io: Io, profile: Profile): Pick<OutputSettings, "colored" | "pager"> {
  return {
    colored: output.resolveColor(options.color, io.stdoutIsTTY),
    pager: output.resolvePager(options.cliPager, io.env, profile, io.stdoutIsTTY),
  };
}

/** The client secret from --client-secret (text or file://) or COGNITO_CLIENT_SECRET. */
function clientSecret(options: RawOptions, env: NodeJS.ProcessEnv): string | undefined {
  if (options.clientSecret !== undefined) {
    const value = loadParamValue("--client-secret", options.clientSecret, env);
    const text = typeof value === "string" ? value : Buffer.from(value).toString("utf8");
    // A secret read from a file ends where its first line ends.
    const fromFile = options.clientSecret.startsWith("file");
    const secret = fromFile ? text.replace(/\r?\n$/, "") : text;
    // An empty key would make a hash all the same; the service would refuse it.
    if (secret === "") {
      throw new CliError(fromFile ? `Bad value for --client-secret ${options.clientSecret}: the file holds no secret` : "Bad value for --client-secret: the secret is empty", EXIT.usage);
    }
    return secret;
  }
  return env.COGNITO_CLIENT_SECRET || undefined;
}

/** The bulk options checked: they need --usernames-file, and some things do not go with it. */
function bulkSettings(options: RawOptions, settings: CallSettings): BulkSettings | undefined {
  const bulk = options.bulk;
  if (bulk.usernamesFile === undefined) {
    const stray = [["--max-rate", bulk.maxRate], ["--concurrency", bulk.concurrency], ["--resume", bulk.resume], ["--retry-failed", bulk.retryFailed || undefined], ["--dry-run", bulk.dryRun || undefined]]
      .find(([, value]) => value !== undefined);
    if (stray) throw usageError(`${stray[0]} needs --usernames-file`);
    return undefined;
  }
  if (bulk.retryFailed && bulk.resume === undefined) throw usageError("--retry-failed needs --resume");
  if (options.parameters.has("--secret-hash")) throw usageError("--secret-hash cannot be used with --usernames-file: each user needs its own; give --client-secret and it is computed per user.");
  if (options.query !== undefined || (options.output !== undefined && options.output !== "json")) {
    throw usageError("--usernames-file writes its results as JSON Lines: --query and --output do not apply.");
  }
  // Plain decimals only (no hex, exponent, sign or spaces): 12 or 0.5.
  const number = (flag: string, text: string | undefined, fallback: number, integer: boolean, min: number): number => {
    if (text === undefined) return fallback;
    const plain = integer ? /^[0-9]+$/ : /^(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)$/;
    const value = Number(text);
    if (!plain.test(text) || !(integer ? Number.isSafeInteger(value) : Number.isFinite(value)) || value < min) {
      throw usageError(`argument ${flag}: expected ${integer ? "a whole number" : "a number"} of at least ${min}, got '${text}'`);
    }
    return value;
  };
  const maxRate = number("--max-rate", bulk.maxRate, 10, false, 0);
  // The slowest rate but 0 (no limit) is a request every 1000 s: much slower
  // would wait longer between requests than a timer can (about 24.8 days).
  if (maxRate > 0 && maxRate < 0.001) {
    throw usageError(`argument --max-rate: expected 0 (no limit) or at least 0.001 requests a second, got '${bulk.maxRate}'`);
  }
  return {
    usernamesFile: bulk.usernamesFile,
    maxRate,
    concurrency: number("--concurrency", bulk.concurrency, 4, true, 1),
    resume: bulk.resume,
    retryFailed: bulk.retryFailed,
    dryRun: bulk.dryRun,
    maxAttempts: settings.maxAttempts,
  };
}

function callSettings(call: CallStage, options: RawOptions, io: Io, profile: Profile): CallSettings {
  const region = call.resolveRegion(options.region, io.env, profile);
  const milliseconds = (kind: string, seconds: number | undefined): number => {
    if (seconds !== undefined && seconds < 0) {
      throw new CliError(`Attempted to set ${kind} timeout to ${seconds}, but the timeout cannot be set to a value less than or equal to 0.`, EXIT.other);
    }
    // A timeout longer than a timer can hold (about 24.8 days) is as good as none.
    return seconds === undefined ? 60_000 : Math.min(seconds * 1000, MAX_TIMER_MS);
  };
  const readTimeoutMs = milliseconds("read", options.readTimeout);
  const connectTimeoutMs = milliseconds("connect", options.connectTimeout);
  const caBundle = options.caBundle === undefined ? undefined : loadParamValue("--ca-bundle", `fileb://${options.caBundle}`, io.env) as Uint8Array;
  return {
    region,
    useFipsEndpoint: call.resolveFlag("AWS_USE_FIPS_ENDPOINT", "use_fips_endpoint", io.env, profile),
    useDualstackEndpoint: call.resolveFlag("AWS_USE_DUALSTACK_ENDPOINT", "use_dualstack_endpoint", io.env, profile),
    endpointUrl: call.resolveEndpointUrl(options.endpointUrl, io.env, profile),
    maxAttempts: call.resolveMaxAttempts(io.env, profile),
    retryMode: call.resolveRetryMode(io.env, profile),
    readTimeoutMs,
    connectTimeoutMs,
    verifySsl: options.verifySsl,
    caBundle,
  };
}

/** The request from the flags and --cli-input-json/yaml; reads nothing but the files they name. */
function buildRequest(options: RawOptions, env: NodeJS.ProcessEnv): Request {
  const fromFlags = requestFromFlags(options.parameters, env);
  return mergeRequest(loadCliInput({ json: options.cliInputJson, yaml: options.cliInputYaml }, env), fromFlags);
}

async function run(argv: readonly string[], io: Io, secrets: Array<string | undefined>): Promise<number> {
  if (argv[0] === "completion" || argv[0] === "__complete") {
    const { completeLine, completionScript } = await import("./terminal");
    io.stdout(argv[0] === "completion" ? completionScript(argv[1]) : completeLine(argv[1] ?? "bash", argv[2] ?? "", io.env));
    return EXIT.ok;
  }
  const mode = promptMode(argv, io.env);
  if (mode !== undefined) return prompted(argv, mode, io, secrets);
  const options = parseArgs(argv);
  if (options.help) return showHelp(options, io);
  if (options.version) {
    io.stdout(`${PROGRAM}/${io.version} Node.js/${process.version} ${process.platform}/${process.arch}\n`);
    return EXIT.ok;
  }
  return execute(options, io, secrets);
}

/** The help page; on a terminal as wide as the terminal and through the pager, as the AWS CLI's. */
async function showHelp(options: RawOptions, io: Io): Promise<number> {
  const onTerminal = io.stdoutIsTTY;
  const { helpPage } = await import("./terminal");
  const text = helpPage(onTerminal ? Math.max(40, Math.min(io.columns || 80, 120)) : 80);
  let pager: string | undefined;
  if (onTerminal) {
    const [call, output] = await Promise.all([import("./call"), import("./output")]);
    let profile: Profile = { name: "default", settings: new Map() };
    try {
      profile = call.resolveProfile(options.profile, io.env);
    } catch {
      // A profile that is missing or a config file that does not parse is no reason to withhold the help.
    }
    pager = output.resolvePager(options.cliPager, io.env, profile, true);
  }
  if (pager !== undefined) await io.page(text, pager);
  else io.stdout(text);
  return EXIT.ok;
}

/** From the parsed options to the request, checked, and then to one call or a bulk run. */
async function execute(options: RawOptions, io: Io, secrets: Array<string | undefined>): Promise<number> {
  // A bad --query is an argument error: it is reported before anything else is read.
  const query = options.query === undefined ? undefined : (await import("./output")).compileQuery(options.query);
  // As the AWS CLI does, every parameter is read and parsed even for a skeleton.
  const request = buildRequest(options, io.env);
  if (options.skeleton === "input" || options.skeleton === "yaml-input") {
    io.stdout(options.skeleton === "input" ? inputSkeletonJson() : inputSkeletonYaml());
    return EXIT.ok;
  }
  const secret = clientSecret(options, io.env);
  secrets.push(secret, typeof request.SecretHash === "string" ? request.SecretHash : undefined);
  if (secret !== undefined && request.SecretHash !== undefined) {
    const source = options.clientSecret !== undefined ? "--client-secret" : "COGNITO_CLIENT_SECRET";
    throw usageError(`--secret-hash cannot be combined with ${source}: give the client secret and let the hash be computed, or give the hash alone.`);
  }
  const call = await import("./call");
  const debug = call.createDebugLog(options.debug, io.stderr, () => secrets);
  const profile = call.resolveProfile(options.profile, io.env);
  const settings = callSettings(call, options, io, profile);
  debug(`Resolved region ${settings.region}, endpoint ${call.endpointFor(settings)}`);
  const bulk = bulkSettings(options, settings);

  // A bulk run checks the parameters every user shares once, before reading the file.
  validateRequest(bulk === undefined ? request : { ...request, Username: "username" });
  if (options.skeleton === "output") {
    io.stdout(outputSkeletonJson());
    return EXIT.ok;
  }
  if (bulk !== undefined) return resendToMany(call, request, secret, bulk, settings, io, debug);
  const output = await import("./output");
  const format = output.resolveFormat(options.output, io.env, profile);
  if (secret !== undefined) {
    request.SecretHash = call.secretHash(secret, request.Username as string, request.ClientId as string);
    secrets.push(request.SecretHash as string);
    debug("Computed SecretHash from the client secret");
  }
  const result = await callOnce(call, request, settings, io, debug, secret !== undefined);
  // From here on the service has taken the request: whatever happens to the
  // output, the exit code is 0, as the AWS CLI's is, so that a script that
  // retries on failure does not send a second code.
  if ("unreadable" in result) {
    // As the AWS CLI does, nothing on stdout: a line on stderr says why.
    writeQuietly(io.stderr, `\nThe service answered HTTP 200, but its response could not be read (${result.unreadable}); there is nothing to print.\n`);
    return EXIT.ok;
  }
  const shown: OutputSettings = { format, query, ...terminalSettings(output, options, io, profile) };
  const text = output.renderOutput(result.response, shown, shown.format === "table" ? io.columns : undefined);
  try {
    if (shown.pager !== undefined && text !== "") await io.page(text, shown.pager);
    else io.stdout(text);
  } catch (error) {
    writeQuietly(io.stderr, `\nThe service took the request, but its answer could not be written to stdout (${writeFailure(error)}).\n`);
  }
  return EXIT.ok;
}

/** Writes to stderr if it can; when it cannot, the exit code alone tells. */
function writeQuietly(write: (text: string) => void, text: string): void {
  try {
    write(text);
  } catch {
    // Nowhere left to say it.
  }
}

/** The one call of a run; a client with a secret called without one gets a hint. */
async function callOnce(call: CallStage, request: Request, settings: CallSettings, io: Io, debug: DebugLog, secretGiven: boolean): Promise<CallResult> {
  warnIfUnverified(call, settings, io);
  try {
    return await call.resendConfirmationCode(request, settings, debug);
  } catch (error) {
    if (error instanceof CliError && !secretGiven && /is configured for secret but secret was not received/.test(error.message)) {
      throw new CliError(`${error.message}\nThis app client has a secret: give it with --client-secret (or the COGNITO_CLIENT_SECRET environment variable) and SECRET_HASH is computed for you.`, error.exitCode);
    }
    throw error;
  }
}

/** --no-verify-ssl on an https endpoint: said once, before anything is sent. */
function warnIfUnverified(call: CallStage, settings: CallSettings, io: Io): void {
  const url = new URL(call.endpointFor(settings));
  if (!settings.verifySsl && url.protocol === "https:") {
    io.stderr(`warning: --no-verify-ssl: unverified HTTPS request to host '${url.hostname}'. Adding certificate verification is strongly advised.\n`);
  }
}

/** --usernames-file: one client for the whole run, which retries on its own terms (so each call tries once). */
async function resendToMany(call: CallStage, request: Request, secret: string | undefined, bulk: BulkSettings, settings: CallSettings, io: Io, debug: DebugLog): Promise<number> {
  const { runBulk } = await import("./bulk");
  if (!bulk.dryRun) warnIfUnverified(call, settings, io);
  const caller = bulk.dryRun ? undefined : call.createCaller({ ...settings, maxAttempts: 1 }, debug, { concurrency: bulk.concurrency, bulk: true });
  try {
    return await runBulk(request, secret, bulk, caller, io, validateRequest);
  } finally {
    caller?.destroy();
  }
}

/** --cli-auto-prompt: asks for the parameters on the terminal, then runs the command they make. */
async function prompted(argv: readonly string[], mode: PromptMode, io: Io, secrets: Array<string | undefined>): Promise<number> {
  if (!io.stdinIsTTY) {
    throw new CliError("--cli-auto-prompt needs a terminal, and standard input is not one; give the parameters on the command line.", EXIT.usage);
  }
  const options = parseArgs(argv, true);
  const { PromptCancelled, promptFor } = await import("./terminal");
  const keyboard = io.keyboard();
  let answers: Prompted;
  try {
    answers = await promptFor(argv, options.parameters, mode, keyboard, {
      bulk: options.bulk.usernamesFile !== undefined,
      secretGiven: options.clientSecret !== undefined || Boolean(io.env.COGNITO_CLIENT_SECRET),
      width: Math.max(40, Math.min(io.columns || 80, 100)),
      secrets: secrets.filter((secret): secret is string => Boolean(secret)),
    });
  } catch (error) {
    if (error instanceof PromptCancelled) {
      io.stderr("\n");
      return EXIT.interrupted;
    }
    throw error;
  } finally {
    keyboard.close();
  }
  secrets.push(...secretsIn(answers.argv));
  // The shown line hides the secrets it recognises; an abbreviated flag's value is masked here too.
  io.stderr(`\n${maskSecrets(answers.shown, secrets)}\n\n`);
  return run(answers.argv, io, secrets);
}

/**
 * The values of --client-secret and --secret-hash (however abbreviated), to be
 * masked from the start, before the arguments are parsed.
 */
function secretsIn(typed: readonly string[]): string[] {
  let argv: readonly string[] = typed;
  try {
    argv = expandAbbreviations(typed).argv;
  } catch {
    // An ambiguous option is reported by parseArgs; the words as typed still count.
  }
  const found: string[] = [];
  argv.forEach((token, i) => {
    for (const flag of ["--client-secret", "--secret-hash"]) {
      if (token === flag && argv[i + 1] !== undefined) found.push(argv[i + 1]);
      else if (token.startsWith(`${flag}=`)) found.push(token.slice(flag.length + 1));
    }
  });
  return found.filter((value) => !value.startsWith("file://") && !value.startsWith("fileb://"));
}

/** Runs the command; never throws: every failure becomes its message and exit code. */
export async function main(argv: readonly string[], io: Io): Promise<number> {
  const secrets: Array<string | undefined> = [io.env.COGNITO_CLIENT_SECRET, ...secretsIn(argv)];
  const debugging = argv.includes("--debug");
  try {
    return await run(argv, io, secrets);
  } catch (error) {
    const failure = error instanceof CliError ? error : new CliError(isWriteFailure(error) ? `Could not write the output: ${writeFailure(error)}` : error instanceof Error ? error.message : String(error), EXIT.other);
    let text = errorText(failure);
    if (debugging && !(error instanceof CliError) && error instanceof Error && error.stack) text += `${error.stack}\n`;
    writeQuietly(io.stderr, maskSecrets(text, secrets));
    return failure.exitCode;
  }
}
