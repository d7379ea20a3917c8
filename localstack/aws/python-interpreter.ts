/**
 * The Python that LocalStack's virtualenv is made with. LocalStack 4.13.1 runs on 3.11, 3.12
 * and 3.13 (4.14.0 imports warnings.deprecated, which only 3.13 has), so Debian 12's and
 * Ubuntu 24.04's own python3 do. Looked for in order: LOCALSTACK_PYTHON, python3.13/3.12/3.11
 * on the PATH, the versions pyenv installed (its shims refuse versions that are not selected,
 * so look behind them), then python3. It must also make virtualenvs: Debian and Ubuntu ship
 * that part apart, in python3-venv.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import { runCommand } from '../runtime/commands';

export const MIN_PYTHON = [3, 11] as const;
const CHECK = `import sys, venv, ensurepip; sys.exit(0 if sys.version_info >= (${MIN_PYTHON.join(', ')}) else 1)`;

export async function findPython(env: NodeJS.ProcessEnv = process.env): Promise<string> {
  for (const candidate of pythonCandidates(env)) {
    const usable = await runCommand(candidate, ['-c', CHECK])
      .then(() => true)
      .catch(() => false);
    if (usable) return candidate;
  }
  throw new Error(
    `LocalStack needs Python ${MIN_PYTHON.join('.')} or newer with venv, and none was found. ${installHint(readOsRelease())} ` +
      'Or set LOCALSTACK_PYTHON to an interpreter, or run the Docker stack in localstack/docker-compose.yml.',
  );
}

export function pythonCandidates(env: NodeJS.ProcessEnv): string[] {
  const pyenvVersions = path.join(env.PYENV_ROOT ?? path.join(homedir(), '.pyenv'), 'versions');
  const fromPyenv = existsSync(pyenvVersions)
    ? readdirSync(pyenvVersions)
        .filter((version) => /^3\.(1[1-9])\.\d+$/.test(version))
        .sort((a, b) => b.localeCompare(a, 'en', { numeric: true }))
        .map((version) => path.join(pyenvVersions, version, 'bin', 'python3'))
    : [];
  return [env.LOCALSTACK_PYTHON, 'python3.13', 'python3.12', 'python3.11', ...fromPyenv, 'python3'].filter((candidate): candidate is string => Boolean(candidate));
}

/** The fields of /etc/os-release that name the distribution (empty elsewhere, macOS say). */
export function readOsRelease(file = '/etc/os-release'): { id: string; idLike: string } {
  const text = existsSync(file) ? readFileSync(file, 'utf8') : '';
  const field = (name: string) => new RegExp(`^${name}="?([^"\\n]*)"?$`, 'm').exec(text)?.[1] ?? '';
  return { id: field('ID'), idLike: field('ID_LIKE') };
}

/**
 * The one command that gets a usable Python on this distribution.
 *
 * @example
 * installHint({ id: 'debian', idLike: '' }) // 'Install it with: sudo apt-get install python3 python3-venv.'
 */
export function installHint(os: { id: string; idLike: string }): string {
  const family = `${os.id} ${os.idLike}`;
  if (/\b(debian|ubuntu)\b/.test(family)) return 'Install it with: sudo apt-get install python3 python3-venv.';
  if (/\b(fedora|rhel|centos)\b/.test(family)) return 'Install it with: sudo dnf install python3.';
  if (/\barch\b/.test(family)) return 'Install it with: sudo pacman -S python.';
  if (/\b(alpine)\b/.test(family)) return 'Install it with: sudo apk add python3.';
  if (process.platform === 'darwin') return 'Install it with: brew install python@3.12.';
  return 'Install Python 3.11 or newer with its venv module from your system\'s packages.';
}
