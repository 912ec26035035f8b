// Document shapes the ERPNext driver reads and writes. ERPNext returns Float and Currency fields as
// JSON numbers; the driver sends amounts as decimal strings, which Frappe parses exactly.

export interface ErpNextCustomer {
  name: string;
  customer_name: string;
  customer_type: 'Company' | 'Individual';
  customer_group: string;
  territory: string;
  tax_id: string | null;
}

export interface NewErpNextCustomer {
  customer_name: string;
  customer_type: 'Company' | 'Individual';
  customer_group?: string;
  territory?: string;
  tax_id?: string;
}

export type ErpNextProjectStatus = 'Open' | 'Completed' | 'Cancelled';

export interface ErpNextProject {
  name: string;
  project_name: string;
  status: ErpNextProjectStatus;
  customer: string | null;
  company: string | null;
  expected_start_date: string | null;
  expected_end_date: string | null;
  estimated_costing: number;
  throughline_contract_id: string | null;
}

export interface NewErpNextProject {
  project_name: string;
  customer: string;
  company: string;
  expected_start_date: string;
  expected_end_date?: string;
  estimated_costing?: string;
  // The canonical contract id, stored in a custom field so a retry can find this project.
  throughline_contract_id: string;
}

export interface NewSalesOrderItem {
  item_code: string;
  description: string;
  qty: string;
  rate: string;
}

export interface NewSalesOrderTax {
  charge_type: 'On Net Total';
  account_head: string;
  description: string;
  rate: string;
}

export interface NewPaymentScheduleRow {
  due_date: string;
  invoice_portion: string;
  payment_amount: string;
  description?: string;
}

export interface NewErpNextSalesOrder {
  customer: string;
  project?: string;
  company: string;
  currency: string;
  transaction_date: string;
  delivery_date: string;
  // The customer's purchase order number; Throughline puts the canonical billing schedule id here.
  po_no: string;
  items: NewSalesOrderItem[];
  taxes?: NewSalesOrderTax[];
  payment_schedule?: NewPaymentScheduleRow[];
}

export interface ErpNextSalesOrder {
  name: string;
  customer: string;
  project: string | null;
  company: string;
  currency: string;
  transaction_date: string;
  delivery_date: string;
  po_no: string | null;
  net_total: number;
  total_taxes_and_charges: number;
  grand_total: number;
  status: string;
  docstatus: number;
}

export interface NewErpNextSalesInvoice {
  customer: string;
  project?: string;
  company: string;
  currency: string;
  posting_date: string;
  due_date: string;
  // Throughline puts the canonical milestone id here, so a retry finds the invoice it made.
  po_no: string;
  remarks?: string;
  items: NewSalesOrderItem[];
  taxes?: NewSalesOrderTax[];
}

export interface ErpNextSalesInvoice {
  name: string;
  customer: string;
  project: string | null;
  company: string;
  currency: string;
  posting_date: string;
  due_date: string;
  po_no: string | null;
  net_total: number;
  total_taxes_and_charges: number;
  grand_total: number;
  status: string;
  docstatus: number;
}

// A Sales Order with its child rows, as reconciliation and amendments read it.
export interface ErpNextSalesOrderDetail extends ErpNextSalesOrder {
  items: { item_code: string; description: string; qty: number; rate: number; amount: number }[];
  payment_schedule: { due_date: string; payment_amount: number; description?: string }[];
}
