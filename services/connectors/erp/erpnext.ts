import { PROBE_ID, type ConnectionCheck } from '../connection-check.ts';
import { PermanentConnectorError } from '../errors.ts';
import { joinUrl, requestJson, type HttpMethod } from '../http.ts';
import type {
  ErpNextCustomer,
  ErpNextProject,
  ErpNextProjectStatus,
  ErpNextSalesInvoice,
  ErpNextSalesOrder,
  ErpNextSalesOrderDetail,
  NewErpNextCustomer,
  NewErpNextSalesInvoice,
  NewErpNextProject,
  NewErpNextSalesOrder,
} from './erpnext-types.ts';

// Driver for ERPNext through Frappe's REST resource API (/api/resource/<doctype>).
//
// ERPNext has no idempotency keys, so every create has a matching find by a field Throughline
// owns. A flow step calls the find first and creates only when nothing is found. After a timeout
// the create may or may not have been saved, and the retried step then finds any saved record.

const SYSTEM = 'erpnext';

export interface ErpNextClientOptions {
  // The site URL without the API path, such as https://erp.example.com.
  baseUrl: string;
  apiKey: string;
  apiSecret: string;
  timeoutMs?: number;
  // Awaited before each call that may change the system; see ConnectorRequest.beforeChange.
  beforeChange?: () => Promise<void>;
}

type Filter = [field: string, operator: string, value: unknown];

const CUSTOMER_FIELDS = ['name', 'customer_name', 'customer_type', 'customer_group', 'territory', 'tax_id'];
const PROJECT_FIELDS = ['name', 'project_name', 'status', 'customer', 'company', 'expected_start_date', 'expected_end_date', 'estimated_costing', 'throughline_contract_id'];
const SALES_INVOICE_FIELDS = ['name', 'customer', 'project', 'company', 'currency', 'posting_date', 'due_date', 'po_no', 'net_total', 'total_taxes_and_charges', 'grand_total', 'status', 'docstatus'];
const SALES_ORDER_FIELDS = ['name', 'customer', 'project', 'company', 'currency', 'transaction_date', 'delivery_date', 'po_no', 'net_total', 'total_taxes_and_charges', 'grand_total', 'status', 'docstatus'];

export class ErpNextClient implements ConnectionCheck {
  constructor(private readonly options: ErpNextClientOptions) {}

  async checkConnection(): Promise<string> {
    await this.findCustomer({ name: PROBE_ID });
    return 'ERPNext accepted the API key and secret.';
  }

  // Finds the oldest customer with this customer_name and, when taxId is given, this tax_id.
  // ERPNext compares text without regard to case.
  async findCustomer(criteria: { name: string; taxId?: string }): Promise<ErpNextCustomer | undefined> {
    const filters: Filter[] = [['customer_name', '=', criteria.name]];
    if (criteria.taxId) filters.push(['tax_id', '=', criteria.taxId]);
    return this.findOne<ErpNextCustomer>('findCustomer', 'Customer', filters, CUSTOMER_FIELDS);
  }

  // Finds a customer by its ERPNext document name, the id the lineage keeps.
  async findCustomerByDocumentName(name: string): Promise<ErpNextCustomer | undefined> {
    return this.findOne<ErpNextCustomer>('findCustomerByDocumentName', 'Customer', [['name', '=', name]], CUSTOMER_FIELDS);
  }

  // Call findCustomer first: ERPNext names a second customer with the same name "<name> - 1"
  // rather than rejecting it, so a blind retry after a timeout makes a duplicate.
  async createCustomer(customer: NewErpNextCustomer): Promise<ErpNextCustomer> {
    return this.insert<ErpNextCustomer>('createCustomer', 'Customer', customer);
  }

  async findProjectByContract(contractId: string): Promise<ErpNextProject | undefined> {
    return this.findOne<ErpNextProject>('findProjectByContract', 'Project', [['throughline_contract_id', '=', contractId]], PROJECT_FIELDS);
  }

  // Call findProjectByContract first: projects are numbered from a series (PROJ-0001), so a blind
  // retry after a timeout makes a second project.
  async createProject(project: NewErpNextProject): Promise<ErpNextProject> {
    return this.insert<ErpNextProject>('createProject', 'Project', project);
  }

  // Sets the project status; a flow's compensation uses 'Cancelled'. Repeating it is harmless.
  async setProjectStatus(name: string, status: ErpNextProjectStatus): Promise<ErpNextProject> {
    const body = await this.call('setProjectStatus', 'PUT', `/api/resource/Project/${encodeURIComponent(name)}`, { status });
    return dataOf<ErpNextProject>(body, 'setProjectStatus');
  }

  async findSalesOrderByPoNo(poNo: string): Promise<ErpNextSalesOrder | undefined> {
    return this.findOne<ErpNextSalesOrder>('findSalesOrderByPoNo', 'Sales Order', [['po_no', '=', poNo]], SALES_ORDER_FIELDS);
  }

