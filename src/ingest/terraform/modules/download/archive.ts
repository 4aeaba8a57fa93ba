import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { DownloadError, type DownloadLimits } from './http.js';

export type ArchiveKind = 'tar.gz' | 'tar' | 'zip';

/** The archive kind of a URL, by `?archive=` or by the path's extension (go-getter's rule). */
export function archiveKind(url: string): ArchiveKind | 'unsupported' | null {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return null;
  }
  const forced = u.searchParams.get('archive');
  const name = (forced ? `.${forced}` : u.pathname).toLowerCase();
  if (name.endsWith('.tar.gz') || name.endsWith('.tgz')) return 'tar.gz';
  if (name.endsWith('.zip')) return 'zip';
  if (name.endsWith('.tar')) return 'tar';
  if (/\.(tar\.bz2|tbz2|tar\.xz|txz|tar\.zst|bz2|xz|gz)$/.test(name)) return 'unsupported';
  return null;
}

/**
 * Checks an entry name and returns where it goes under `dest`. A name that is absolute, has a
 * drive letter, a `..` segment or a NUL would land outside the package: the whole archive is refused.
 */
export function entryTarget(dest: string, name: string): string | null {
  const clean = name.replace(/\\/g, '/').replace(/^(\.\/)+/, '');
  if (clean === '' || clean === '.' || clean === './') return null;
  if (clean.startsWith('/') || /^[A-Za-z]:/.test(clean) || clean.includes('\0') || clean.split('/').includes('..')) {
    throw new DownloadError(`the archive has an entry ${JSON.stringify(name.slice(0, 200))} that would be written outside the package folder; the archive is refused`);
  }
  const target = path.resolve(dest, clean);
  if (!target.startsWith(dest + path.sep)) throw new DownloadError(`the archive has an entry ${JSON.stringify(name.slice(0, 200))} that would be written outside the package folder; the archive is refused`);
  return target;
}

class Writer {
  private bytes = 0;
  private files = 0;
  constructor(private readonly dest: string, private readonly limits: DownloadLimits) {}

  dir(name: string): void {
    const t = entryTarget(this.dest, name);
    if (t) fs.mkdirSync(t, { recursive: true });
  }

  file(name: string, data: Buffer): void {
    const t = entryTarget(this.dest, name);
    if (!t) return;
    this.count(data.length);
    fs.mkdirSync(path.dirname(t), { recursive: true });
    fs.writeFileSync(t, data, { mode: 0o644 }); // the folder is new and holds no links, so nothing is followed
  }

  count(size: number): void {
    this.bytes += size;
    if (++this.files > this.limits.maxFiles) throw new DownloadError(`the archive has more than ${this.limits.maxFiles} files; it is refused`);
    if (this.bytes > this.limits.maxUnpackedBytes) throw new DownloadError(`the archive unpacks to more than ${this.limits.maxUnpackedBytes} bytes; it is refused`);
  }
}

const cstr = (b: Buffer): string => {
  const end = b.indexOf(0);
  return b.subarray(0, end < 0 ? b.length : end).toString('utf8');
};

function octal(b: Buffer): number {
  if (b[0]! & 0x80) {
    let n = 0;
    for (let i = 1; i < b.length; i++) n = n * 256 + b[i]!;
    return n;
  }
  const s = cstr(b).trim();
  return s ? parseInt(s, 8) : 0;
}

function paxPath(data: Buffer): string | undefined {
  let out: string | undefined;
  let at = 0;
  while (at < data.length) {
    const sp = data.indexOf(0x20, at);
    if (sp < 0) break;
    const len = Number(data.subarray(at, sp).toString());
    if (!Number.isInteger(len) || len <= 0) break;
    const record = data.subarray(sp + 1, at + len - 1).toString('utf8');
    const eq = record.indexOf('=');
    if (record.slice(0, eq) === 'path') out = record.slice(eq + 1);
    at += len;
  }
  return out;
}

