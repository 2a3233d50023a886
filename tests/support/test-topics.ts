import type { Kafka } from 'kafkajs';
import { createKafka } from '../../src/bus/kafka-client.js';
import type { Settings } from '../../src/config/settings.js';
import { testLogger } from './integration.js';

/** Deletes every topic under the test's own prefix: those it created and those its commands did. */
export async function deleteTestTopics(
  settings: Settings,
  kafka: Kafka = createKafka(settings, testLogger('cleanup')),
): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const ours = (await admin.listTopics()).filter((t) => t.startsWith(settings.kafka.topicPrefix));
    await admin.deleteTopics({ topics: ours }).catch(() => undefined);
  } finally {
    await admin.disconnect();
  }
}
