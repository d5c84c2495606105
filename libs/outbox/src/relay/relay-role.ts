/** standby: waiting for the advisory lock; active: holds it and publishes; stopped: shut down. */
export type RelayRole = 'starting' | 'standby' | 'active' | 'stopped';
