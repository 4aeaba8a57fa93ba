import fs from 'node:fs';
import path from 'node:path';

/** Per-file caps: source text (.tf, .tfvars, templates, YAML config) and data (plan and snapshot JSON). */
export const MAX_SOURCE_FILE_BYTES = 16 * 1024 * 1024;
export const MAX_DATA_FILE_BYTES = 512 * 1024 * 1024;
/** Everything one scan reads, all files together. */
export const MAX_SCAN_BYTES = 1024 * 1024 * 1024;

export interface ReadLimits {
  maxSourceFileBytes: number;
  maxDataFileBytes: number;
  maxScanBytes: number;
}

export const DEFAULT_LIMITS: ReadLimits = { maxSourceFileBytes: MAX_SOURCE_FILE_BYTES, maxDataFileBytes: MAX_DATA_FILE_BYTES, maxScanBytes: MAX_SCAN_BYTES };

/** What kind of file is read decides its size cap. */
export type FileClass = 'source' | 'data';

/** A user-input file that is refused or unreadable; the message names the file and the reason, never its content. */
export class InputFileError extends Error {
  constructor(
    message: string,
    /** For a path outside the root: where it resolves (so a caller can word the message its own way). */
    readonly outside?: string,
  ) {
    super(message);
  }
}

/** Bytes read so far by one scan, shared by every reader of that scan. */
export class ReadBudget {
  used = 0;
  constructor(readonly limit: number = MAX_SCAN_BYTES) {}

  take(bytes: number, shown: string): void {
    this.used += bytes;
    if (this.used > this.limit) throw new InputFileError(`${shown}: the scan has read more than ${formatBytes(this.limit)} in total (the per-scan limit; raise it with --max-scan-size)`);
  }
}

export function formatBytes(n: number): string {
  if (n >= 1024 * 1024 * 1024 && n % (1024 * 1024 * 1024) === 0) return `${n / (1024 * 1024 * 1024)} GiB`;
  if (n >= 1024 * 1024 && n % (1024 * 1024) === 0) return `${n / (1024 * 1024)} MiB`;
  if (n >= 1024 && n % 1024 === 0) return `${n / 1024} KiB`;
  return `${n} bytes`;
}

/** Kinds of a folder entry, symlinks judged by what they point at. */
export type EntryKind = 'file' | 'dir' | 'outside' | 'broken' | 'other';

export interface Entry {
  name: string;
  /** Absolute lexical path (inside the folder listed). */
  abs: string;
  kind: EntryKind;
  symlink: boolean;
}

/** Kernel pseudo-filesystems: never user input, whatever the root. */
const PSEUDO = ['/proc', '/sys', '/dev'];

/**
 * The enclosing git work tree of `p` (a folder with a `.git` folder or file), else the folder
 * itself (a file's folder). Symlinks in `p` are followed after the walk, so the root is real.
 */
export function moduleRootOf(p: string): string {
  const abs = path.resolve(p);
  let start = abs;
  try {
    if (!fs.statSync(abs).isDirectory()) start = path.dirname(abs);
  } catch {
    start = path.dirname(abs);
  }
  for (let d = start; ; d = path.dirname(d)) {
    if (fs.existsSync(path.join(d, '.git'))) return realOr(d);
    if (path.dirname(d) === d) break;
  }
  return realOr(start);
}

function realOr(p: string): string {
  try {
    return fs.realpathSync(p);
  } catch {
    return p;
  }
}

export interface InputFilesOptions {
  limits?: ReadLimits;
  budget?: ReadBudget;
  /** How a path is shown in messages (default: relative to the process's cwd). */
  display?: (abs: string) => string;
}

/**
 * The module root and the one reader of user input under it: every path is resolved (symlinks
 * first) and must stay inside the root; only regular files are read, opened non-blocking so a
 * FIFO cannot hang the scan, and each read is capped per file and per scan.
 */
export class InputFiles {
  /** Absolute, symlink-resolved root. */
  readonly root: string;
  private readonly packages: string[] = [];
  readonly limits: ReadLimits;
  readonly budget: ReadBudget;
  private readonly show: (abs: string) => string;

  constructor(root: string, options: InputFilesOptions = {}) {
    this.root = realOr(path.resolve(root));
    this.limits = options.limits ?? DEFAULT_LIMITS;
    this.budget = options.budget ?? new ReadBudget(this.limits.maxScanBytes);
    this.show = options.display ?? ((abs) => path.relative(process.cwd(), abs).split(path.sep).join('/') || '.');
  }

  /** Whether an absolute path lies inside the root, or inside a package folder allowed with allowPackage (lexically). */
  contains(abs: string): boolean {
    return within(this.root, abs) || this.packages.some((p) => within(p, abs));
  }

  /** Whether an absolute path lies inside the module root itself (not a downloaded package). */
  inRoot(abs: string): boolean {
    return within(this.root, abs);
  }

  /**
   * Makes a downloaded module package readable (--download-modules): its own folder only, so
   * its code can reach neither the scanned tree's surroundings nor, by `../`, out of itself.
   */
  allowPackage(dir: string): void {
    const real = realOr(path.resolve(dir));
    if (!this.packages.includes(real)) this.packages.push(real);
  }

  /** The allowed package folder holding `abs`, or null (inside the module root, or nowhere allowed). */
  packageOf(abs: string): string | null {
    return this.packages.find((p) => within(p, abs)) ?? null;
  }

  /** Path relative to the root, with forward slashes ('.' for the root itself). */
  relative(abs: string): string {
    return path.relative(this.root, abs).split(path.sep).join('/') || '.';
  }

  display(abs: string): string {
    return this.show(abs);
  }

