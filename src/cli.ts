// One way through: argv -> options -> request -> validated request -> call ->
// response -> rendered text -> exit code, in the phases of src/phases.ts.
// Each stage is a folder of src/, its modules run when the run gets to it:
// common and input at once, then call, then output or bulk (each through
// import()); terminal only for a person at one. Bulk, terminal and formats are
// bundles of their own, loaded only then. Effects (files, stdout, stderr,
// signals) are reached through `io`, the service through `io.service`. Every
// failure is thrown as a CliError and shown, and given its exit code, in one
// place: main().
import {
  CliError,
  EXIT,
  GeneralError,
  withSecretHashMasked,
  PROGRAM,
  ERROR_FORMATS,
  additionalDetails,
  errorText,
  exitCode,
  isWriteFailure,
  maskSecrets,
  paramValidation,
  structuredError,
  usageError,
  writeFailure,
  type ErrorFormat,
} from "./common";
import {
  type Config,
  type ParsedOptions,
  type Profile,
  type PromptMode,
  type Request,
  type SchemaNode,
  type Sources,
  clientSecret,
  inputSkeletonJson,
  inputSkeletonYaml,
  globalFlag,
  loadCliInput,
  loadSchema,
  members,
  mergeRequest,
  outputSkeleton,
  parseArgs,
  profileIn,
  promptMode,
  readConfig,
  refuseStrayBulkOptions,
  requestFromFlags,
  secretsIn,
  settle,
  shapeKind,
  validateRequest,
} from "./input";
import type { BulkSettings } from "./bulk";
import type { CallResult, CallSettings, DebugLog, Response, Service } from "./call";
import type { OutputFormat } from "./output";
import type { Io } from "./io";
import { type Phase, seenIn } from "./phases";
import type { Prompted } from "./terminal";

export type { Io } from "./io";

type CallStage = typeof import("./call");
type OutputStage = typeof import("./output");

/** A run: its world, the secrets to mask, the phase it has reached and the shared files, once read. */
interface Run {
  io: Io;
  secrets: Array<string | undefined>;
  phase: Phase;
  config?: Config;
}

/** Runs the command; never throws: every failure becomes its message and exit code. */
export async function main(argv: readonly string[], io: Io): Promise<number> {
  const run: Run = { io, secrets: [io.env.COGNITO_CLIENT_SECRET, ...secretsIn(argv)], phase: "config" };
  try {
    return await runCommand(argv, run);
  } catch (error) {
    const failure = asCliError(error);
    let text = await shownError(failure, argv, run);
    if (argv.includes("--debug") && !(error instanceof CliError) && error instanceof Error && error.stack)
      text += `${error.stack}\n`;
    writeQuietly(io.stderr, maskSecrets(text, run.secrets));
    return exitCode(failure);
  }
}

/** Anything thrown, as the CliError it is or as a general one (255) in words. */
function asCliError(error: unknown): CliError {
  if (error instanceof CliError) return error;
  if (isWriteFailure(error)) return new GeneralError(`Could not write the output: ${writeFailure(error)}`);
  return new GeneralError(error instanceof Error ? error.message : String(error));
}

const isErrorFormat = (value: string | undefined): value is ErrorFormat =>
  value !== undefined && (ERROR_FORMATS as readonly string[]).includes(value);

/** The profile `named` in the shared files; undefined when it is in neither, or they did not parse. */
function profileNamed(run: Run, named: string | undefined): Profile | undefined {
  if (run.config === undefined) return undefined;
  try {
    return profileIn(run.config, named);
  } catch {
    return undefined;
  }
}

/**
 * The sources an error is shown with, as its phase allows (phases.ts): the
 * flags of `argv`, the environment, and the profile they name.
 */
function errorSources(argv: readonly string[], run: Run): Sources {
  const sources: Sources = { flag: globalFlag(argv), env: run.io.env };
  return { ...sources, profile: profileNamed(run, settle("profile", sources)) };
}

/**
 * An error as --cli-error-format (or AWS_CLI_ERROR_FORMAT, or the profile's
 * cli_error_format) asks: as structured output when it has a code, else one
 * line; enhanced (the default, and what an empty value means) one line and
 * the service's additional error details; legacy the one line alone.
 */
