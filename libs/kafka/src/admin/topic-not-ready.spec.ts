import { isTopicNotReadyYet } from './topic-not-ready';

const kafkaError = (type: string) => Object.assign(new Error(type), { type });

describe('isTopicNotReadyYet', () => {
  it.each(['UNKNOWN_TOPIC_OR_PARTITION', 'LEADER_NOT_AVAILABLE', 'NOT_LEADER_FOR_PARTITION'])(
    'is true for %s (a new topic not served everywhere yet)',
    (type) => expect(isTopicNotReadyYet(kafkaError(type))).toBe(true),
  );

  it('is false for other broker errors and for anything that is not a Kafka error', () => {
    expect(isTopicNotReadyYet(kafkaError('TOPIC_AUTHORIZATION_FAILED'))).toBe(false);
    expect(isTopicNotReadyYet(new Error('UNKNOWN_TOPIC_OR_PARTITION'))).toBe(false);
    expect(isTopicNotReadyYet(undefined)).toBe(false);
  });
});
