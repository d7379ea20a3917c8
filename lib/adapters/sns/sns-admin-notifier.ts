/**
 * AdminNotifier on the SNS topic invoice-admin-alerts: one message per batch, with the
 * attribute category (String.Array) so a subscription can filter on it.
 */
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { buildAdminNotification } from '../../domain/admin-notification';
import { StoreUnavailableError } from '../../errors';
import type { AdminNotifier, QuarantinedItem } from '../../ports/admin-notifier';
import { AWS_CLIENT_OPTIONS } from '../aws-client-options';

export class SnsAdminNotifier implements AdminNotifier {
  constructor(
    private readonly topicArn: string,
    private readonly sns: SNSClient = new SNSClient(AWS_CLIENT_OPTIONS),
  ) {}

  async notifyQuarantined(items: QuarantinedItem[]): Promise<void> {
    if (items.length === 0) return;
    const notification = buildAdminNotification(items);
    try {
      await this.sns.send(
        new PublishCommand({
          TopicArn: this.topicArn,
          Subject: notification.subject,
          Message: JSON.stringify(notification.body),
          MessageAttributes: {
            category: { DataType: 'String.Array', StringValue: JSON.stringify(notification.categories) },
          },
        }),
      );
    } catch (error) {
      throw new StoreUnavailableError(`could not notify admins through SNS: ${(error as Error).message}`, error);
    }
  }
}
