// One way through: argv -> options -> request -> validated request -> call ->
// response -> rendered text -> exit code. Each stage is a folder of src/ (and
// a bundle of dist/), loaded when the run gets to it: input, then call, then
// output or bulk; terminal only for a person at one. Effects (files, stdout,
// stderr, signals) are reached through `io`, the network through the call stage.
import {
  CliError,
  EXIT,
  PROGRAM,
  errorText,
  isWriteFailure,
  maskSecrets,
  usageError,
  writeFailure,
  paramValidation,
  additionalDetails,
  ERROR_FORMATS,
  structuredError,
  type ErrorFormat,
} from "./common";
import {
  clientSecret,
  inputSkeletonJson,
  inputSkeletonYaml,
  lastValue,
  loadCliInput,
  mergeRequest,
  outputSkeleton,
  parseArgs,
  promptMode,
  readIni,
  refuseStrayBulkOptions,
  requestFromFlags,
  secretsIn,
  sharedFiles,
  validateRequest,
  type PromptMode,
  type RawOptions,
  type Request,
} from "./input";
import type { BulkSettings } from "./bulk";
import type { CallResult, CallSettings, DebugLog, Profile, Response } from "./call";
import type { OutputFormat } from "./output";
import type { Io } from "./io";
import type { Prompted } from "./terminal";

export type { Io } from "./io";

type CallStage = typeof import("./call");
type OutputStage = typeof import("./output");

/** Runs the command; never throws: every failure becomes its message and exit code. */
export async function main(argv: readonly string[], io: Io): Promise<number> {
  const secrets: Array<string | undefined> = [io.env.COGNITO_CLIENT_SECRET, ...secretsIn(argv)];
  const debugging = argv.includes("--debug");
  try {
    return await run(argv, io, secrets);
  } catch (error) {
    const message = isWriteFailure(error)
      ? `Could not write the output: ${writeFailure(error)}`
      : error instanceof Error
        ? error.message
        : String(error);
    const failure = error instanceof CliError ? error : new CliError(message, EXIT.other);
    let text = await shownError(failure, argv, io);
    if (debugging && !(error instanceof CliError) && error instanceof Error && error.stack) text += `${error.stack}\n`;
    writeQuietly(io.stderr, maskSecrets(text, secrets));
    return failure.exitCode;
  }
}

/**
 * An error as --cli-error-format (or AWS_CLI_ERROR_FORMAT, or the profile's
 * cli_error_format) asks: as structured output when it has a code, else one
 * line; by default one line and the service's additional error details.
 */
async function shownError(failure: CliError, argv: readonly string[], io: Io): Promise<string> {
  if (failure.early === "first") return errorText(failure, true);
  // An error of the global options' parser comes before any flag is known: the
  // format and the profile are those of the environment alone. An error found
  // with the global options keeps its code whatever the profile, and a format
  // in the environment that is none is said, as the AWS CLI says it.
  const known = failure.early === "parser" ? [] : argv;
  const named = io.env.AWS_CLI_ERROR_FORMAT;
  const warning =
    failure.early && named !== undefined && !isErrorFormat(named.toLowerCase())
      ? `Invalid cli_error_format: '${named}'. Using 'enhanced' format.\n`
      : "";
  const format = await errorFormat(known, io);
  const structured = format === undefined || format === "legacy" ? undefined : structuredError(failure);
  if (structured !== undefined && format !== undefined && format !== "legacy") {
    const output = await import("./output");
    // A table is colored as --color says, as the output's table is.
    return (
      warning +
      output.renderStructured(structured, format, output.resolveColor(lastValue(known, "--color"), io.stdoutIsTTY))
    );
  }
  // legacy: the one line, without the structured error's code or its details.
  if (format === "legacy") return warning + errorText(failure, false);
  return (
    warning +
    errorText(
      failure,
      // A profile that cannot be found leaves the AWS CLI without its error
      // format, so it falls back to the legacy line, unless the environment
      // names one. An error found with the global options comes before
      // --profile is read: only the environment's profile counts then.
      failure.code === undefined ||
        io.env.AWS_CLI_ERROR_FORMAT !== undefined ||
        !(await profileMissing(failure.early === "globals" ? [] : known, io)),
    ) +
    additionalDetails(failure)
  );
}

const isErrorFormat = (value: string | undefined): value is ErrorFormat =>
  value !== undefined && (ERROR_FORMATS as readonly string[]).includes(value);

/**
 * --cli-error-format, else AWS_CLI_ERROR_FORMAT (set, even empty), else the
 * profile's cli_error_format (the last --profile's); the variable and the
 * setting in any case. A value not among them counts as none.
 */
