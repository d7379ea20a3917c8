import type { QuarantinedSummary } from '../domain/admin-notification';

export type QuarantinedItem = QuarantinedSummary;

/** Tells admins that invalid invoices wait for them (SNS invoice-admin-alerts in production). */
export interface AdminNotifier {
  /** One notification for the whole list; rejects when it was not published. */
  notifyQuarantined(items: QuarantinedItem[]): Promise<void>;
}
