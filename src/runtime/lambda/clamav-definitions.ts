import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { copyFile, mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  DeleteObjectCommand,
  GetObjectCommand,
  NoSuchKey,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';

/** Where the definitions live: a bucket and a key prefix (`clamav/`). */
export interface DefinitionsLocation {
  readonly s3: S3Client;
  readonly bucket: string;
  readonly prefix: string;
}

/** One database file as the manifest lists it. */
export interface DefinitionsFile {
  readonly name: string;
  readonly sha256: string;
  readonly size: number;
}

/**
 * `<prefix>manifest.json`, written last by every refresh: a scan container downloads exactly these
 * files (checking their sha256, so a refresh half-way through its uploads is never loaded as a
 * mix), and `checkedAt` dates the definitions for the age metric and its alarm.
 */
export interface DefinitionsManifest {
  /** Epoch ms of the last refresh that completed (whether or not ClamAV had published anything new). */
  readonly checkedAt: number;
  readonly files: readonly DefinitionsFile[];
}

/** Brings a directory of ClamAV databases up to date (freshclam on AWS, a directory copy in tests). */
export interface DefinitionsSource {
  readonly name: string;
  update(dir: string): Promise<void>;
}

const MANIFEST = 'manifest.json';
/** freshclam's own state files and anything temporary are not definitions. */
const NOT_DEFINITIONS = /^(\.|freshclam\.dat$|mirrors\.dat$|tmp\.|clamav-)|\.tmp$/;

/** The manifest, or null when no refresh has completed yet. */
export async function readManifest(at: DefinitionsLocation): Promise<DefinitionsManifest | null> {
  try {
    const out = await at.s3.send(new GetObjectCommand({ Bucket: at.bucket, Key: `${at.prefix}${MANIFEST}` }));
    const parsed = JSON.parse((await out.Body?.transformToString()) ?? '') as DefinitionsManifest;
    if (!Number.isFinite(parsed.checkedAt) || !Array.isArray(parsed.files))
      throw new Error(`s3://${at.bucket}/${at.prefix}${MANIFEST} is not a definitions manifest`);
    return parsed;
  } catch (error) {
    if (error instanceof NoSuchKey || (error as { name?: string }).name === 'NoSuchKey') return null;
    throw error;
  }
}

/**
 * Downloads the definitions the manifest lists into `dir`, checking each file's sha256. Returns
 * the manifest, or null when the bucket has none yet (the caller keeps the image's own database).
 */
export async function loadDefinitions(
  at: DefinitionsLocation,
  dir: string,
): Promise<DefinitionsManifest | null> {
  const manifest = await readManifest(at);
  if (manifest === null) return null;
  await mkdir(dir, { recursive: true });
  await Promise.all(
    manifest.files.map(async (file) => {
      const out = await at.s3.send(
        new GetObjectCommand({ Bucket: at.bucket, Key: `${at.prefix}${file.name}` }),
      );
      const path = join(dir, file.name);
      await pipeline(out.Body as Readable, createWriteStream(path));
      const sha256 = await sha256Of(path);
      if (sha256 !== file.sha256)
        throw new Error(
          `Definitions file ${file.name} has sha256 ${sha256}, the manifest says ${file.sha256}: a refresh is probably writing it; the next container loads the new set.`,
        );
    }),
  );
  return manifest;
}

/** What a refresh changed. */
export interface RefreshOutcome {
  readonly manifest: DefinitionsManifest;
  readonly uploaded: readonly string[];
  readonly removed: readonly string[];
}

/**
 * One refresh: the bucket's current set goes into `workDir` first (so freshclam fetches only the
 * differences, as ClamAV's mirrors ask), the source updates it, changed files are uploaded and
 * vanished ones deleted, and the manifest is written last.
 */
export async function refreshDefinitions(
  at: DefinitionsLocation,
  source: DefinitionsSource,
  workDir: string,
  now: () => number,
): Promise<RefreshOutcome> {
  await rm(workDir, { recursive: true, force: true });
  await mkdir(workDir, { recursive: true });
  const previous = await loadDefinitions(at, workDir).catch(() => null);
  await source.update(workDir);
  const files: DefinitionsFile[] = [];
  for (const name of (await readdir(workDir)).sort()) {
    const path = join(workDir, name);
    if (NOT_DEFINITIONS.test(name) || !(await stat(path)).isFile()) continue;
    files.push({ name, sha256: await sha256Of(path), size: (await stat(path)).size });
  }
  if (files.length === 0)
    throw new Error(
      `The ${source.name} source left no definitions in ${workDir}; the bucket keeps the last set.`,
    );
  const before = new Map((previous?.files ?? []).map((f) => [f.name, f.sha256]));
  const uploaded = files.filter((f) => before.get(f.name) !== f.sha256).map((f) => f.name);
  for (const name of uploaded)
    await at.s3.send(
      new PutObjectCommand({
        Bucket: at.bucket,
        Key: `${at.prefix}${name}`,
        Body: await readFile(join(workDir, name)),
      }),
    );
  const manifest: DefinitionsManifest = { checkedAt: now(), files };
  await at.s3.send(
    new PutObjectCommand({
      Bucket: at.bucket,
      Key: `${at.prefix}${MANIFEST}`,
      Body: JSON.stringify(manifest),
      ContentType: 'application/json',
    }),
  );
  // Deleted after the new manifest is in place: a container loading the old one meanwhile fails
  // its sha256 check at worst, never loads half a set.
  const current = new Set(files.map((f) => f.name));
  const removed = [...before.keys()].filter((name) => !current.has(name));
  for (const name of removed)
    await at.s3.send(new DeleteObjectCommand({ Bucket: at.bucket, Key: `${at.prefix}${name}` }));
  return { manifest, uploaded, removed };
}

/** Definitions copied from a local directory (a mirror made with ClamAV's `cvdupdate`, or a test database). */
export function directorySource(from: string): DefinitionsSource {
  return {
    name: `directory ${from}`,
    async update(dir) {
      for (const name of await readdir(from))
        if ((await stat(join(from, name))).isFile()) await copyFile(join(from, name), join(dir, name));
    },
  };
}

/** ClamAV's `freshclam`, run once in the foreground against `dir` (network access to ClamAV's mirrors). */
export function freshclamSource(binary = '/usr/bin/freshclam'): DefinitionsSource {
  return {
    name: 'freshclam',
    async update(dir) {
      const config = join(dir, '..', 'freshclam.conf');
      await writeFile(
        config,
        ['DatabaseMirror database.clamav.net', `DatabaseDirectory ${dir}`, 'Foreground yes', ''].join('\n'),
      );
      await new Promise<void>((resolve, reject) => {
        let stderr = '';
        const child = spawn(binary, ['--stdout', `--config-file=${config}`, `--datadir=${dir}`], {
          stdio: ['ignore', 'inherit', 'pipe'],
        });
        child.stderr?.on('data', (d: Buffer) => {
          stderr = (stderr + d.toString()).slice(-2000);
        });
        child.once('error', reject);
        child.once('exit', (code) =>
          code === 0 ? resolve() : reject(new Error(`freshclam exited with ${code}: ${stderr.trim()}`)),
        );
      });
    },
  };
}

/**
 * A copy of clamd.conf with `DatabaseDirectory` pointing at `dbDir`: the image's configuration
 * stays as built, only the database comes from the bucket.
 */
export async function clamdConfigWithDatabase(
  baseConfig: string,
  dbDir: string,
  out: string,
): Promise<string> {
  const lines = (await readFile(baseConfig, 'utf8'))
    .split('\n')
    .filter((line) => !/^\s*DatabaseDirectory\s/.test(line));
  await writeFile(out, [...lines.filter((l) => l !== ''), `DatabaseDirectory ${dbDir}`, ''].join('\n'));
  return out;
}

async function sha256Of(path: string): Promise<string> {
  const hash = createHash('sha256');
  await pipeline(createReadStream(path), hash);
  return hash.digest('hex');
}
