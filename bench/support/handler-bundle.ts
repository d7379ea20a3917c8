/**
 * Bundles a module the way serverless-esbuild bundles the functions, with the options
 * of serverless.yml's custom.esbuild (minified, the AWS SDK left out as the Lambda
 * runtime provides it). Code run in-process by the bench is then the deployed code, and
 * ESM-only packages such as @middy/core load as they do in the zips.
 */
import { build } from 'esbuild';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';

const SERVERLESS_YML = path.resolve(__dirname, '..', '..', 'serverless.yml');

interface EsbuildSettings {
  minify?: boolean;
  keepNames?: boolean;
  sourcemap?: boolean;
  target?: string;
  exclude?: string[];
}

/**
 * @example
 * const file = await bundleLikeTheFunctions('bench/sections/ingest-entry.ts', '/tmp/x/ingest-entry.js');
 * require(file) // with NODE_PATH pointing at node_modules, for the AWS SDK
 */
export async function bundleLikeTheFunctions(entry: string, outfile: string): Promise<string> {
  const document = parse(readFileSync(SERVERLESS_YML, 'utf8'), { logLevel: 'silent' }) as { custom?: { esbuild?: EsbuildSettings } };
  const settings = document.custom?.esbuild ?? {};
  await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    minify: settings.minify ?? true,
    keepNames: settings.keepNames ?? true,
    sourcemap: settings.sourcemap ?? false,
    target: settings.target ?? 'node22',
    external: settings.exclude ?? ['@aws-sdk/*'],
    logLevel: 'silent',
  });
  return outfile;
}
