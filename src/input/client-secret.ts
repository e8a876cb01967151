// The app client's secret, from which SECRET_HASH is computed: --client-secret
// (inline, or file://PATH) or COGNITO_CLIENT_SECRET.
import { type Place, paramValidation } from "../common";
import type { RawOptions } from "./args";
import { loadParamValue } from "./paramfile";

/** The client secret from --client-secret (text or file://) or COGNITO_CLIENT_SECRET. */
export function clientSecret(options: RawOptions, place: Place): string | undefined {
  if (options.clientSecret !== undefined) {
    const value = loadParamValue("--client-secret", options.clientSecret, place);
    const text = typeof value === "string" ? value : Buffer.from(value).toString("utf8");
    // A secret read from a file ends where its first line ends.
    const fromFile = options.clientSecret.startsWith("file");
    const secret = fromFile ? text.replace(/\r?\n$/, "") : text;
    // An empty key would make a hash all the same; the service would refuse it.
    if (secret === "") {
      throw paramValidation(
        fromFile
          ? `Bad value for --client-secret ${options.clientSecret}: the file holds no secret`
          : "Bad value for --client-secret: the secret is empty",
      );
    }
    return secret;
  }
  return place.env.COGNITO_CLIENT_SECRET || undefined;
}
