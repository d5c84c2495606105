import { defaultReplication } from './replication-defaults';

describe('defaultReplication', () => {
  it('RF 3 / min ISR 2 from three brokers on, one copy on a laptop', () => {
    expect(defaultReplication(1)).toEqual({ replicationFactor: 1, minInsyncReplicas: 1 });
    expect(defaultReplication(2)).toEqual({ replicationFactor: 2, minInsyncReplicas: 1 });
    expect(defaultReplication(3)).toEqual({ replicationFactor: 3, minInsyncReplicas: 2 });
    expect(defaultReplication(5)).toEqual({ replicationFactor: 3, minInsyncReplicas: 2 });
  });
});
