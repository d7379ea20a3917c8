/**
 * The page GET /admin serves: generated from admin-console/src, up to date with it, its
 * Content-Security-Policy allowing exactly its inline script and style, and its browser
 * code type-checked against the DOM (the root tsconfig leaves the DOM out).
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { buildConsolePage, GENERATED_MODULE, generatedModule } from '../../../admin-console/build-page';
import { CONSOLE_CSP, CONSOLE_HTML } from '../../../admin-console/dist/console-page';
import { handler } from '../../../handlers/admin/admin-console';

const sha256 = (text: string) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

describe('the admin console page', () => {
  it('is up to date with its sources (else run: node --import tsx admin-console/build.ts)', async () => {
    // Act
    const wanted = generatedModule(await buildConsolePage());

    // Assess
    expect(readFileSync(GENERATED_MODULE, 'utf8') === wanted).toBe(true);
  });

  it('is served as HTML with a policy that allows its own inline script and style only', async () => {
    // Act
    const response = await handler();

    // Assess
    const scripts = [...CONSOLE_HTML.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((match) => match[1] ?? '');
    const styles = [...CONSOLE_HTML.matchAll(/<style>([\s\S]*?)<\/style>/g)].map((match) => match[1] ?? '');
    expect(response).toMatchObject({ statusCode: 200, body: CONSOLE_HTML });
    expect(response.headers).toMatchObject({ 'content-type': 'text/html; charset=utf-8', 'content-security-policy': CONSOLE_CSP });
    expect(scripts).toHaveLength(1);
    expect(styles).toHaveLength(1);
    const policy = new Map(CONSOLE_CSP.split('; ').map((directive) => [directive.split(' ')[0], directive.split(' ').slice(1)]));
    expect(policy.get('script-src')).toEqual([sha256(scripts[0] ?? '')]);
    expect(policy.get('style-src')).toEqual([sha256(styles[0] ?? '')]);
    expect(policy.get('connect-src')).toEqual(["'self'"]);
    expect(policy.get('default-src')).toEqual(["'none'"]);
  });

  it('has no inline event handler or style attribute, which the policy would block', () => {
    // Act
    const markup = CONSOLE_HTML.replace(/<script>[\s\S]*?<\/script>|<style>[\s\S]*?<\/style>/g, '');

    // Assess
    expect(markup).not.toMatch(/\son[a-z]+=|\sstyle=/i);
  });

  it('has browser code that type-checks against the DOM', () => {
    // Prepare
    const configFile = path.join(__dirname, '..', '..', '..', 'admin-console', 'tsconfig.json');
    const config = ts.getParsedCommandLineOfConfigFile(configFile, {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: (diagnostic) => { throw new Error(ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n')); } });
    if (!config) throw new Error(`Cannot read ${configFile}`);

    // Act
    const diagnostics = ts.getPreEmitDiagnostics(ts.createProgram(config.fileNames, config.options));

    // Assess
    expect(diagnostics.map((diagnostic) => ts.formatDiagnostic(diagnostic, { getCanonicalFileName: (name) => name, getCurrentDirectory: () => process.cwd(), getNewLine: () => '\n' }))).toEqual([]);
  }, 60_000);
});
