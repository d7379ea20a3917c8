/**
 * What the in-process ingest measure runs, in one bundle so the handlers and the bare
 * publish share one container's adapters, hence one producer, as in a Lambda container.
 */
export { handler as submitInvoice } from '../../handlers/http/submit-invoice';
export { handler as submitInvoiceBatch } from '../../handlers/http/submit-invoice-batch';
export { awsAdapters } from '../../lib/adapters/aws-adapters';
export { prepareRecord } from '../../lib/use-cases/invoice-record';
