import { clusterId } from '../../../localstack/kafka/kafka-broker';

describe('the local Kafka cluster id', () => {
  it('is 22 base64url characters that never start with "-" (kafka-storage would read one as an option)', () => {
    const ids = Array.from({ length: 5000 }, () => clusterId());

    for (const id of ids) expect(id).toMatch(/^[A-Za-z0-9_][A-Za-z0-9_-]{21}$/);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
