import { describe, expect, it } from "vitest";
import { fillArguments, queryProperty, satisfies } from "../src/model/json-schema";

// How the offline model fills a client tool's arguments: the query in the free-text field, a value of the right type
// in every other required field, and null (the tool is not called) whenever it cannot be sure the client accepts it.
const object = (properties: Record<string, unknown>, required: string[] = Object.keys(properties), extra: Record<string, unknown> = {}) => ({
  type: "object",
  properties,
  required,
  ...extra,
});

describe("fillArguments", () => {
  it("puts the query in the field named for it, else the first required free-text field", () => {
    expect(fillArguments(object({ q: { type: "string" } }), "otters")).toEqual({ q: "otters" });
    expect(fillArguments(object({ pattern: { type: "string" }, path: { type: "string" } }, ["pattern"]), "otters")).toEqual({ pattern: "otters" });
    expect(fillArguments(object({ topic: { type: "string" }, note: { type: "string" } }, ["note"]), "otters")).toEqual({ note: "otters" });
    expect(queryProperty(object({ id: { type: "integer" }, label: { type: "string", enum: ["a"] } }))).toBeNull();
  });

  it("fills each required field by its type and constraints", () => {
    const schema = object({
      query: { type: "string", maxLength: 4 },
      count: { type: "integer", minimum: 3, multipleOf: 2 },
      ratio: { type: "number", exclusiveMaximum: 0.5, minimum: 0 },
      kind: { enum: ["fast", "slow"] },
      fixed: { const: 42 },
      maybe: { type: ["string", "null"], minLength: 1 },
      pair: { type: "array", items: { type: "integer", minimum: 5 }, minItems: 2 },
      when: { type: "string", format: "date" },
      either: { anyOf: [{ type: "string", pattern: "^x$" }, { type: "boolean" }] },
      defaulted: { type: "integer", default: 7 },
    });
    const args = fillArguments(schema, "otters");
    expect(args).toEqual({ query: "otte", count: 4, ratio: 0, kind: "fast", fixed: 42, maybe: "x", pair: [5, 5], when: "1970-01-01", either: false, defaulted: 7 });
    expect(satisfies(schema, args)).toBe(true);
  });

  it("refuses schemas it cannot be sure to satisfy", () => {
    const refuse = (schema: unknown) => expect(fillArguments(schema, "otters")).toBeNull();
    refuse(null);
    refuse({ type: "array" });
    refuse(object({ id: { type: "integer" } })); // nowhere to put the query
    refuse(object({ query: { type: "string" }, filter: { $ref: "#/$defs/filter" } }));
    refuse(object({ query: { type: "string" }, other: { not: { type: "string" } } }));
    refuse(object({ query: { type: "string" }, at: { type: "string", format: "ipv6" } }));
    refuse(object({ query: { type: "string" }, n: { type: "integer", minimum: 5, maximum: 3 } }));
    refuse(object({ query: { type: "string", minLength: 2 }, code: { type: "string", pattern: "^[A-Z]{3}$" } }));
    refuse(object({ query: { type: "string" } }, ["query", "undeclared"], { additionalProperties: false }));
  });

  it("accepts a tool without declared parameters only if it can carry the query", () => {
    expect(fillArguments({ type: "object", properties: {} }, "otters")).toBeNull();
    expect(fillArguments({ properties: { text: { type: "string" } } }, "otters")).toEqual({ text: "otters" });
  });
});

describe("satisfies", () => {
  it("checks types, required, additionalProperties and combinators", () => {
    const schema = object({ a: { type: "integer" } }, ["a"], { additionalProperties: false });
    expect(satisfies(schema, { a: 1 })).toBe(true);
    expect(satisfies(schema, { a: 1.5 })).toBe(false);
    expect(satisfies(schema, {})).toBe(false);
    expect(satisfies(schema, { a: 1, b: 2 })).toBe(false);
    expect(satisfies({ oneOf: [{ type: "integer" }, { type: "number" }] }, 1)).toBe(false);
    expect(satisfies({ type: "array", uniqueItems: true }, [1, 1])).toBe(false);
    expect(satisfies({ type: "string", nullable: true }, null)).toBe(true);
  });
});
