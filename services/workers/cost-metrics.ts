import { Gauge } from 'prom-client';
import { RegionBroker } from '../core/broker.ts';
import { statementsSent } from '../core/database.ts';

// Gauges of what this process's work costs the servers it uses. One counts messages the broker
// confirmed (relayed events and moves to retry, overflow and parking queues), the other the
// statements sent to PostgreSQL. A benchmark or an operator relates them to the runs done.
export function registerCostMetrics(): void {
  new Gauge({
    name: 'throughline_broker_published_messages',
    help: 'Messages published with a broker confirm by this process since it started.',
    collect() {
      this.set(RegionBroker.publishedMessages);
    },
  });
  new Gauge({
    name: 'throughline_database_statements',
    help: 'Statements sent to PostgreSQL by this process since it started, each one round trip.',
    collect() {
      this.set(statementsSent());
    },
  });
}