async function shownError(failure: CliError, typed: readonly string[], run: Run): Promise<string> {
  const sees = seenIn(run.phase);
  if (sees === "nothing") return errorText(failure, true);
  // An error of the global options' parser comes before any flag is known: the
  // format and the profile are those of the environment alone. An error found
  // with the global options keeps its code whatever the profile.
  const argv = sees === "environment" ? [] : typed;
  const sources = errorSources(argv, run);
  // A flag's value that is none of the formats is passed over (it was refused).
  const format = settle("errorFormat", sources, {
    skip: (value, step) => step.startsWith("--") && !isErrorFormat(value),
  })?.toLowerCase();
  const structured = structuredError(failure);
  // A format in the environment or the profile that is none of them is taken
  // as enhanced, and said, as the AWS CLI says it for the errors it finds
  // before the operation's options are read.
  const warning =
    sees !== "everything" && structured !== undefined && format && !isErrorFormat(format)
      ? `Invalid cli_error_format: '${format}'. Using 'enhanced' format.\n`
      : "";
  if (structured !== undefined && isErrorFormat(format) && format !== "legacy" && format !== "enhanced") {
    const output = await import("./output");
    // A table is colored as --color says, as the output's table is.
    return warning + output.renderStructured(structured, format, output.resolveColor(sources, run.io.stdoutIsTTY));
  }
  // legacy: the one line, without the structured error's code or its details.
  if (format === "legacy") return warning + errorText(failure, false);
  // A profile that cannot be found leaves the AWS CLI without its error
  // format, so it falls back to the legacy line, unless the environment names
  // one. An error found with the global options comes before --profile is
  // read: only the environment's profile counts then.
  const withCode =
    failure.code === undefined ||
    run.io.env.AWS_CLI_ERROR_FORMAT !== undefined ||
    !profileMissing(argv, run, sees === "everything");
  return warning + errorText(failure, withCode) + additionalDetails(failure);
}

/**
 * Whether the profile the run names cannot be found (or the shared files did
 * not parse); `profileFlags` false: only the environment names it.
 */
function profileMissing(argv: readonly string[], run: Run, profileFlags: boolean): boolean {
  const env = run.io.env;
  const named = settle("profile", profileFlags ? { flag: globalFlag(argv), env } : { env });
  return named !== undefined && profileNamed(run, named) === undefined;
}

async function runCommand(argv: readonly string[], run: Run): Promise<number> {
  const { io } = run;
  if (argv[0] === "completion" || argv[0] === "__complete") {
    const { completeLine, completionScript } = await import("./terminal");
    io.stdout(
      argv[0] === "completion" ? completionScript(argv[1]) : completeLine(argv[1] ?? "bash", argv[2] ?? "", io),
    );
    return EXIT.ok;
  }
  run.phase = "config";
  // A config or credentials file that does not parse ends every run, before
  // its command line is looked at, as the AWS CLI ends it (255).
  run.config = readConfig(io);
  const mode = promptMode(argv, io.env);
  // on-partial with no terminal runs the command as given, as the AWS CLI does
  // (a command missing a parameter is then the usual usage error).
  if (mode === "on" || (mode === "on-partial" && io.stdinIsTTY)) return prompted(argv, mode, run);
  // --query's syntax is checked with the global options, as the AWS CLI checks
  // it: before the command's own (any abbreviation of --query starts --q).
  const output = argv.some((word) => word.startsWith("--q")) ? await import("./output") : undefined;
  const options = parseArgs(argv, {
    checkQuery: output?.checkQuerySyntax,
    enter: (phase) => {
      run.phase = phase;
    },
  });
  if (options.help) return showHelp(options, run);
  if (options.version) {
    io.stdout(`${PROGRAM}/${io.version} Node.js/${process.version} ${process.platform}/${process.arch}\n`);
    return EXIT.ok;
  }
  return execute(options, run);
}

