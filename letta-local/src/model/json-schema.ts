/**
 * Just enough JSON Schema for the offline model to call a client tool the client will accept: fill a tool's
 * arguments (the query in the field meant for it, every other required field with a value of its type) and check
 * the result against the schema. A schema using anything this module does not understand ($ref, not, if/then,
 * patternProperties, unknown formats…) is treated as one it cannot satisfy, so the model never guesses.
 */
type Schema = Record<string, unknown>;

/** Keywords this module honours, plus annotations that never constrain a value. */
const KNOWN = new Set([
  "type", "properties", "required", "additionalProperties", "items", "enum", "const", "minLength", "maxLength", "pattern",
  "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf", "minItems", "maxItems", "uniqueItems",
  "anyOf", "oneOf", "allOf", "format", "nullable", "default", "description", "title", "examples", "$schema", "$id",
  "$comment", "deprecated", "readOnly", "writeOnly", "strict",
]);
/** String formats: a valid example to fill in, and a check for values given by the schema (defaults). */
const FORMATS: Record<string, { example: string; test: RegExp }> = {
  "date-time": { example: "1970-01-01T00:00:00.000Z", test: /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/ },
  date: { example: "1970-01-01", test: /^\d{4}-\d\d-\d\d$/ },
  time: { example: "00:00:00Z", test: /^\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)?$/ },
  email: { example: "user@example.com", test: /^[^@\s]+@[^@\s]+\.[^@\s]+$/ },
  uri: { example: "https://example.com/", test: /^[a-z][a-z0-9+.-]*:\S+$/i },
  url: { example: "https://example.com/", test: /^[a-z][a-z0-9+.-]*:\S+$/i },
  uuid: { example: "00000000-0000-4000-8000-000000000000", test: /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i },
};

const isObject = (value: unknown): value is Schema => Boolean(value) && typeof value === "object" && !Array.isArray(value);

/** A string property that can carry free text: its own name says so, else the first required one, else any. */
export function queryProperty(schema: Schema): string | null {
  const properties = isObject(schema.properties) ? schema.properties : {};
  const free = Object.keys(properties).filter((name) => {
    const p = properties[name];
    return isObject(p) && typesOf(p).includes("string") && p.enum === undefined && p.const === undefined && p.pattern === undefined && p.format === undefined;
  });
  const required = Array.isArray(schema.required) ? schema.required : [];
  return (
    free.find((name) => /^(query|q|text|search|search_?(query|term|text)|term|keywords?|pattern|question|prompt)$/i.test(name)) ??
    free.find((name) => required.includes(name)) ??
    free[0] ??
    null
  );
}

function typesOf(schema: Schema): string[] {
  const type = schema.type;
  const types = Array.isArray(type) ? type.map(String) : typeof type === "string" ? [type] : [];
  return schema.nullable === true ? [...types, "null"] : types;
}

function understood(schema: unknown): boolean {
  if (typeof schema === "boolean") return true;
  if (!isObject(schema)) return false;
  if (!Object.keys(schema).every((key) => KNOWN.has(key))) return false;
  if (typeof schema.format === "string" && !(schema.format in FORMATS)) return false;
  const children = [
    ...(isObject(schema.properties) ? Object.values(schema.properties) : []),
    ...(isObject(schema.items) ? [schema.items] : []),
    ...(isObject(schema.additionalProperties) ? [schema.additionalProperties] : []),
    ...["anyOf", "oneOf", "allOf"].flatMap((key) => (Array.isArray(schema[key]) ? (schema[key] as unknown[]) : [])),
  ];
  return children.every(understood);
}

/** A value for `schema`: `text` where free text goes, else the default, the first enum value, or the simplest valid value. */
function valueFor(schema: Schema, text: string | null): unknown {
  if (text !== null && typesOf(schema).includes("string") && satisfies(schema, text)) return text;
  if (schema.const !== undefined) return schema.const;
  if (Array.isArray(schema.enum)) return schema.enum[0];
  if (schema.default !== undefined && satisfies(schema, schema.default)) return schema.default;
  for (const key of ["anyOf", "oneOf"]) {
    const options = Array.isArray(schema[key]) ? (schema[key] as Schema[]) : [];
    for (const option of options) {
      const value = valueFor(option, text);
      if (satisfies(schema, value)) return value;
    }
  }
  if (Array.isArray(schema.allOf)) return valueFor(Object.assign({}, ...(schema.allOf as Schema[])), text);
  const type = typesOf(schema).find((t) => t !== "null") ?? (isObject(schema.properties) ? "object" : "null");
  switch (type) {
    case "string": {
      if (typeof schema.format === "string") return FORMATS[schema.format]?.example ?? "";
      const base = text ?? "";
      const min = typeof schema.minLength === "number" ? schema.minLength : 0;
      const max = typeof schema.maxLength === "number" ? schema.maxLength : Infinity;
      return base.padEnd(min, "x").slice(0, max);
    }
    case "integer":
    case "number":
      return numberFor(schema, type === "integer");
    case "boolean":
      return false;
    case "array": {
      const count = typeof schema.minItems === "number" ? schema.minItems : 0;
      const item = isObject(schema.items) ? schema.items : {};
      return Array.from({ length: count }, () => valueFor(item, text));
    }
    case "object":
      return objectFor(schema, text);
    default:
      return null;
  }
}

