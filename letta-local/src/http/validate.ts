import { isId, type IdKind } from "../ids";
import { badRequest, unprocessable } from "./errors";

export function requireId(kind: IdKind, value: string | undefined, what = `${kind}_id`): string {
  if (value === undefined || !isId(kind, value)) {
    throw unprocessable(`Invalid ${what}: ${JSON.stringify(value ?? null)} is not a valid ${kind} id`);
  }
  return value;
}

export function optionalString(body: Record<string, unknown>, key: string, max = 100_000): string | null | undefined {
  const value = body[key];
  if (value === undefined) return undefined;
  if (value === null) return null;
  if (typeof value !== "string") throw unprocessable(`'${key}' must be a string`);
  if (value.length > max) throw unprocessable(`'${key}' is longer than ${max} characters`);
  return value;
}

export function optionalBool(body: Record<string, unknown>, key: string): boolean | null | undefined {
  const value = body[key];
  if (value === undefined || value === null) return value as undefined | null;
  if (typeof value !== "boolean") throw unprocessable(`'${key}' must be a boolean`);
  return value;
}

export function optionalInt(body: Record<string, unknown>, key: string): number | null | undefined {
  const value = body[key];
  if (value === undefined || value === null) return value as undefined | null;
  if (typeof value !== "number" || !Number.isInteger(value)) throw unprocessable(`'${key}' must be an integer`);
  return value;
}

export function optionalStringList(body: Record<string, unknown>, key: string): string[] | null | undefined {
  const value = body[key];
  if (value === undefined || value === null) return value as undefined | null;
  if (!Array.isArray(value) || value.some((item) => typeof item !== "string")) {
    throw unprocessable(`'${key}' must be a list of strings`);
  }
  return value as string[];
}

export function optionalRecord(body: Record<string, unknown>, key: string): Record<string, unknown> | null | undefined {
  const value = body[key];
  if (value === undefined || value === null) return value as undefined | null;
  if (typeof value !== "object" || Array.isArray(value)) throw unprocessable(`'${key}' must be an object`);
  return value as Record<string, unknown>;
}

/** Letta model handles are `provider/model-name` (archive: LettaInvalidArgumentError → 400). */
export function validateModelHandle(model: string | null | undefined): void {
  if (model && !model.includes("/")) {
    throw badRequest("INVALID_ARGUMENT: The model handle should be in the format provider/model-name");
  }
}
