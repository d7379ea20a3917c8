/**
 * The HTTP-level checks on a JSON body, before any parsing: the content type says JSON
 * (415 otherwise) and the body fits the size limit (413 otherwise). A route whose body is
 * optional (an admin resend without a correction) passes an empty body unchecked.
 */
import type { MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { HttpProblem } from '../http/problem';
import { rawBody } from '../http/raw-body';

export function jsonBodyLimits(options: { maxBytes: number; optional?: boolean }): MiddlewareObj<APIGatewayProxyEvent, APIGatewayProxyResult> {
  const jsonBodyLimitsBefore: MiddlewareObj<APIGatewayProxyEvent, APIGatewayProxyResult>['before'] = (request) => {
    if (options.optional && rawBody(request.event).length === 0) return;
    const contentType = request.event.headers?.['content-type'] ?? '';
    if (!isJsonMediaType(contentType)) {
      throw new HttpProblem(
        415,
        'Unsupported Media Type',
        `Send the invoice as JSON with the header Content-Type: application/json (got ${contentType ? `'${contentType}'` : 'no Content-Type'}).`,
      );
    }
    const size = rawBody(request.event).length;
    if (size > options.maxBytes) {
      throw new HttpProblem(
        413,
        'Content Too Large',
        `The body is ${size} bytes; the limit is ${options.maxBytes} bytes (${options.maxBytes / 1024} KiB). Split the batch or shrink the document.`,
        { extensions: { limitBytes: options.maxBytes, sizeBytes: size } },
      );
    }
  };
  return { before: jsonBodyLimitsBefore };
}

function isJsonMediaType(contentType: string): boolean {
  const mediaType = contentType.split(';')[0]?.trim().toLowerCase() ?? '';
  return mediaType === 'application/json' || /^application\/[\w.+-]+\+json$/.test(mediaType);
}
