/**
 * GET /admin: the admin console, one static HTML page (script and style inline). It needs
 * no key: the page asks for the admin key and sends it with every API call it makes.
 * The page is generated from admin-console/src by admin-console/build.ts into a module,
 * so esbuild bundles it into this function like any import: nothing is read at run time.
 */
import type { APIGatewayProxyResult } from 'aws-lambda';
import { CONSOLE_CSP, CONSOLE_HTML } from '../../admin-console/dist/console-page';

const response: APIGatewayProxyResult = {
  statusCode: 200,
  headers: {
    'content-type': 'text/html; charset=utf-8',
    'content-security-policy': CONSOLE_CSP,
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
    'referrer-policy': 'no-referrer',
    // Revalidate on every load, so a deploy's new console replaces the old one at once.
    'cache-control': 'no-cache',
  },
  body: CONSOLE_HTML,
};

/** Answers the console page; the same bytes for every request. */
export function handler(): Promise<APIGatewayProxyResult> {
  return Promise.resolve(response);
}
