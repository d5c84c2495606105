import { kraftServerProperties, newClusterId } from './kraft-config';

const parse = (text: string) =>
  Object.fromEntries(
    text
      .trim()
      .split('\n')
      .map((line) => line.split(/=(.*)/s).slice(0, 2)),
  );

const nodes = [
  { id: 1, port: 9001, controllerPort: 9101 },
  { id: 2, port: 9002, controllerPort: 9102 },
  { id: 3, port: 9003, controllerPort: 9103 },
];

describe('kraftServerProperties', () => {
  it('makes a three-node cluster safe for money: RF 3, min ISR 2, no unclean election', () => {
    const props = parse(kraftServerProperties({ node: nodes[1], nodes, logDir: '/d' }));
    expect(props).toMatchObject({
      'process.roles': 'broker,controller',
      'node.id': '2',
      'controller.quorum.voters': '1@127.0.0.1:9101,2@127.0.0.1:9102,3@127.0.0.1:9103',
      listeners: 'PLAINTEXT://127.0.0.1:9002,CONTROLLER://127.0.0.1:9102',
      'default.replication.factor': '3',
      'min.insync.replicas': '2',
      'offsets.topic.replication.factor': '3',
      'transaction.state.log.replication.factor': '3',
      'transaction.state.log.min.isr': '2',
      'unclean.leader.election.enable': 'false',
      'auto.create.topics.enable': 'false',
      'group.initial.rebalance.delay.ms': '0',
    });
  });

  it('lets a one-node cluster work: everything replicated once', () => {
    const props = parse(kraftServerProperties({ node: nodes[0], nodes: [nodes[0]], logDir: '/d' }));
    expect(props).toMatchObject({
      'controller.quorum.voters': '1@127.0.0.1:9101',
      'default.replication.factor': '1',
      'min.insync.replicas': '1',
      'offsets.topic.replication.factor': '1',
      'transaction.state.log.min.isr': '1',
    });
  });
});

describe('newClusterId', () => {
  it('is 22 url-safe characters and never starts with a dash', () => {
    let calls = 0;
    const id = newClusterId((size) => Buffer.alloc(size, calls++ === 0 ? 0xfb : 0x41));
    expect(id).toMatch(/^[A-Za-z0-9_][A-Za-z0-9_-]{21}$/);
  });
});
