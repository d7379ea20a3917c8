/**
 * Where downloaded tools live: outside the repository, shared by every checkout, so a
 * second clone or a CI run on the same machine does not download Kafka again.
 * INVOICE_PIPELINE_CACHE overrides it.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';

export function toolCacheDir(...parts: string[]): string {
  const root = process.env.INVOICE_PIPELINE_CACHE ?? path.join(process.env.XDG_CACHE_HOME ?? path.join(homedir(), '.cache'), 'invoice-pipeline');
  const dir = path.join(root, ...parts);
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** A short digest of the files an install is made from; an install is redone when it changes. */
export function digestOf(...files: string[]): string {
  const hash = createHash('sha256');
  for (const file of files) hash.update(readFileSync(file));
  return hash.digest('hex').slice(0, 16);
}

/** True when `dir` holds a finished install of exactly this digest. */
export function isInstalled(dir: string, digest: string): boolean {
  const marker = path.join(dir, '.installed');
  return existsSync(marker) && readFileSync(marker, 'utf8').trim() === digest;
}

/** Records that `dir` holds a finished install of this digest (written last, so a half install is redone). */
export function markInstalled(dir: string, digest: string): void {
  writeFileSync(path.join(dir, '.installed'), `${digest}\n`);
}
