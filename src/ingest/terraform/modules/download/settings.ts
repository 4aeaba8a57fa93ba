import type { DownloadLimits } from './http.js';

/** --download-modules and its companions. */
export interface ModuleDownloadSettings {
  /** --module-cache; default: the user's cache folder. */
  cacheDir?: string | undefined;
  /** --registry-url HOST=URL: a registry host answered at another address (a mirror, a test server). */
  registries?: Record<string, string> | undefined;
  limits?: Partial<DownloadLimits> | undefined;
  /** One line per package downloaded or reused (shown on a terminal). */
  progress?: ((line: string) => void) | undefined;
  env?: NodeJS.ProcessEnv | undefined;
}
