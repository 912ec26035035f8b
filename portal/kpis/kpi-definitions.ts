import type { Kpis } from '../../services/core/kpis.ts';

// The dashboard's KPIs, each read from the shared KPI computation that GET /v1/metrics/kpis also
// serves, so the portal and the API show the same figures.

/** Hours within which an amendment counts as synchronised; the API's default too. */
export const AMENDMENT_SLA_HOURS = 24;

export interface KpiDefinition {
  key: string;
  title: string;
  /** 'duration' values are seconds; '%' values are percentages; '' values are counts. */
  unit: 'duration' | '%' | '';
  explanation: string;
  read(kpis: Kpis): number | null;
  /** The data behind the figure, such as "12 activations". */
  basis(kpis: Kpis): string;
}

const percent = (ratio: number | null) => (ratio === null ? null : Math.round(ratio * 1000) / 10);

export const KPI_DEFINITIONS: KpiDefinition[] = [
  {
    key: 'activation-median', title: 'Time to activation, median', unit: 'duration',
    explanation: 'From the contract execution webhook to a completed activation run.',
    read: (kpis) => kpis.activation.medianSeconds, basis: (kpis) => `${kpis.activation.runs} activations`,
  },
  {
    key: 'activation-p95', title: 'Time to activation, 95th percentile', unit: 'duration',
    explanation: 'The slowest 5 % of activations take longer than this.',
    read: (kpis) => kpis.activation.p95Seconds, basis: (kpis) => `${kpis.activation.runs} activations`,
  },
  {
    key: 'amendments', title: 'Amendments synchronised within SLA', unit: '%',
    explanation: `Amendment runs completed within ${AMENDMENT_SLA_HOURS} hours of the CLM's webhook.`,
    read: (kpis) => percent(kpis.amendments.ratio), basis: (kpis) => `${kpis.amendments.withinSla} of ${kpis.amendments.runs} amendments`,
  },
  {
    key: 'mismatch', title: 'Billing exceptions from contract mismatch', unit: '',
    explanation: 'Exceptions and reconciliation gaps where contract and billing data disagree.',
    read: (kpis) => kpis.billingExceptionsFromContractMismatch.exceptions + kpis.billingExceptionsFromContractMismatch.reconciliationGaps,
    basis: (kpis) => `${kpis.billingExceptionsFromContractMismatch.exceptions} exceptions and ${kpis.billingExceptionsFromContractMismatch.reconciliationGaps} gaps`,
  },
  {
    key: 'automatic', title: 'Runs without manual work', unit: '%',
    explanation: 'Finished runs that completed without any exception.',
    read: (kpis) => percent(kpis.runsWithoutManualWork.ratio), basis: (kpis) => `${kpis.runsWithoutManualWork.withoutManualWork} of ${kpis.runsWithoutManualWork.finished} runs`,
  },
  {
    key: 'reconciliation', title: 'Reconciliation accuracy', unit: '%',
    explanation: 'Contracts whose CLM value matched the ERP billing in completed reconciliations.',
    read: (kpis) => percent(kpis.reconciliationAccuracy.ratio), basis: (kpis) => `${kpis.reconciliationAccuracy.contractsMatched} of ${kpis.reconciliationAccuracy.contractsChecked} contracts`,
  },
  {
    key: 'recovery', title: 'Mean time to recover', unit: 'duration',
    explanation: 'From a run\'s first exception to its completion.',
    read: (kpis) => kpis.recovery.meanSeconds, basis: (kpis) => `${kpis.recovery.recovered} recovered runs`,
  },
];
