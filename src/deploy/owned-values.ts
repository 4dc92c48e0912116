/**
 * The live values at the paths a managed-fields set (`fieldsV1`) names, so drift is
 * seen by value, whoever wrote it: another manager may change a value we applied
 * without taking the field from us (a Secret's `data` behind our `stringData`, a
 * write that keeps the managed fields). Only hashed, never printed or stored.
 *
 * fieldsV1 keys: `f:name` a field, `k:{...}` the list element with those key
 * fields, `v:value` a set element, `i:n` a list index, `.` the node itself; an
 * empty set means the whole value is owned.
 */
import { isRecord } from '../lib/is-record.js';

function matchesKey(element: unknown, key: Record<string, unknown>): boolean {
  return isRecord(element) && Object.entries(key).every(([k, v]) => JSON.stringify(element[k]) === JSON.stringify(v));
}

function child(value: unknown, key: string): unknown {
  const kind = key.slice(0, 2);
  const rest = key.slice(2);
  if (kind === 'f:') return isRecord(value) ? value[rest] : undefined;
  if (kind === 'k:') return Array.isArray(value) ? value.find((e) => matchesKey(e, JSON.parse(rest) as Record<string, unknown>)) : undefined;
  if (kind === 'v:') return Array.isArray(value) && value.some((e) => JSON.stringify(e) === rest) ? rest : undefined;
  if (kind === 'i:') return Array.isArray(value) ? value[Number(rest)] : undefined;
  return undefined;
}

/** The values under `value` at the paths `fields` names, in the shape of `fields`. */
export function ownedValues(fields: unknown, value: unknown): unknown {
  if (!isRecord(fields)) return value;
  const keys = Object.keys(fields).filter((k) => k !== '.');
  if (keys.length === 0) return value === undefined ? null : value;
  const out: Record<string, unknown> = {};
  for (const key of keys) out[key] = ownedValues(fields[key], child(value, key));
  return out;
}

/**
 * A Secret's `stringData` is write-only: the server stores it base64-encoded in
 * `data`, where another manager may change it without touching our `stringData`.
 */
export function ownedObjectValues(fields: unknown, obj: Record<string, unknown>): unknown {
  if (obj.kind !== 'Secret' || !isRecord(fields) || !isRecord(fields['f:stringData'])) return ownedValues(fields, obj);
  const { 'f:stringData': stringData, ...others } = fields;
  return { ...(ownedValues(others, obj) as Record<string, unknown>), 'f:stringData': ownedValues(stringData, obj.data) };
}
