/**
 * Entry point of one consumer-group member process, started by the plugin. Running each
 * member in its own process means killing one (even with kill -9) behaves like losing a
 * Lambda poller: the group rebalances and its partitions move to the others.
 */
import { KafkaTriggerMember, type TriggerLogLine } from './kafka-trigger-member';
import { lambdaResultInvoker } from '../offline-lambda-invoker';
import type { TriggerSettings } from './trigger-settings';

interface MemberSpec {
  memberId: string;
  lambdaEndpoint: string;
  triggers: TriggerSettings[];
}

async function main(): Promise<void> {
  const spec = JSON.parse(process.env.KAFKA_TRIGGER_MEMBER_SPEC ?? '') as MemberSpec;
  const log = (line: TriggerLogLine) => process.stdout.write(`${JSON.stringify({ trigger: 'kafka', ...line })}\n`);
  const members = spec.triggers.map(
    (settings) =>
      new KafkaTriggerMember({
        memberId: spec.memberId,
        settings,
        invoke: lambdaResultInvoker(spec.lambdaEndpoint, settings.functionName),
        log,
      }),
  );
  const stop = async () => {
    await Promise.allSettled(members.map((member) => member.stop()));
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop());
  process.on('SIGINT', () => void stop());
  process.on('disconnect', () => void stop());
  await Promise.all(members.map((member) => member.start()));
}

main().catch((error: unknown) => {
  process.stderr.write(`kafka trigger member failed to start: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
