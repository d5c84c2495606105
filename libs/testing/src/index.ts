export * from './random-name';
export * from './net';
export * from './wait/wait-until';
export * from './apps/app-process';
export * from './kafka';
