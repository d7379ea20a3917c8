/**
 * What the Kafka-triggered functions (validateInvoices and settleFailedRecords) work with,
 * built once per container: the stores, the invalid channel, and who the validator is.
 */
import { awsAdapters } from '../../lib/adapters/aws-adapters';
import { getConfig } from '../../lib/config';
import { INFRASTRUCTURE } from '../../lib/infrastructure';
import type { ValidateBatchDeps } from '../../lib/use-cases/validate-invoice-batch';

export function validatorDeps(): ValidateBatchDeps {
  const config = getConfig();
  return {
    invoiceStore: awsAdapters.invoiceStore(),
    invalidChannel: awsAdapters.invalidChannel(),
    messageLog: awsAdapters.messageLog(),
    now: () => new Date(),
    validator: { name: config.SERVICE_NAME, version: config.SERVICE_VERSION },
    maxPayloadBytes: INFRASTRUCTURE.http.maxBodyBytes,
  };
}