/** The request the options make: each parameter's value read and parsed, merged with --cli-input-json/yaml. */
function unpack(options: ParsedOptions, run: Run): Request {
  run.phase = "unpack";
  // As the AWS CLI does, every parameter is read and parsed even for a skeleton.
  const fromFlags = requestFromFlags(options.parameters, run.io);
  const input = { json: options.value("--cli-input-json"), yaml: options.value("--cli-input-yaml") };
  return mergeRequest(loadCliInput(input, run.io), fromFlags);
}

/** The client secret, if any, and a SECRET_HASH given beside it refused. */
function secretFor(options: ParsedOptions, request: Request, run: Run): string | undefined {
  const secret = clientSecret(options, run.io);
  run.secrets.push(secret, typeof request.SecretHash === "string" ? request.SecretHash : undefined);
  if (secret !== undefined && request.SecretHash !== undefined) {
    const source = options.has("--client-secret") ? "--client-secret" : "COGNITO_CLIENT_SECRET";
    throw usageError(
      `--secret-hash cannot be combined with ${source}: give the client secret and let the hash be computed, or give the hash alone.`,
    );
  }
  return secret;
}

/** The profile in force; a region given on the command line or in the environment is checked before a missing profile is said. */
function profileFor(options: ParsedOptions, run: Run, call: CallStage): Profile {
  const sources: Sources = options.sources(run.io.env);
  try {
    return profileIn(run.config as Config, settle("profile", sources));
  } catch (error) {
    call.checkRegionFormat(settle("region", sources));
    throw error;
  }
}

/** What a call is made with, settled. */
interface Settled {
  settings: CallSettings;
  profile: Profile;
  debug: DebugLog;
  sources: Sources;
}

async function settleCall(options: ParsedOptions, run: Run): Promise<{ call: CallStage; settled: Settled }> {
  run.phase = "settings";
  const call = await import("./call");
  const debug = call.createDebugLog(options.has("--debug"), run.io.stderr, () => run.secrets);
  const profile = profileFor(options, run, call);
  const settings = call.callSettings(options, run.io, { config: run.config as Config, profile });
  debug(`Resolved region ${settings.region}${settings.endpointUrl ? `, endpoint ${settings.endpointUrl}` : ""}`);
  const sources: Sources = options.sources(run.io.env, profile);
  return { call, settled: { settings, profile, debug, sources } };
}

/** From the parsed options to the request, checked, and then to one call or a bulk run. */
async function execute(options: ParsedOptions, run: Run): Promise<number> {
  const { io } = run;
  // With a skeleton nothing is sent: as in the AWS CLI, the query's functions
  // are checked only as the sample response is evaluated, if it is.
  const query = options.has("--query")
    ? (await import("./output")).compileQuery(options.value("--query") as string, options.skeleton !== undefined)
    : undefined;
  const request = unpack(options, run);
  if (options.skeleton === "input" || options.skeleton === "yaml-input") {
    io.stdout(options.skeleton === "input" ? inputSkeletonJson() : inputSkeletonYaml());
    return EXIT.ok;
  }
  const secret = secretFor(options, request, run);
  const { call, settled } = await settleCall(options, run);
  if (!options.bulk) refuseStrayBulkOptions(options);
  const bulk = options.bulk ? (await import("./bulk")).bulkSettings(options, settled.settings.maxAttempts) : undefined;
  run.phase = "validate";
  // A bulk run checks the parameters every user shares once, before reading the file.
  validateRequest(bulk === undefined ? request : { ...request, Username: "username" });
  if (bulk !== undefined && options.skeleton !== "output")
    return resendToMany({ call, request, secret, bulk }, settled, run);
  const output = await import("./output");
  // The output format is settled before the call, so that one that is none sends nothing.
  const shown = { format: output.resolveFormat(settled.sources), query, options, sources: settled.sources };
  // The sample response is printed as a response is: through --query and --output.
  if (options.skeleton === "output") return show(output, outputSkeleton(), shown, run);
  if (secret !== undefined) {
    request.SecretHash = call.secretHash(secret, request.Username as string, request.ClientId as string);
    run.secrets.push(request.SecretHash as string);
    settled.debug("Computed SecretHash from the client secret");
  }
  // Every check made before a request is sent has passed: a dry run shows the
  // request and opens no connection (the service is not even made).
  if (options.has("--dry-run")) {
    io.stdout(wouldSend(request));
    return EXIT.ok;
  }
  run.phase = "call";
  const result = await callOnce(call, { request, secretGiven: secret !== undefined }, settled, run);
  run.phase = "output";
  // From here on the service has taken the request: whatever happens to the
  // output, the exit code is 0, as the AWS CLI's is, so that a script that
  // retries on failure does not send a second code.
  if ("unreadable" in result) {
    // As the AWS CLI does, nothing on stdout: a line on stderr says why.
    writeQuietly(
      io.stderr,
      `\nThe service answered HTTP 200, but its response could not be read (${result.unreadable}); there is nothing to print.\n`,
    );
    return EXIT.ok;
  }
  return show(output, result.response, shown, run);
}