  /**
   * The real path of `p` (absolute, or relative to the process cwd), which must lie inside the
   * root. A missing path is checked lexically and returned as is; the caller reports it missing.
   */
  resolve(p: string): string {
    const abs = path.resolve(p);
    let real: string;
    try {
      real = fs.realpathSync(abs);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ELOOP') throw new InputFileError(`${this.show(abs)}: a symlink loop`);
      if (!this.contains(abs)) throw new InputFileError(`${this.show(abs)} is outside the module root ${this.root}; sglint reads only files inside it (set it with --root)`, abs);
      // A dangling symlink: where does it point?
      const target = danglingTarget(abs);
      if (target && !this.contains(target)) throw new InputFileError(`${this.show(abs)} resolves to ${target}, outside the module root ${this.root}`, target);
      return abs;
    }
    if (!this.contains(real) || PSEUDO.some((d) => real === d || real.startsWith(`${d}/`))) {
      throw new InputFileError(`${this.show(abs)} resolves to ${real}, outside the module root ${this.root}; sglint reads only files inside it (set it with --root)`, real);
    }
    return real;
  }

  /** Whether `p` is an existing regular file inside the root (never throws). */
  isFile(p: string): boolean {
    try {
      return fs.statSync(this.resolve(p)).isFile();
    } catch {
      return false;
    }
  }

  isDirectory(p: string): boolean {
    try {
      return fs.statSync(this.resolve(p)).isDirectory();
    } catch {
      return false;
    }
  }

  readText(p: string, kind: FileClass = 'source', maxBytes?: number): string {
    return this.readBytes(p, kind, maxBytes).toString('utf8');
  }

  /**
   * The bytes of a regular file inside the root. `maxBytes` reads only the head (content
   * sniffing); otherwise a file over its class's cap is refused, not truncated.
   */
  readBytes(p: string, kind: FileClass = 'source', maxBytes?: number): Buffer {
    const abs = path.resolve(p);
    const real = this.resolve(abs);
    const shown = this.show(abs);
    const cap = kind === 'data' ? this.limits.maxDataFileBytes : this.limits.maxSourceFileBytes;
    let fd: number;
    try {
      fd = fs.openSync(real, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK | fs.constants.O_NOFOLLOW);
    } catch (err) {
      throw new InputFileError(`cannot read ${shown}: ${describeErrno(err)}`);
    }
    try {
      const st = fs.fstatSync(fd);
      if (st.isDirectory()) throw new InputFileError(`${shown} is a directory, not a file`);
      if (!st.isFile()) throw new InputFileError(`${shown} is not a regular file (a device, FIFO or socket); sglint reads only regular files`);
      const limit = maxBytes ?? cap;
      if (maxBytes === undefined && st.size > cap) throw new InputFileError(`${shown} is ${st.size} bytes, over the limit of ${formatBytes(cap)} per ${kind === 'data' ? 'data' : 'source'} file (raise it with --max-file-size)`);
      // Read until end of file, not st.size: a file may grow while read, and must still stop at the cap.
      const chunks: Buffer[] = [];
      let total = 0;
      for (;;) {
        const buf = Buffer.allocUnsafe(Math.max(1, Math.min(limit - total + 1, Math.max(65536, st.size - total + 1))));
        const n = fs.readSync(fd, buf, 0, buf.length, null);
        if (n === 0) break;
        total += n;
        chunks.push(buf.subarray(0, n));
        if (total > limit) {
          if (maxBytes !== undefined) break;
          throw new InputFileError(`${shown} is over the limit of ${formatBytes(cap)} per ${kind === 'data' ? 'data' : 'source'} file (raise it with --max-file-size)`);
        }
      }
      if (maxBytes === undefined) this.budget.take(total, shown); // a bounded head read (sniffing) is not counted
      const all = Buffer.concat(chunks);
      return maxBytes !== undefined ? all.subarray(0, maxBytes) : all;
    } finally {
      fs.closeSync(fd);
    }
  }

  /**
   * A folder's entries inside the root, sorted by name; symlinks are classified by their target:
   * inside the root (file/dir), `outside` it, or `broken` (dangling or looping).
   */
  list(dir: string): Entry[] {
    const real = this.resolve(dir);
    let dirents: fs.Dirent[];
    try {
      dirents = fs.readdirSync(real, { withFileTypes: true });
    } catch (err) {
      throw new InputFileError(`cannot read directory ${this.show(path.resolve(dir))}: ${describeErrno(err)}`);
    }
    const base = path.resolve(dir);
    return dirents
      .map((d): Entry => {
        const abs = path.join(base, d.name);
        if (!d.isSymbolicLink()) return { name: d.name, abs, kind: d.isFile() ? 'file' : d.isDirectory() ? 'dir' : 'other', symlink: false };
        let target: string;
        try {
          target = fs.realpathSync(abs);
        } catch {
          return { name: d.name, abs, kind: 'broken', symlink: true };
        }
        if (!this.contains(target)) return { name: d.name, abs, kind: 'outside', symlink: true };
        const st = fs.statSync(target);
        return { name: d.name, abs, kind: st.isFile() ? 'file' : st.isDirectory() ? 'dir' : 'other', symlink: true };
      })
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }
}

function within(dir: string, abs: string): boolean {
  const r = path.relative(dir, abs);
  return r === '' || (!r.startsWith('..') && !path.isAbsolute(r));
}

function danglingTarget(abs: string): string | null {
  try {
    return path.resolve(path.dirname(abs), fs.readlinkSync(abs));
  } catch {
    return null;
  }
}

function describeErrno(err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code;
  switch (code) {
    case 'ENOENT': return 'no such file or directory';
    case 'EACCES': case 'EPERM': return 'permission denied';
    case 'EISDIR': return 'is a directory';
    case 'ELOOP': return 'a symlink loop';
    default: return code ?? 'error';
  }
}
