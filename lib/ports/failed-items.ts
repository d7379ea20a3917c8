/**
 * What a batch write could not do: the items that did not land, by their index in the
 * batch, each with the error that kept it out. Empty: every item was written. Callers
 * retry or report the failed items alone instead of failing the whole batch.
 */
export type FailedItems = ReadonlyMap<number, Error>;