/**
 * --dry-run's line for a single call: the line a bulk dry run prints for a
 * user (Username, ClientId, Status WOULD_SEND, the Request with SecretHash
 * masked), so that one reader reads both. Neither --query nor --output
 * applies: it is not a response.
 */
function wouldSend(request: Request): string {
  const ordered = inWireOrder(request, loadSchema("input")) as Request;
  const shown = withSecretHashMasked(ordered);
  const line = { Username: request.Username, ClientId: request.ClientId, Status: "WOULD_SEND", Request: shown };
  return `${JSON.stringify(line)}\n`;
}

/**
 * A value with its structures' members in the order the SDK writes them:
 * the required ones first, then the rest, each in the model's order; a map's
 * keys as given.
 */
function inWireOrder(value: unknown, node: SchemaNode): unknown {
  if (value === null || typeof value !== "object" || shapeKind(node) !== "structure") return value;
  const given = value as Record<string, unknown>;
  const required = new Set(node.required ?? []);
  const order = members(node).sort(([a], [b]) => Number(required.has(b)) - Number(required.has(a)));
  const known = order.filter(([name]) => name in given);
  const rest = Object.keys(given).filter((name) => !node.properties?.[name]);
  return Object.fromEntries([
    ...known.map(([name, member]) => [name, inWireOrder(given[name], member)]),
    ...rest.map((name) => [name, given[name]]),
  ]);
}

/** The response, rendered and written to stdout or the pager; a failure to write it is only said. */
async function show(
  output: OutputStage,
  response: Response,
  how: { format: OutputFormat; query?: string; options: ParsedOptions; sources: Sources },
  run: Run,
): Promise<number> {
  const { io } = run;
  const settings = {
    format: how.format,
    query: how.query,
    // Color and pager depend on the terminal, which is asked only when there is output.
    colored: output.resolveColor(how.sources, io.stdoutIsTTY),
    pager: output.resolvePager(!how.options.has("--no-cli-pager"), how.sources, io.stdoutIsTTY),
  };
  const text = output.renderOutput(response, settings, settings.format === "table" ? io.columns : undefined);
  try {
    if (settings.pager !== undefined && text !== "") await io.page(text, settings.pager);
    else io.stdout(text);
  } catch (error) {
    writeQuietly(
      io.stderr,
      `\nThe service took the request, but its answer could not be written to stdout (${writeFailure(error)}).\n`,
    );
  }
  return EXIT.ok;
}

/** The service a run calls: the one io gives (a test's), else the real one. */
function serviceFor(call: CallStage, settled: Settled, run: Run, bulk?: { concurrency: number }): Service {
  const how = { ...settled, config: run.config as Config, bulk };
  return (run.io.service ?? call.createService)(how, run.io);
}

/** The one call of a run; a client with a secret called without one gets a hint. */
async function callOnce(
  call: CallStage,
  { request, secretGiven }: { request: Request; secretGiven: boolean },
  settled: Settled,
  run: Run,
): Promise<CallResult> {
  warnIfUnverified(call, settled.settings, run.io);
  let service: Service | undefined;
  try {
    service = serviceFor(call, settled, run);
    return await service.resendConfirmationCode(request);
  } catch (error) {
    if (
      error instanceof CliError &&
      !secretGiven &&
      /is configured for secret but secret was not received/.test(error.message)
    ) {
      // A line of ours after the service's error, never part of a structured one.
      throw error.withHint(
        "This app client has a secret: give it with --client-secret (or the COGNITO_CLIENT_SECRET environment variable) and SECRET_HASH is computed for you.",
      );
    }
    throw error;
  } finally {
    service?.destroy();
  }
}

