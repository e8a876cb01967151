// Where a run is: its environment variables and its working directory. A path
// the user gives is read relative to `cwd`, and named in messages as given.
import { isAbsolute, resolve } from "node:path";

export interface Place {
  readonly env: NodeJS.ProcessEnv;
  readonly cwd: string;
}

/** The file a path the user gave names, from where the run is. */
export const pathIn = (place: Place, path: string): string => (isAbsolute(path) ? path : resolve(place.cwd, path));
