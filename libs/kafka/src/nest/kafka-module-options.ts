/** What `KafkaModule.forRoot` needs from the app's config. */
export interface KafkaModuleOptions {
  clientId: string;
  brokers: string[];
  /** Also provide a connected admin client under KAFKA_ADMIN (for group views). */
  admin?: boolean;
}
