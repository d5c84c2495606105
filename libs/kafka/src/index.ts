export * from './client';
export * from './producer';
export * from './consumer';
export * from './admin';
export * from './dead-letters';
export * from './nest';
