export {
  readDeadLetters,
  replayDeadLetters,
  describeDeadLetter,
  type StoredDeadLetter,
  type ReadDeadLettersOptions,
  type ReplayOutcome,
} from './dead-letter-store';
