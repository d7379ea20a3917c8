/**
 * The errors the application raises on purpose. Each says whether retrying the
 * same work later may succeed (`retriable`), which is the line between "fail the
 * batch so it is retried" and "the input is wrong".
 */
export class PipelineError extends Error {
  readonly retriable: boolean;

  constructor(message: string, options: { retriable: boolean; cause?: unknown }) {
    super(message, { cause: options.cause });
    this.name = new.target.name;
    this.retriable = options.retriable;
  }
}

/** The broker did not take a record in time; the caller should retry later. */
export class PublisherUnavailableError extends PipelineError {
  constructor(message: string, cause?: unknown) {
    super(message, { retriable: true, cause });
  }
}

/** A store (DynamoDB, SQS, SNS) failed; the work must be retried, never skipped. */
export class StoreUnavailableError extends PipelineError {
  constructor(message: string, cause?: unknown) {
    super(message, { retriable: true, cause });
  }
}

/**
 * A store refused this item as it is (DynamoDB's ValidationException, say): the same write
 * will fail again however often it is retried, so the validator quarantines the record as
 * PROCESSING_FAILED for an admin instead of holding its partition until the mapping gives up.
 */
export class StoreRejectedError extends PipelineError {
  constructor(message: string, cause?: unknown) {
    super(message, { retriable: false, cause });
  }
}

/** The request body cannot be an invoice submission (not JSON, not an object); the client must fix it. */
export class InvalidSubmissionError extends PipelineError {
  constructor(message: string) {
    super(message, { retriable: false });
  }
}

/** The caller may not submit invoices of this issuer; nothing was published. */
export class IssuerNotAllowedError extends PipelineError {
  constructor(
    message: string,
    readonly issuerTaxId: string,
    readonly allowedIssuers: readonly string[],
  ) {
    super(message, { retriable: false });
  }
}

/** The thing asked for does not exist. */
export class NotFoundError extends PipelineError {
  constructor(message: string) {
    super(message, { retriable: false });
  }
}

/** The request conflicts with the current state (an entry no longer PENDING, say). */
export class ConflictError extends PipelineError {
  constructor(message: string) {
    super(message, { retriable: false });
  }
}

/** A resend was refused because the invoice still breaks the contract; nothing was sent. */
export class ResendRejectedError extends PipelineError {
  constructor(
    message: string,
    readonly reasons: ReadonlyArray<{ category: string; code: string; path: string; message: string }>,
  ) {
    super(message, { retriable: false });
  }
}

/** The request is well-formed JSON but a required part is missing or wrong. */
export class BadRequestError extends PipelineError {
  constructor(message: string) {
    super(message, { retriable: false });
  }
}