  // Call findSalesOrderByPoNo first, with po_no set to the billing schedule id: sales orders are
  // numbered from a series, so a blind retry after a timeout makes a second order.
  async createSalesOrder(order: NewErpNextSalesOrder): Promise<ErpNextSalesOrder> {
    return this.insert<ErpNextSalesOrder>('createSalesOrder', 'Sales Order', order);
  }

  // Reads a whole Sales Order with its items and payment schedule.
  async getSalesOrder(name: string): Promise<ErpNextSalesOrderDetail> {
    const body = await this.call('getSalesOrder', 'GET', `/api/resource/Sales%20Order/${encodeURIComponent(name)}`);
    return dataOf<ErpNextSalesOrderDetail>(body, 'getSalesOrder');
  }

  // Replaces the fields given on a draft Sales Order; child tables given are replaced whole.
  // Sending the same values again is harmless, so a retry after a timeout is safe.
  async updateSalesOrder(name: string, changes: Partial<NewErpNextSalesOrder>): Promise<ErpNextSalesOrder> {
    const body = await this.call('updateSalesOrder', 'PUT', `/api/resource/Sales%20Order/${encodeURIComponent(name)}`, changes);
    return dataOf<ErpNextSalesOrder>(body, 'updateSalesOrder');
  }

  async findSalesInvoiceByPoNo(poNo: string): Promise<ErpNextSalesInvoice | undefined> {
    return this.findOne<ErpNextSalesInvoice>('findSalesInvoiceByPoNo', 'Sales Invoice', [['po_no', '=', poNo]], SALES_INVOICE_FIELDS);
  }

  // Call findSalesInvoiceByPoNo first, with po_no set to the milestone id: invoices are numbered
  // from a series, so a blind retry after a timeout makes a second invoice. The invoice is a draft.
  async createSalesInvoice(invoice: NewErpNextSalesInvoice): Promise<ErpNextSalesInvoice> {
    return this.insert<ErpNextSalesInvoice>('createSalesInvoice', 'Sales Invoice', invoice);
  }

  private async findOne<T>(operation: string, doctype: string, filters: Filter[], fields: string[]): Promise<T | undefined> {
    const query = new URLSearchParams({
      filters: JSON.stringify(filters),
      fields: JSON.stringify(fields),
      order_by: 'creation asc',
      limit_page_length: '1',
    });
    const body = await this.call(operation, 'GET', `/api/resource/${encodeURIComponent(doctype)}?${query.toString()}`);
    const list = dataOf<unknown>(body, operation);
    if (!Array.isArray(list)) throw shapeError(operation, 'data is not a list');
    return list[0] as T | undefined;
  }

  private async insert<T>(operation: string, doctype: string, doc: object): Promise<T> {
    const body = await this.call(operation, 'POST', `/api/resource/${encodeURIComponent(doctype)}`, doc);
    return dataOf<T>(body, operation);
  }

  private async call(operation: string, method: HttpMethod, path: string, body?: unknown): Promise<unknown> {
    const response = await requestJson({
      system: SYSTEM,
      operation,
      method,
      url: joinUrl(this.options.baseUrl, path),
      headers: { authorization: `token ${this.options.apiKey}:${this.options.apiSecret}` },
      body,
      timeoutMs: this.options.timeoutMs,
      beforeChange: this.options.beforeChange,
      describeError: frappeErrorMessage,
    });
    return response.body;
  }
}

function dataOf<T>(body: unknown, operation: string): T {
  const data = (body as { data?: unknown } | undefined)?.data;
  if (data === undefined || data === null) throw shapeError(operation, 'the body has no data');
  if (!Array.isArray(data) && typeof (data as { name?: unknown }).name !== 'string') throw shapeError(operation, 'the record has no name');
  return data as T;
}

function shapeError(operation: string, problem: string): PermanentConnectorError {
  return new PermanentConnectorError(`${SYSTEM} ${operation} returned an unexpected response: ${problem}. Check the connector's base URL.`, { system: SYSTEM, operation });
}

// Frappe puts user-facing messages in _server_messages: a JSON list of JSON-encoded objects.
export function frappeErrorMessage(body: unknown): string | undefined {
  const error = body as { exc_type?: unknown; _server_messages?: unknown } | undefined;
  const type = typeof error?.exc_type === 'string' ? error.exc_type : undefined;
  let message: string | undefined;
  if (typeof error?._server_messages === 'string') {
    try {
      const first = (JSON.parse(error._server_messages) as string[])[0];
      message = first === undefined ? undefined : (JSON.parse(first) as { message?: string }).message;
    } catch {
      message = undefined;
    }
  }
  if (type && message) return `${type}: ${message}`;
  return type ?? message;
}
