// Where a run is: its environment variables and its working directory. A path
// the user gives is read relative to `cwd`, and named in messages as given.
import { isAbsolute } from "node:path";

export interface Place {
  readonly env: NodeJS.ProcessEnv;
  readonly cwd: string;
}

/**
 * The file a path the user gave names, from where the run is. A relative path
 * is put after the folder as it is, not tidied (`nope/../x` needs `nope`, and
 * `x/` is no file), as the operating system reads it for the AWS CLI; an empty
 * path stays empty, a file that does not exist.
 */
export const pathIn = (place: Place, path: string): string =>
  path === "" || isAbsolute(path) ? path : `${place.cwd.replace(/\/+$/, "")}/${path}`;