/** --usernames-file or --all-unconfirmed: one service for the whole run, which retries on its own terms. */
async function resendToMany(
  what: { call: CallStage; request: Request; secret: string | undefined; bulk: BulkSettings },
  settled: Settled,
  run: Run,
): Promise<number> {
  const { call, request, secret, bulk } = what;
  const { io } = run;
  const { openPool, runBulk } = await import("./bulk");
  const { settings, debug } = settled;
  run.phase = "call";
  if (!bulk.dryRun) warnIfUnverified(call, settings, io);
  // A dry run without the pool sends nothing at all: it needs no service (nor the SDK).
  const caller =
    bulk.dryRun && bulk.pool === undefined
      ? undefined
      : serviceFor(call, settled, run, { concurrency: bulk.concurrency });
  // With --user-pool-id the users are looked up in the pool first, with the AWS credentials.
  const pool =
    bulk.pool === undefined || caller === undefined
      ? undefined
      : openPool(bulk.pool.id, caller, { clock: io.clock, debug });
  try {
    return await runBulk({
      base: request,
      clientSecret: secret,
      settings: bulk,
      caller,
      pool,
      io,
      validate: validateRequest,
      secretHash: call.secretHash,
      clock: io.clock,
      debug,
    });
  } finally {
    caller?.destroy();
  }
}

/** --no-verify-ssl on an https endpoint: said once, before anything is sent. */
function warnIfUnverified(call: CallStage, settings: CallSettings, io: Io): void {
  if (settings.verifySsl) return;
  const url = new URL(call.serviceUrl(settings));
  if (url.protocol === "https:") {
    io.stderr(
      `warning: --no-verify-ssl: unverified HTTPS request to host '${url.hostname}'. Adding certificate verification is strongly advised.\n`,
    );
  }
}

/** The help page; on a terminal as wide as the terminal and through the pager, as the AWS CLI's. */
async function showHelp(options: ParsedOptions, run: Run): Promise<number> {
  const { io } = run;
  const onTerminal = io.stdoutIsTTY;
  const { helpPage } = await import("./terminal");
  const text = helpPage(onTerminal ? Math.max(40, Math.min(io.columns || 80, 120)) : 80);
  let pager: string | undefined;
  if (onTerminal) {
    const sources: Sources = options.sources(io.env);
    try {
      sources.profile = profileIn(run.config as Config, settle("profile", sources));
    } catch {
      // A profile that is missing is no reason to withhold the help.
    }
    pager = (await import("./output")).resolvePager(!options.has("--no-cli-pager"), sources, true);
  }
  if (pager !== undefined) await io.page(text, pager);
  else io.stdout(text);
  return EXIT.ok;
}

/** --cli-auto-prompt: asks for the parameters on the terminal, then runs the command they make. */
async function prompted(argv: readonly string[], mode: PromptMode, run: Run): Promise<number> {
  const { io, secrets } = run;
  if (!io.stdinIsTTY) {
    throw paramValidation(
      "--cli-auto-prompt needs a terminal, and standard input is not one; give the parameters on the command line.",
    );
  }
  const options = parseArgs(argv, {
    prompting: true,
    enter: (phase) => {
      run.phase = phase;
    },
  });
  const { PromptCancelled, promptFor } = await import("./terminal");
  const keyboard = io.keyboard();
  let answers: Prompted;
  try {
    answers = await promptFor({ argv, given: options.parameters, mode }, keyboard, {
      bulk: options.bulk,
      secretGiven: settle("clientSecret", options.sources(io.env)) !== undefined,
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
  return runCommand(answers.argv, run);
}

/** Writes to stderr if it can; when it cannot, the exit code alone tells. */
function writeQuietly(write: (text: string) => void, text: string): void {
  try {
    write(text);
  } catch {
    // Nowhere left to say it.
  }
}
