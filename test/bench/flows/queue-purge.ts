import { RegionBroker } from '../../../services/core/broker.ts';
import { CONSUMERS, consumerQueueNames, parkingQueue } from '../../../services/core/topology.ts';

// Empties the consumers' work, retry and overflow queues before a measurement. An interrupted
// run leaves its backlog there, and the next run's worker would handle it against simulators
// that are gone, inside the next run's figures. Parking queues keep their messages for admins.
// Returns how many messages were removed.
export async function purgeConsumerQueues(region: string): Promise<number> {
  const broker = await RegionBroker.connect(region);
  let purged = 0;
  try {
    for (const { queue } of Object.values(CONSUMERS)) {
      for (const name of consumerQueueNames(queue)) {
        if (name === parkingQueue(queue)) continue;
        purged += (await broker.publisher.purgeQueue(name)).messageCount;
      }
    }
  } finally {
    await broker.close();
  }
  return purged;
}
