import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { lambdaResultInvoker } from '../../localstack/offline-lambda-invoker';

interface FakeResponse {
  status: number;
  headers?: Record<string, string>;
  body: string;
}

/** Answers like serverless-offline's Lambda Invoke API and records the paths it was called on. */
async function fakeLambdaApi(response: FakeResponse): Promise<{ endpoint: string; paths: string[]; server: Server }> {
  const paths: string[] = [];
  const server = createServer((request, reply) => {
    paths.push(request.url ?? '');
    request.resume().on('end', () => reply.writeHead(response.status, response.headers).end(response.body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, paths, server };
}

describe('lambdaResultInvoker', () => {
  const servers: Server[] = [];

  afterEach(async () => {
    await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
  });

  it('returns the parsed result of the function, called by its deployed name', async () => {
    // Prepare
    const api = await fakeLambdaApi({ status: 200, body: '{"batchItemFailures":[{"itemIdentifier":"m-2"}]}' });
    servers.push(api.server);

    // Act
    const result = await lambdaResultInvoker(api.endpoint, 'svc-local-quarantineInvalid')({ Records: [] });

    // Assess
    expect(result).toEqual({ batchItemFailures: [{ itemIdentifier: 'm-2' }] });
    expect(api.paths).toEqual(['/2015-03-31/functions/svc-local-quarantineInvalid/invocations']);
  });

  it('returns undefined when the function returned nothing', async () => {
    const api = await fakeLambdaApi({ status: 200, body: '' });
    servers.push(api.server);

    await expect(lambdaResultInvoker(api.endpoint, 'f')({ Records: [] })).resolves.toBeUndefined();
  });

  it('rejects with the error message when the function failed', async () => {
    const api = await fakeLambdaApi({
      status: 200,
      headers: { 'x-amz-function-error': 'Unhandled' },
      body: '{"errorMessage":"store unavailable","errorType":"Error"}',
    });
    servers.push(api.server);

    await expect(lambdaResultInvoker(api.endpoint, 'f')({ Records: [] })).rejects.toThrow('f failed (Unhandled): store unavailable');
  });

  it('rejects when the function does not exist', async () => {
    const api = await fakeLambdaApi({ status: 404, body: '{"Message":"Function not found: f","Type":"User"}' });
    servers.push(api.server);

    await expect(lambdaResultInvoker(api.endpoint, 'f')({ Records: [] })).rejects.toThrow('Function not found: f');
  });
});
