export const EVENT_TYPES = {
  tollChargeRequested: 'TollChargeRequested',
  tollChargeResult: 'TollChargeResult',
} as const;
