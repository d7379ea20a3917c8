/**
 * What the in-process ingest measure runs, in one bundle: the two submit handlers built
 * over one set of adapters (the submit functions' own composition root), as one Lambda
 * container holds them, so the handlers and the bare publish share one producer.
 */
import { submitDeps } from '../../handlers/http/submit-deps';
import { createSubmitInvoiceHandler } from '../../handlers/http/submit-invoice';
import { createSubmitInvoiceBatchHandler } from '../../handlers/http/submit-invoice-batch';

const deps = submitDeps();
export const { publisher } = deps;
export const submitInvoice = createSubmitInvoiceHandler(deps);
export const submitInvoiceBatch = createSubmitInvoiceBatchHandler(deps);
export { prepareRecord } from '../../lib/use-cases/invoice-record';
