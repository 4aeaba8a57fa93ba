import type { RegistrySource } from '../source-address.js';
import { selectVersion, versionString, type Constraint, type Version } from '../version.js';
import { DownloadError, httpGet, shownUrl, type DownloadLimits } from './http.js';

export interface RegistryOptions {
  /** Host -> base URL used instead of https://host (a private mirror, or a test server). */
  hosts: ReadonlyMap<string, string>;
  limits: DownloadLimits;
  /** For TF_TOKEN_<host> credentials, as Terraform reads them. */
  env: NodeJS.ProcessEnv;
}

/** The API token Terraform would send to `host`: TF_TOKEN_ with dots as `_` and dashes as `__`. */
export function registryToken(host: string, env: NodeJS.ProcessEnv): string | undefined {
  const name = `TF_TOKEN_${host.replace(/:\d+$/, '').replace(/-/g, '__').replace(/\./g, '_')}`;
  return env[name] ?? env[name.toLowerCase()];
}

/**
 * A client of Terraform's module registry protocol for one scan: service discovery at
 * /.well-known/terraform.json (modules.v1), the version list, and the download location
 * (X-Terraform-Get, or a JSON body's "location"). Answers are remembered per host and module.
 */
export class RegistryClient {
  private readonly bases = new Map<string, Promise<string>>();
  private readonly versionLists = new Map<string, Promise<string[]>>();

  constructor(private readonly options: RegistryOptions) {}

  private headers(host: string): Record<string, string> {
    const token = registryToken(host, this.options.env);
    return token ? { authorization: `Bearer ${token}` } : {};
  }

  private async json(url: string, host: string, what: string): Promise<unknown> {
    const res = await httpGet(url, this.options.limits, { ...this.headers(host), accept: 'application/json' });
    if (res.status === 404) throw new DownloadError(`${what} not found at ${shownUrl(url)} (404)`);
    if (res.status === 401 || res.status === 403) throw new DownloadError(`${shownUrl(url)} refused access (${res.status}); set TF_TOKEN_${host.replace(/:\d+$/, '').replace(/-/g, '__').replace(/\./g, '_')} for a private registry`);
    if (res.status !== 200) throw new DownloadError(`${shownUrl(url)} answered HTTP ${res.status}`);
    try {
      return JSON.parse(res.body.toString('utf8'));
    } catch {
      throw new DownloadError(`${shownUrl(url)} did not answer with JSON`);
    }
  }

  /** The modules.v1 base URL of a host, from its service discovery document. */
  modulesBase(host: string): Promise<string> {
    let p = this.bases.get(host);
    if (!p) {
      const root = (this.options.hosts.get(host) ?? `https://${host}`).replace(/\/+$/, '');
      const url = `${root}/.well-known/terraform.json`;
      p = this.json(url, host, 'service discovery').then((doc) => {
        const v = (doc as Record<string, unknown> | null)?.['modules.v1'];
        if (typeof v !== 'string') throw new DownloadError(`${host} offers no module registry (its ${shownUrl(url)} has no "modules.v1")`);
        const base = new URL(v, url).toString();
        return base.endsWith('/') ? base : `${base}/`;
      });
      this.bases.set(host, p);
    }
    return p;
  }

  private async versions(s: RegistrySource): Promise<string[]> {
    const key = `${s.host}/${s.namespace}/${s.name}/${s.system}`;
    let p = this.versionLists.get(key);
    if (!p) {
      p = (async () => {
        const base = await this.modulesBase(s.host);
        const doc = await this.json(new URL(`${s.namespace}/${s.name}/${s.system}/versions`, base).toString(), s.host, `module ${key}`);
        const modules = (doc as { modules?: { versions?: { version?: unknown }[] }[] } | null)?.modules;
        const list = Array.isArray(modules) && Array.isArray(modules[0]?.versions) ? modules[0]!.versions : null;
        if (!list) throw new DownloadError(`the registry at ${s.host} gave an invalid version list for ${key}`);
        return list.map((v) => v?.version).filter((v): v is string => typeof v === 'string');
      })();
      this.versionLists.set(key, p);
    }
    return p;
  }

  /** The newest version meeting the constraints; throws saying which versions exist otherwise. */
  async select(s: RegistrySource, constraints: Constraint[] | null, constraintText: string | null): Promise<Version> {
    const available = await this.versions(s);
    const chosen = selectVersion(available, constraints ?? []);
    if (chosen) return chosen;
    const newest = selectVersion(available, []);
    if (!newest) throw new DownloadError(`${s.host}/${s.namespace}/${s.name}/${s.system} has no versions in the registry`);
    throw new DownloadError(`no version of ${s.host}/${s.namespace}/${s.name}/${s.system} meets ${JSON.stringify(constraintText)}; the newest is ${versionString(newest)}`);
  }

  /** Where the package of one version is (a go-getter address), absolute. */
  async location(s: RegistrySource, version: Version): Promise<string> {
    const base = await this.modulesBase(s.host);
    const url = new URL(`${s.namespace}/${s.name}/${s.system}/${versionString(version)}/download`, base).toString();
    const res = await httpGet(url, this.options.limits, this.headers(s.host));
    let location = res.headers.get('x-terraform-get');
    if (!location && res.status === 200) {
      try {
        const v = (JSON.parse(res.body.toString('utf8')) as { location?: unknown }).location;
        if (typeof v === 'string') location = v;
      } catch {
        // not JSON: reported below as no location
      }
    }
    if (res.status !== 204 && res.status !== 200) throw new DownloadError(`${shownUrl(url)} answered HTTP ${res.status}`);
    if (!location) throw new DownloadError(`${shownUrl(url)} gave no download location (X-Terraform-Get)`);
    return absoluteLocation(location, res.url);
  }
}

/** A location starting with /, ./ or ../ is relative to the download URL (Terraform's rule); others are go-getter addresses. */
export function absoluteLocation(location: string, against: string): string {
  return /^(\/|\.\.?\/)/.test(location) ? new URL(location, against).toString() : location;
}