async function errorFormat(argv: readonly string[], io: Io): Promise<ErrorFormat | undefined> {
  const flag = lastValue(argv, "--cli-error-format");
  if (isErrorFormat(flag)) return flag;
  const named = io.env.AWS_CLI_ERROR_FORMAT?.toLowerCase();
  if (named !== undefined) return isErrorFormat(named) ? named : undefined;
  try {
    const setting = (await import("./call"))
      .resolveProfile(lastValue(argv, "--profile"), io)
      .settings.get("cli_error_format")
      ?.toLowerCase();
    return isErrorFormat(setting) ? setting : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Whether the profile the run names (--profile, AWS_PROFILE, AWS_DEFAULT_PROFILE)
 * cannot be found: the AWS CLI then reports an error without its code.
 */
async function profileMissing(argv: readonly string[], io: Io): Promise<boolean> {
  const named = lastValue(argv, "--profile") ?? io.env.AWS_PROFILE ?? io.env.AWS_DEFAULT_PROFILE;
  if (named === undefined) return false;
  try {
    (await import("./call")).resolveProfile(named, io);
    return false;
  } catch {
    return true;
  }
}

async function run(argv: readonly string[], io: Io, secrets: Array<string | undefined>): Promise<number> {
  if (argv[0] === "completion" || argv[0] === "__complete") {
    const { completeLine, completionScript } = await import("./terminal");
    io.stdout(
      argv[0] === "completion" ? completionScript(argv[1]) : completeLine(argv[1] ?? "bash", argv[2] ?? "", io),
    );
    return EXIT.ok;
  }
  checkConfigFile(io);
  const mode = promptMode(argv, io.env);
  // on-partial with no terminal runs the command as given, as the AWS CLI does
  // (a command missing a parameter is then the usual usage error).
  if (mode === "on" || (mode === "on-partial" && io.stdinIsTTY)) return prompted(argv, mode, io, secrets);
  // --query's syntax is checked with the global options, as the AWS CLI checks
  // it: before the command's own (any abbreviation of --query starts --q).
  const output = argv.some((word) => word.startsWith("--q")) ? await import("./output") : undefined;
  const options = parseArgs(argv, false, output?.checkQuerySyntax);
  if (options.help) return showHelp(options, io);
  if (options.version) {
    io.stdout(`${PROGRAM}/${io.version} Node.js/${process.version} ${process.platform}/${process.arch}\n`);
    return EXIT.ok;
  }
  return execute(options, io, secrets);
}

/**
 * A config or credentials file that does not parse ends every run, before its
 * command line is looked at, as the AWS CLI ends it (255). The reader is in
 * the input stage, which every run loads; a missing file reads as empty.
 */
function checkConfigFile(io: Io): void {
  const { config, credentials } = sharedFiles(io.env);
  readIni(config, io);
  readIni(credentials, io);
}

/** From the parsed options to the request, checked, and then to one call or a bulk run. */
async function execute(options: RawOptions, io: Io, secrets: Array<string | undefined>): Promise<number> {
  // A bad --query is an argument error: it is reported before anything else is read.
  // With a skeleton nothing is sent: as in the AWS CLI, its functions are
  // checked only as the sample response is evaluated, if it is.
  const query =
    options.query === undefined
      ? undefined
      : (await import("./output")).compileQuery(options.query, options.skeleton !== undefined);
  // As the AWS CLI does, every parameter is read and parsed even for a skeleton.
  const fromFlags = requestFromFlags(options.parameters, io);
  const request = mergeRequest(loadCliInput({ json: options.cliInputJson, yaml: options.cliInputYaml }, io), fromFlags);
  if (options.skeleton === "input" || options.skeleton === "yaml-input") {
    io.stdout(options.skeleton === "input" ? inputSkeletonJson() : inputSkeletonYaml());
    return EXIT.ok;
  }
  const secret = clientSecret(options, io);
  secrets.push(secret, typeof request.SecretHash === "string" ? request.SecretHash : undefined);
  if (secret !== undefined && request.SecretHash !== undefined) {
    const source = options.clientSecret !== undefined ? "--client-secret" : "COGNITO_CLIENT_SECRET";
    throw usageError(
      `--secret-hash cannot be combined with ${source}: give the client secret and let the hash be computed, or give the hash alone.`,
    );
  }

  const call = await import("./call");
  const debug = call.createDebugLog(options.debug, io.stderr, () => secrets);
  let profile: Profile;
  try {
    profile = call.resolveProfile(options.profile, io);
  } catch (error) {
    // A region given on the command line or in the environment is checked before a missing profile is said.
    call.checkRegionFormat(options.region ?? io.env.AWS_REGION ?? io.env.AWS_DEFAULT_REGION);
    throw error;
  }
  const settings = call.callSettings(options, io, profile);
  debug(`Resolved region ${settings.region}${settings.endpointUrl ? `, endpoint ${settings.endpointUrl}` : ""}`);
  const many = options.bulk.usernamesFile !== undefined || options.bulk.allUnconfirmed;
  if (!many) refuseStrayBulkOptions(options);
  const bulk = many ? (await import("./bulk")).bulkSettings(options, settings.maxAttempts) : undefined;
  // A bulk run checks the parameters every user shares once, before reading the file.
  validateRequest(bulk === undefined ? request : { ...request, Username: "username" });
  if (bulk !== undefined && options.skeleton !== "output") {
    return resendToMany(call, request, secret, bulk, { settings, profile, debug }, io);
  }

  const output = await import("./output");
  const format = output.resolveFormat(options.output, io.env, profile);
  // The sample response is printed as a response is: through --query and --output.
  if (options.skeleton === "output") return show(output, outputSkeleton(), { format, query, options, profile }, io);
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
    writeQuietly(
      io.stderr,
      `\nThe service answered HTTP 200, but its response could not be read (${result.unreadable}); there is nothing to print.\n`,
    );
    return EXIT.ok;
  }
  return show(output, result.response, { format, query, options, profile }, io);
}

/** The response, rendered and written to stdout or the pager; a failure to write it is only said. */
async function show(
  output: OutputStage,
  response: Response,
  how: { format: OutputFormat; query?: string; options: RawOptions; profile: Profile },
  io: Io,
): Promise<number> {
  const settings = {
    format: how.format,
    query: how.query,
    // Color and pager depend on the terminal, which is asked only when there is output.
    colored: output.resolveColor(how.options.color, io.stdoutIsTTY),
    pager: output.resolvePager(how.options.cliPager, io.env, how.profile, io.stdoutIsTTY),
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

/** The one call of a run; a client with a secret called without one gets a hint. */
async function callOnce(
  call: CallStage,
  request: Request,
  settings: CallSettings,
  io: Io,
  debug: DebugLog,
  secretGiven: boolean,
): Promise<CallResult> {
  warnIfUnverified(call, settings, io);
  try {
    return await call.resendConfirmationCode(request, settings, debug);
  } catch (error) {
    if (
      error instanceof CliError &&
      !secretGiven &&
      /is configured for secret but secret was not received/.test(error.message)
    ) {
      // A line of ours after the service's error, never part of a structured one.
      error.hint =
        "This app client has a secret: give it with --client-secret (or the COGNITO_CLIENT_SECRET environment variable) and SECRET_HASH is computed for you.";
    }
    throw error;
  }
}

/** --usernames-file or --all-unconfirmed: one caller for the whole run, which retries on its own terms. */
async function resendToMany(
  call: CallStage,
  request: Request,
  secret: string | undefined,
  bulk: BulkSettings,
  how: { settings: CallSettings; profile: Profile; debug: DebugLog },
  io: Io,
): Promise<number> {
  const { createBulkCaller, openPool, runBulk } = await import("./bulk");
  const { settings, debug } = how;
  if (!bulk.dryRun) warnIfUnverified(call, settings, io);
  // A dry run without the pool sends nothing at all: it needs no caller (nor the SDK).
  const caller =
    bulk.dryRun && bulk.pool === undefined
      ? undefined
      : createBulkCaller(call, { ...how, concurrency: bulk.concurrency }, io);
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
async function showHelp(options: RawOptions, io: Io): Promise<number> {
  const onTerminal = io.stdoutIsTTY;
  const { helpPage } = await import("./terminal");
  const text = helpPage(onTerminal ? Math.max(40, Math.min(io.columns || 80, 120)) : 80);
  let pager: string | undefined;
  if (onTerminal) {
    const [call, output] = await Promise.all([import("./call"), import("./output")]);
    let profile: Profile = { name: "default", settings: new Map() };
    try {
      profile = call.resolveProfile(options.profile, io);
    } catch {
      // A profile that is missing or a config file that does not parse is no reason to withhold the help.
    }
    pager = output.resolvePager(options.cliPager, io.env, profile, true);
  }
  if (pager !== undefined) await io.page(text, pager);
  else io.stdout(text);
  return EXIT.ok;
}

/** --cli-auto-prompt: asks for the parameters on the terminal, then runs the command they make. */
async function prompted(
  argv: readonly string[],
  mode: PromptMode,
  io: Io,
  secrets: Array<string | undefined>,
): Promise<number> {
  if (!io.stdinIsTTY) {
    throw paramValidation(
      "--cli-auto-prompt needs a terminal, and standard input is not one; give the parameters on the command line.",
    );
  }
  const options = parseArgs(argv, true);
  const { PromptCancelled, promptFor } = await import("./terminal");
  const keyboard = io.keyboard();
  let answers: Prompted;
  try {
    answers = await promptFor(argv, options.parameters, mode, keyboard, {
      bulk: options.bulk.usernamesFile !== undefined || options.bulk.allUnconfirmed,
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

/** Writes to stderr if it can; when it cannot, the exit code alone tells. */
function writeQuietly(write: (text: string) => void, text: string): void {
  try {
    write(text);
  } catch {
    // Nowhere left to say it.
  }
}
