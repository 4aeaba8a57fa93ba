/**
 * Module source addresses as Terraform classifies them: a local path, a module registry address
 * (`[host/]namespace/name/system[//subdir]`), or a remote package for a go-getter style getter
 * (`git::`, `https://`, `s3::`, `gcs::`, `hg::`, and the `github.com/…` / `git@host:…` shorthands).
 */
export type ModuleSource =
  | { kind: 'local'; path: string }
  | RegistrySource
  | RemoteSource;

export interface RegistrySource {
  kind: 'registry';
  host: string;
  namespace: string;
  name: string;
  system: string;
  subdir: string;
}

export interface RemoteSource {
  kind: 'remote';
  getter: string;
  /** The package URL with its query (`?ref=`), without the getter prefix or the subdir. */
  url: string;
  subdir: string;
}

export const DEFAULT_REGISTRY = 'registry.terraform.io';

const LABEL = /^[0-9A-Za-z](?:[0-9A-Za-z_-]{0,62}[0-9A-Za-z])?$/;
const SYSTEM = /^[0-9a-z]{1,64}$/;
const HOST = /^[0-9A-Za-z.-]+(?::[0-9]+)?$/;
const NOT_REGISTRY_HOSTS = new Set(['github.com', 'bitbucket.org', 'gitlab.com']);

/** Splits `pkg//sub?query` into `pkg?query` and `sub`, looking for `//` after any `scheme://`. */
export function splitSubdir(address: string): { pkg: string; subdir: string } {
  const schemeEnd = address.indexOf('://');
  const from = schemeEnd >= 0 ? schemeEnd + 3 : 0;
  const q = address.indexOf('?', from);
  const beforeQuery = q >= 0 ? address.slice(0, q) : address;
  const query = q >= 0 ? address.slice(q) : '';
  const at = beforeQuery.indexOf('//', from);
  if (at < 0) return { pkg: address, subdir: '' };
  return { pkg: beforeQuery.slice(0, at) + query, subdir: beforeQuery.slice(at + 2).replace(/^\/+|\/+$/g, '') };
}

function parseRegistry(address: string): RegistrySource | null {
  if (address.includes('::') || address.includes('://')) return null;
  const { pkg, subdir } = splitSubdir(address);
  if (pkg.includes('?')) return null;
  const parts = pkg.split('/');
  if (parts.length !== 3 && parts.length !== 4) return null;
  const host = parts.length === 4 ? parts[0]!.toLowerCase() : DEFAULT_REGISTRY;
  const [namespace, name, system] = parts.slice(-3) as [string, string, string];
  if (parts.length === 4 && (!HOST.test(host) || !host.includes('.') && !host.startsWith('localhost'))) return null;
  if (NOT_REGISTRY_HOSTS.has(host)) return null;
  if (!LABEL.test(namespace) || !LABEL.test(name) || !SYSTEM.test(system.toLowerCase())) return null;
  return { kind: 'registry', host, namespace, name, system: system.toLowerCase(), subdir };
}

function remote(getter: string, address: string): RemoteSource {
  const { pkg, subdir } = splitSubdir(address);
  return { kind: 'remote', getter, url: pkg, subdir };
}

/** Classifies a module call's `source`; null when Terraform would not accept it as any kind. */
export function parseModuleSource(raw: string): ModuleSource | null {
  const src = raw.trim();
  if (/^\.\.?[/\\]/.test(src)) return { kind: 'local', path: src };
  const forced = /^([A-Za-z0-9]+)::(.+)$/.exec(src);
  if (forced) return remote(forced[1]!.toLowerCase(), forced[2]!);
  const registry = parseRegistry(src);
  if (registry) return registry;
  const gh = /^(github\.com|bitbucket\.org|gitlab\.com)\/([^/?]+)\/([^/?]+?)(?:\.git)?((?:\/\/[^?]*)?(?:\?.*)?)$/.exec(src);
  if (gh) return remote('git', `https://${gh[1]}/${gh[2]}/${gh[3]}.git${gh[4]}`);
  const scp = /^([A-Za-z0-9._-]+)@([A-Za-z0-9.-]+):(?!\/\/)(.+)$/.exec(src);
  if (scp) return remote('git', `ssh://${scp[1]}@${scp[2]}/${scp[3]}`);
  const url = /^(https?):\/\//i.exec(src);
  if (url) {
    if (/^https?:\/\/([^/]+\.)?s3[.-]([^/]+\.)?amazonaws\.com\//i.test(src)) return remote('s3', src);
    if (/^https?:\/\/www\.googleapis\.com\/storage\//i.test(src)) return remote('gcs', src);
    return remote('http', src);
  }
  if (/^[^/]+\.s3[.-]([^/]+\.)?amazonaws\.com\//i.test(src)) return remote('s3', `https://${src}`);
  if (/^www\.googleapis\.com\/storage\//i.test(src)) return remote('gcs', `https://${src}`);
  return null;
}

/** The package address without any subdir, as a cache key part and in messages. */
export function packageAddress(s: RegistrySource | RemoteSource): string {
  if (s.kind === 'registry') return `${s.host}/${s.namespace}/${s.name}/${s.system}`;
  // A plain https URL is the http getter's own form: Terraform writes it without a prefix.
  return s.getter === 'http' && /^https?:\/\//i.test(s.url) ? s.url : `${s.getter}::${s.url}`;
}

/** The canonical text Terraform records in modules.json (`Source`). */
export function sourceString(s: ModuleSource): string {
  if (s.kind === 'local') return s.path;
  const base = packageAddress(s);
  if (!s.subdir) return base;
  const q = base.indexOf('?');
  return q >= 0 ? `${base.slice(0, q)}//${s.subdir}${base.slice(q)}` : `${base}//${s.subdir}`;
}
