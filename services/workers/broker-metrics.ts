import { Gauge } from 'prom-client';
import { RegionBroker } from '../core/broker.ts';

// Messages this process has had confirmed by the broker (relayed events and moves to retry,
// overflow and parking queues), so a benchmark or an operator can relate broker work to runs.
export function registerBrokerMetrics(): void {
  new Gauge({
    name: 'throughline_broker_published_messages',
    help: 'Messages published with a broker confirm by this process since it started.',
    collect() {
      this.set(RegionBroker.publishedMessages);
    },
  });
}