/** Unpacks a tar stream (ustar, pax and GNU long names): regular files and folders only, links are skipped. */
export function extractTar(tar: Buffer, dest: string, limits: DownloadLimits): void {
  const w = new Writer(dest, limits);
  let at = 0;
  let longName: string | undefined;
  while (at + 512 <= tar.length) {
    const h = tar.subarray(at, at + 512);
    if (h.every((x) => x === 0)) break;
    const size = octal(h.subarray(124, 136));
    const type = String.fromCharCode(h[156]!);
    const prefix = h.subarray(257, 262).toString() === 'ustar' ? cstr(h.subarray(345, 500)) : '';
    const name = longName ?? (prefix ? `${prefix}/${cstr(h.subarray(0, 100))}` : cstr(h.subarray(0, 100)));
    const dataStart = at + 512;
    if (dataStart + size > tar.length) throw new DownloadError('the archive is truncated');
    const data = tar.subarray(dataStart, dataStart + size);
    at = dataStart + Math.ceil(size / 512) * 512;
    if (type === 'x') {
      longName = paxPath(data) ?? longName;
      continue;
    }
    if (type === 'L') {
      longName = cstr(data);
      continue;
    }
    longName = undefined;
    if (type === '0' || type === '\0' || type === '7') w.file(name, Buffer.from(data));
    else if (type === '5') w.dir(name);
    else if (type !== 'g' && type !== 'K') entryTarget(dest, name); // links and devices: checked, never written
  }
}

export function extractTarGz(gz: Buffer, dest: string, limits: DownloadLimits): void {
  let tar: Buffer;
  try {
    tar = zlib.gunzipSync(gz, { maxOutputLength: limits.maxUnpackedBytes + 1024 * 1024 });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new DownloadError(code === 'ERR_BUFFER_TOO_LARGE' ? `the archive unpacks to more than ${limits.maxUnpackedBytes} bytes; it is refused` : 'the archive is not valid gzip');
  }
  extractTar(tar, dest, limits);
}

/** Unpacks a zip (stored and deflated entries); symlinks are skipped, encrypted and zip64 archives refused. */
export function extractZip(zip: Buffer, dest: string, limits: DownloadLimits): void {
  const w = new Writer(dest, limits);
  let eocd = -1;
  for (let i = zip.length - 22; i >= Math.max(0, zip.length - 22 - 65535); i--) {
    if (zip.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new DownloadError('the archive is not a valid zip file');
  const count = zip.readUInt16LE(eocd + 10);
  let at = zip.readUInt32LE(eocd + 16);
  for (let n = 0; n < count; n++) {
    if (at + 46 > zip.length || zip.readUInt32LE(at) !== 0x02014b50) throw new DownloadError('the zip directory is corrupt');
    const flags = zip.readUInt16LE(at + 8);
    const method = zip.readUInt16LE(at + 10);
    const compSize = zip.readUInt32LE(at + 20);
    const size = zip.readUInt32LE(at + 24);
    const nameLen = zip.readUInt16LE(at + 28);
    const extraLen = zip.readUInt16LE(at + 30);
    const commentLen = zip.readUInt16LE(at + 32);
    const mode = zip.readUInt32LE(at + 38) >>> 16;
    const local = zip.readUInt32LE(at + 42);
    const name = zip.subarray(at + 46, at + 46 + nameLen).toString('utf8');
    at += 46 + nameLen + extraLen + commentLen;
    if (compSize === 0xffffffff || size === 0xffffffff || local === 0xffffffff) throw new DownloadError('zip64 archives are not supported');
    if (flags & 1) throw new DownloadError('the zip archive is encrypted');
    if (name.endsWith('/')) {
      w.dir(name);
      continue;
    }
    if ((mode & 0o170000) === 0o120000) {
      entryTarget(dest, name);
      continue; // a symlink: checked, never written
    }
    if (local + 30 > zip.length || zip.readUInt32LE(local) !== 0x04034b50) throw new DownloadError('the zip file is corrupt');
    const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    const raw = zip.subarray(start, start + compSize);
    if (size > limits.maxUnpackedBytes) throw new DownloadError(`the archive unpacks to more than ${limits.maxUnpackedBytes} bytes; it is refused`);
    let data: Buffer;
    if (method === 0) data = Buffer.from(raw);
    else if (method === 8) {
      try {
        data = zlib.inflateRawSync(raw, { maxOutputLength: Math.max(size, 1) });
      } catch {
        throw new DownloadError(`the zip entry ${JSON.stringify(name.slice(0, 200))} does not inflate to its declared size`);
      }
    } else throw new DownloadError(`the zip entry ${JSON.stringify(name.slice(0, 200))} uses compression method ${method}; only stored and deflated entries are supported`);
    w.file(name, data);
  }
}

export function extractArchive(kind: ArchiveKind, data: Buffer, dest: string, limits: DownloadLimits): void {
  if (kind === 'zip') extractZip(data, dest, limits);
  else if (kind === 'tar.gz') extractTarGz(data, dest, limits);
  else extractTar(data, dest, limits);
}
