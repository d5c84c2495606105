import { startSupervisor, SupervisedSystem } from './supervisor';

describe('npm start supervisor', () => {
  const calls: string[] = [];
  const workers = ['charge-worker-1'];
  const system: SupervisedSystem = {
    addWorker: async () => {
      workers.push(`charge-worker-${workers.length + 1}`);
      calls.push('add');
      return { name: workers[workers.length - 1], url: 'http://127.0.0.1:1' };
    },
    stopNewestWorker: async () => {
      calls.push('stop');
      return workers.length > 1 ? { name: workers.pop()! } : null;
    },
    stopBroker: async (id) => void calls.push(`stop-broker-${id}`),
    startBroker: async (id) => void calls.push(`start-broker-${id}`),
    brokerIds: () => [1, 2, 3],
  };
  let url: string;
  let close: () => void;

  beforeAll(async () => {
    const s = await startSupervisor(system);
    url = s.url;
    close = () => s.server.close();
  });
  afterAll(() => close());

  const post = (path: string, body: unknown) =>
    fetch(`${url}${path}`, {
      method: 'POST',
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });

  it('adds and stops workers, and starts and stops brokers it knows', async () => {
    expect((await post('/workers', { action: 'add' })).status).toBe(200);
    expect(await (await post('/workers', { action: 'stop' })).json()).toEqual({
      stopped: { name: 'charge-worker-2' },
    });
    expect((await post('/workers', { action: 'stop' })).status).toBe(409);
    expect((await post('/brokers', { action: 'stop', nodeId: 2 })).status).toBe(200);
    expect((await post('/brokers', { action: 'start', nodeId: 2 })).status).toBe(200);
    expect(calls).toEqual(['add', 'stop', 'stop', 'stop-broker-2', 'start-broker-2']);
  });

  it('refuses what it does not know with a clear 4xx and does nothing', async () => {
    const before = calls.length;
    expect((await post('/brokers', { action: 'stop', nodeId: 9 })).status).toBe(400);
    expect((await post('/workers', { action: 'explode' })).status).toBe(400);
    expect((await post('/workers', 'not json')).status).toBe(400);
    expect((await post('/nowhere', {})).status).toBe(404);
    expect((await fetch(`${url}/workers`)).status).toBe(405);
    expect(calls.length).toBe(before);
  });
});