/** The smallest "natural" number in range: the minimum, else 1, moved inside exclusive bounds and onto multipleOf. */
function numberFor(schema: Schema, integer: boolean): number {
  const step = typeof schema.multipleOf === "number" && schema.multipleOf > 0 ? schema.multipleOf : 1;
  let value = typeof schema.minimum === "number" ? schema.minimum : 1;
  if (typeof schema.exclusiveMinimum === "number" && value <= schema.exclusiveMinimum) value = schema.exclusiveMinimum + step;
  if (typeof schema.maximum === "number" && value > schema.maximum) value = schema.maximum;
  if (typeof schema.exclusiveMaximum === "number" && value >= schema.exclusiveMaximum) value = schema.exclusiveMaximum - step;
  return integer || typeof schema.multipleOf === "number" ? Math.ceil(value / step) * step : value;
}

function objectFor(schema: Schema, text: string | null): Record<string, unknown> {
  const properties = isObject(schema.properties) ? schema.properties : {};
  const required = Array.isArray(schema.required) ? (schema.required as string[]) : [];
  const queryName = text === null ? null : queryProperty(schema);
  const result: Record<string, unknown> = {};
  for (const name of new Set([...(queryName ? [queryName] : []), ...required])) {
    const property = properties[name];
    result[name] = valueFor(isObject(property) ? property : {}, name === queryName ? text : null);
  }
  return result;
}

const kindOf = (value: unknown): string =>
  value === null ? "null" : Array.isArray(value) ? "array" : Number.isInteger(value) ? "integer" : typeof value;

/** Whether `value` is valid under `schema` (for the keywords in KNOWN). */
export function satisfies(schema: unknown, value: unknown): boolean {
  if (typeof schema === "boolean") return schema;
  if (!isObject(schema)) return false;
  const types = typesOf(schema);
  const kind = kindOf(value);
  if (types.length && !types.some((t) => t === kind || (t === "number" && kind === "integer"))) return false;
  if (schema.const !== undefined && JSON.stringify(schema.const) !== JSON.stringify(value)) return false;
  if (Array.isArray(schema.enum) && !schema.enum.some((option) => JSON.stringify(option) === JSON.stringify(value))) return false;
  if (typeof value === "string" && !stringOk(schema, value)) return false;
  if (typeof value === "number" && !numberOk(schema, value)) return false;
  if (Array.isArray(value) && !arrayOk(schema, value)) return false;
  if (kind === "object" && !objectOk(schema, value as Record<string, unknown>)) return false;
  if (Array.isArray(schema.allOf) && !schema.allOf.every((part) => satisfies(part, value))) return false;
  if (Array.isArray(schema.anyOf) && !schema.anyOf.some((part) => satisfies(part, value))) return false;
  if (Array.isArray(schema.oneOf) && schema.oneOf.filter((part) => satisfies(part, value)).length !== 1) return false;
  return true;
}

function stringOk(schema: Schema, value: string): boolean {
  if (typeof schema.minLength === "number" && value.length < schema.minLength) return false;
  if (typeof schema.maxLength === "number" && value.length > schema.maxLength) return false;
  if (typeof schema.pattern === "string") {
    try {
      if (!new RegExp(schema.pattern, "u").test(value)) return false;
    } catch {
      return false;
    }
  }
  return typeof schema.format !== "string" || Boolean(FORMATS[schema.format]?.test.test(value));
}

function numberOk(schema: Schema, value: number): boolean {
  if (typeof schema.minimum === "number" && value < schema.minimum) return false;
  if (typeof schema.maximum === "number" && value > schema.maximum) return false;
  if (typeof schema.exclusiveMinimum === "number" && value <= schema.exclusiveMinimum) return false;
  if (typeof schema.exclusiveMaximum === "number" && value >= schema.exclusiveMaximum) return false;
  return typeof schema.multipleOf !== "number" || Number.isInteger(value / schema.multipleOf);
}

function arrayOk(schema: Schema, value: unknown[]): boolean {
  if (typeof schema.minItems === "number" && value.length < schema.minItems) return false;
  if (typeof schema.maxItems === "number" && value.length > schema.maxItems) return false;
  if (schema.uniqueItems === true && new Set(value.map((item) => JSON.stringify(item))).size !== value.length) return false;
  return schema.items === undefined || value.every((item) => satisfies(schema.items, item));
}

function objectOk(schema: Schema, value: Record<string, unknown>): boolean {
  const properties = isObject(schema.properties) ? schema.properties : {};
  const required = Array.isArray(schema.required) ? (schema.required as string[]) : [];
  if (!required.every((name) => name in value)) return false;
  return Object.entries(value).every(([name, item]) =>
    name in properties ? satisfies(properties[name], item) : schema.additionalProperties === undefined || satisfies(schema.additionalProperties, item),
  );
}

/**
 * Arguments for a tool whose parameters are `schema`, with `text` in its free-text field; null when the schema
 * has no such field, uses what this module cannot check, or the filled arguments would not validate.
 */
export function fillArguments(schema: unknown, text: string): Record<string, unknown> | null {
  if (!isObject(schema) || !understood(schema)) return null;
  if (schema.type !== undefined && schema.type !== "object") return null;
  if (!queryProperty(schema)) return null;
  const args = objectFor(schema, text);
  return satisfies(schema, args) ? args : null;
}
