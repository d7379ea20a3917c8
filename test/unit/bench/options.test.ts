import { parseBenchOptions, SECTIONS } from '../../../bench/options';

describe('parseBenchOptions', () => {
  it('runs the issue sizes by default: 100,000 invoices, batch sizes 100/500/1000, 1 and 5 consumers, concurrency 1/16/64', () => {
    const options = parseBenchOptions([]);

    expect(options).toMatchObject({ mode: 'full', invoices: 100_000, batchSizes: [100, 500, 1000], consumers: [1, 5], ingestConcurrency: [1, 16, 64] });
    expect(options.sections).toEqual([...SECTIONS]);
  });

  it('shrinks every size with --quick', () => {
    const options = parseBenchOptions(['--quick']);

    expect(options.mode).toBe('quick');
    expect(options.invoices).toBeLessThan(100_000);
    expect(options.ingestRequests(64)).toBeLessThan(parseBenchOptions([]).ingestRequests(64));
  });

  it('takes sizes as flags over the preset', () => {
    const options = parseBenchOptions(['--quick', '--n', '2000', '--batch-sizes', '500', '--consumers', '1,5', '--ingest-requests', '30', '--sections', 'limits,pipeline']);

    expect(options).toMatchObject({ invoices: 2000, batchSizes: [500], consumers: [1, 5], sections: ['limits', 'pipeline'] });
    expect(options.ingestRequests(64)).toBe(30);
  });

  it.each([
    [['--n', '0']],
    [['--batch-sizes', '100,x']],
    [['--sections', 'everything']],
    [['--transports', 'kafka,nats']],
    [['--unknown']],
  ])('refuses %j with a message', (argv) => {
    expect(() => parseBenchOptions(argv)).toThrow();
  });

  it('measures RabbitMQ beside Kafka unless told otherwise', () => {
    expect(parseBenchOptions([]).transports).toEqual(['kafka', 'rabbitmq']);
    expect(parseBenchOptions(['--transports', 'kafka']).transports).toEqual(['kafka']);
  });
});
