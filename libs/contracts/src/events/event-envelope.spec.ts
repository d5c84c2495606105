import { HEADERS, JSON_CONTENT_TYPE } from '../headers';
import { eventEnvelopeHeaders } from './event-envelope';
import { TOLL_CHARGE_REQUESTED_V1, tollChargeRequestedV1Schema } from './toll-charge-requested.v1';
import { TOLL_CHARGE_RESULT_V1, tollChargeResultV1Schema } from './toll-charge-result.v1';

describe('eventEnvelopeHeaders', () => {
  const occurredAt = new Date('2026-01-02T03:04:05.678Z');

  it('writes every standard header, the schema version taken from the contract', () => {
    expect(
      eventEnvelopeHeaders({
        ...TOLL_CHARGE_RESULT_V1,
        eventId: 'e-1',
        occurredAt,
        traceparent: '00-abc-def-01',
      }),
    ).toEqual({
      [HEADERS.eventId]: 'e-1',
      [HEADERS.eventType]: 'TollChargeResult',
      [HEADERS.schemaVersion]: '1',
      [HEADERS.occurredAt]: '2026-01-02T03:04:05.678Z',
      [HEADERS.contentType]: JSON_CONTENT_TYPE,
      [HEADERS.traceparent]: '00-abc-def-01',
    });
  });

  it('leaves traceparent out when the event had no request behind it', () => {
    const headers = eventEnvelopeHeaders({
      ...TOLL_CHARGE_REQUESTED_V1,
      eventId: 'e-2',
      occurredAt,
    });
    expect(headers).not.toHaveProperty(HEADERS.traceparent);
    expect(headers[HEADERS.eventType]).toBe('TollChargeRequested');
  });

  it("each contract's version is the one its schema accepts", () => {
    expect(TOLL_CHARGE_REQUESTED_V1.schemaVersion).toBe(
      tollChargeRequestedV1Schema.shape.schemaVersion.value,
    );
    expect(TOLL_CHARGE_RESULT_V1.schemaVersion).toBe(
      tollChargeResultV1Schema.shape.schemaVersion.value,
    );
  });
});
