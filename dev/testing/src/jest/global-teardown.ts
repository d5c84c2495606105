import { clearInfraHandles, infraHandles } from './infra-handles';

/** Stops only what the global setup started; servers that were already running stay. */
export default async function globalTeardown(): Promise<void> {
  const { kafka, postgres, redis } = infraHandles();
  await Promise.allSettled([kafka?.stop(), postgres?.stop(), redis?.stop()]);
  clearInfraHandles();
}
