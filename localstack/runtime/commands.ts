/** Runs an install-time command to completion, with its output kept for the error message. */
import { spawn } from 'node:child_process';

/** Resolves with the command's output; rejects with its last lines when it fails. */
export function runCommand(command: string, args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd, env: options.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('error', (error) => reject(new Error(`${command} could not be run: ${error.message}`)));
    child.once('exit', (code) => {
      if (code === 0) resolve(output);
      else reject(new Error(`${command} ${args.join(' ')} failed (exit ${code}):\n${output.split('\n').slice(-30).join('\n')}`));
    });
  });
}

/**
 * Copies the dependencies a pom declares (jars, native libraries) into outDir with Maven,
 * from Maven Central.
 */
export async function fetchMavenDependencies(pomFile: string, outDir: string): Promise<void> {
  await runCommand('mvn', ['-q', '-B', '-f', pomFile, 'dependency:copy-dependencies', `-DoutputDirectory=${outDir}`]);
}
