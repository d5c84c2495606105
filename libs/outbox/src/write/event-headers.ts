import { eventEnvelopeHeaders } from '@paystream/contracts';

/**
 * @deprecated The one builder is `eventEnvelopeHeaders` from @paystream/contracts, given
 * the event's contract (`...TOLL_CHARGE_REQUESTED_V1`). This name stays only while
 * apps/outbox-relay's test fixtures still import it; remove it once they do not.
 */
export const eventHeaders = eventEnvelopeHeaders;
