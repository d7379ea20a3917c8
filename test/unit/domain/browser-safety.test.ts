import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const domainDir = resolve(__dirname, '..', '..', '..', 'lib', 'domain');

/** Every domain module an entry point imports, directly or not, and the packages they use. */
function importGraph(entry: string): { modules: Map<string, string>; packages: Set<string> } {
  const modules = new Map<string, string>();
  const packages = new Set<string>();
  const pending = [entry];
  for (let name = pending.pop(); name !== undefined; name = pending.pop()) {
    if (modules.has(name)) continue;
    const source = readFileSync(join(domainDir, `${name}.ts`), 'utf8');
    modules.set(name, source);
    for (const [, specifier = ''] of source.matchAll(/from '([^']+)'/g)) {
      if (specifier.startsWith('./')) pending.push(specifier.slice(2));
      else packages.add(specifier);
    }
  }
  return { modules, packages };
}

describe('the validation modules', () => {
  it.each(['validate-invoice', 'decode-invoice-payload', 'canonical-json'])(
    'run in a browser too: %s uses only zod, no node: module, Buffer or process',
    (entry) => {
      // Act
      const { modules, packages } = importGraph(entry);

      // Assess
      expect([...packages].filter((name) => name !== 'zod')).toEqual([]);
      for (const [name, source] of modules) {
        expect({ name, usesNodeGlobals: /\b(Buffer|process|require)\b/.test(source.replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '')) }).toEqual({
          name,
          usesNodeGlobals: false,
        });
      }
    },
  );
});
