/** Which Python LocalStack's virtualenv is made with, and what a machine without one is told. */
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { installHint, pythonCandidates, readOsRelease } from '../../../localstack/aws/python-interpreter';

describe('the Python for LocalStack', () => {
  it('tries LOCALSTACK_PYTHON first, then 3.13, 3.12 and 3.11 by name, then pyenv\'s 3.11+ newest first, then python3', () => {
    // Prepare: a pyenv root with versions old and new
    const root = mkdtempSync(path.join(tmpdir(), 'pyenv-'));
    for (const version of ['3.9.18', '3.11.7', '3.12.1', '3.13.0', '3.10.13']) mkdirSync(path.join(root, 'versions', version), { recursive: true });

    // Act
    const candidates = pythonCandidates({ LOCALSTACK_PYTHON: '/opt/py/bin/python3', PYENV_ROOT: root });

    // Assess
    expect(candidates).toEqual([
      '/opt/py/bin/python3',
      'python3.13',
      'python3.12',
      'python3.11',
      path.join(root, 'versions', '3.13.0', 'bin', 'python3'),
      path.join(root, 'versions', '3.12.1', 'bin', 'python3'),
      path.join(root, 'versions', '3.11.7', 'bin', 'python3'),
      'python3',
    ]);
  });

  it.each([
    [{ id: 'debian', idLike: '' }, 'sudo apt-get install python3 python3-venv'],
    [{ id: 'ubuntu', idLike: 'debian' }, 'sudo apt-get install python3 python3-venv'],
    [{ id: 'linuxmint', idLike: 'ubuntu debian' }, 'sudo apt-get install python3 python3-venv'],
    [{ id: 'fedora', idLike: '' }, 'sudo dnf install python3'],
    [{ id: 'rocky', idLike: 'rhel centos fedora' }, 'sudo dnf install python3'],
  ])('names the one command that installs it on %j', (os, command) => {
    expect(installHint(os)).toContain(command);
  });

  it('reads the distribution from os-release', () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'os-')), 'os-release');
    writeFileSync(file, 'PRETTY_NAME="Ubuntu 24.04 LTS"\nID=ubuntu\nID_LIKE=debian\nVERSION_ID="24.04"\n');

    expect(readOsRelease(file)).toEqual({ id: 'ubuntu', idLike: 'debian' });
    expect(readOsRelease(path.join(path.dirname(file), 'missing'))).toEqual({ id: '', idLike: '' });
  });
});
