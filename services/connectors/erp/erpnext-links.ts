// Links to ERPNext records in its desk UI (/app/<doctype in kebab case>/<name>), which the lineage
// shows so a finance user can open the record the platform made.
export function erpNextRecordUrl(baseUrl: string, doctype: string, name: string): string {
  const slug = doctype.toLowerCase().replaceAll(' ', '-');
  return `${baseUrl.replace(/\/$/, '')}/app/${slug}/${encodeURIComponent(name)}`;
}
