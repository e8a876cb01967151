// The app client's secret, from which SECRET_HASH is computed: --client-secret
// (inline, or file://PATH) or COGNITO_CLIENT_SECRET.
import { type Place, paramValidation } from "../common";
import type { ParsedOptions } from "./args";
import { settleFrom } from "./chains";
import { loadParamValue } from "./paramfile";

/** The client secret, by its chain: --client-secret (text or file://), else COGNITO_CLIENT_SECRET. */
export function clientSecret(options: ParsedOptions, place: Place): string | undefined {
  const [given, step] = settleFrom("clientSecret", options.sources(place.env)) ?? [];
  if (step === "--client-secret" && given !== undefined) {
    const value = loadParamValue("--client-secret", given, place);
    const text = typeof value === "string" ? value : Buffer.from(value).toString("utf8");
    // A secret read from a file ends where its first line ends.
    const fromFile = given.startsWith("file");
    const secret = fromFile ? text.replace(/\r?\n$/, "") : text;
    // An empty key would make a hash all the same; the service would refuse it.
    if (secret === "") {
      throw paramValidation(
        fromFile
          ? `Bad value for --client-secret ${given}: the file holds no secret`
          : "Bad value for --client-secret: the secret is empty",
      );
    }
    return secret;
  }
  return given;
}
