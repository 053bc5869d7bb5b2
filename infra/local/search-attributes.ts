import { Connection, ConnectionOptions } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
// Relative, not @eduaid/contracts: jest's global setup loads this file outside jest's module mapping.
import { SEARCH_ATTRIBUTES } from '../../libs/contracts/src/search-attributes';

/**
 * Registers eduaid's custom search attributes on the namespace (dev server or a real cluster).
 * Idempotent: attributes that exist already are left as they are.
 */
export async function ensureSearchAttributes(address: string, namespace: string, access: Omit<ConnectionOptions, 'address'> = {}): Promise<string[]> {
  const connection = await Connection.connect({ ...access, address });
  try {
    const existing = await connection.operatorService.listSearchAttributes({ namespace });
    const known = new Set(Object.keys(existing.customAttributes ?? {}));
    const missing = Object.values(SEARCH_ATTRIBUTES).filter((a) => !known.has(a.name));
    if (missing.length > 0) {
      await connection.operatorService.addSearchAttributes({
        namespace,
        searchAttributes: Object.fromEntries(
          missing.map((a) => [a.name, temporal.api.enums.v1.IndexedValueType[`INDEXED_VALUE_TYPE_${a.type}`]]),
        ),
      });
    }
    return missing.map((a) => a.name);
  } finally {
    await connection.close();
  }
}
