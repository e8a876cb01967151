// Validation before sending, from schemas/input.json, worded and ordered as the
// AWS CLI's.
import { describe, expect, test } from "vitest";
import { parseJson } from "../src/input/json-parse";
import { requestProblems, validateRequest } from "../src/input/validate";
import { exitCode } from "../src/common";

const ok = { ClientId: "1example23456789", Username: "jane" };

describe("a valid request", () => {
  test.each([
    [ok],
    [
      {
        ...ok,
        SecretHash: "x",
        UserContextData: { IpAddress: "192.0.2.1", EncodedData: "e" },
        AnalyticsMetadata: { AnalyticsEndpointId: "ep" },
        ClientMetadata: { a: "1", "": "" },
      },
    ],
    // Lengths beyond the service's maximum are the service's to refuse, as with the AWS CLI.
    [{ ClientId: "c".repeat(200), Username: "u".repeat(200) }],
  ])("%j has no problems", (request) => {
    expect(requestProblems(request)).toEqual([]);
  });
});

describe("problems", () => {
  test.each([
    [
      "missing members",
      {},
      ['Missing required parameter in input: "ClientId"', 'Missing required parameter in input: "Username"'],
    ],
    [
      "empty strings",
      { ClientId: "", Username: "" },
      [
        "Invalid length for parameter ClientId, value: 0, valid min length: 1",
        "Invalid length for parameter Username, value: 0, valid min length: 1",
      ],
    ],
    [
      "unknown top-level member",
      { ...ok, Bogus: 1 },
      [
        'Unknown parameter in input: "Bogus", must be one of: ClientId, SecretHash, UserContextData, Username, AnalyticsMetadata, ClientMetadata',
      ],
    ],
    [
      "unknown nested member comes before its siblings' problems",
      { ...ok, UserContextData: { IpAddress: 5, Foo: "1" } },
      [
        'Unknown parameter in UserContextData: "Foo", must be one of: IpAddress, EncodedData',
        "Invalid type for parameter UserContextData.IpAddress, value: 5, type: <class 'int'>, valid types: <class 'str'>",
      ],
    ],
    [
      "a map value of the wrong type",
      { ...ok, ClientMetadata: { a: ["1", "2"] } },
      [
        "Invalid type for parameter ClientMetadata.a, value: ['1', '2'], type: <class 'list'>, valid types: <class 'str'>",
      ],
    ],
    [
      "a structure given a string",
      { ...ok, AnalyticsMetadata: "ep" },
      ["Invalid type for parameter AnalyticsMetadata, value: ep, type: <class 'str'>, valid types: <class 'dict'>"],
    ],
    [
      "bytes for a string",
      { ...ok, Username: new Uint8Array([0x6a]) },
      ["Invalid type for parameter Username, value: b'j', type: <class 'bytes'>, valid types: <class 'str'>"],
    ],
    [
      "bytes for a map",
      { ...ok, ClientMetadata: new Uint8Array([0x6a]) },
      ["Invalid type for parameter ClientMetadata, value: b'j', type: <class 'bytes'>, valid types: <class 'dict'>"],
    ],
  ])("%s", (_name, request, problems) => {
    expect(requestProblems(request as Record<string, unknown>)).toEqual(problems);
  });

  test("members are reported in the order they were given", () => {
    const request = parseJson('{"ClientMetadata": {"b": 1, "a": 2}, "Username": "", "ClientId": 3}') as Record<
      string,
      unknown
    >;
    expect(requestProblems(request)).toEqual([
      "Invalid type for parameter ClientMetadata.b, value: 1, type: <class 'int'>, valid types: <class 'str'>",
      "Invalid type for parameter ClientMetadata.a, value: 2, type: <class 'int'>, valid types: <class 'str'>",
      "Invalid length for parameter Username, value: 0, valid min length: 1",
      "Invalid type for parameter ClientId, value: 3, type: <class 'int'>, valid types: <class 'str'>",
    ]);
  });

  test("lengths count characters, not UTF-16 units", () => {
    expect(requestProblems({ ...ok, Username: "😀" })).toEqual([]);
  });

  test("validateRequest throws the whole report with exit code 252", () => {
    expect(() => validateRequest({ ClientId: "" })).toThrow(
      /^Parameter validation failed:\nMissing required parameter in input: "Username"\nInvalid length for parameter ClientId/,
    );
    let thrown: unknown;
    try {
      validateRequest({ ClientId: "" });
    } catch (error) {
      thrown = error;
    }
    expect((thrown as Error).message).toBe(
      'Parameter validation failed:\nMissing required parameter in input: "Username"\nInvalid length for parameter ClientId, value: 0, valid min length: 1',
    );
    expect(exitCode(thrown)).toBe(252);
    expect(() => validateRequest({ ClientId: "c", Username: "u" })).not.toThrow();
    expect(() => validateRequest({})).toThrow(
      'Parameter validation failed:\nMissing required parameter in input: "ClientId"\nMissing required parameter in input: "Username"',
    );
  });
});

test("bytes anywhere are reported once, as the AWS CLI words it", () => {
  expect(
    requestProblems({
      ...ok,
      UserContextData: new Uint8Array([0x68, 0x69]),
      ClientMetadata: { a: new Uint8Array([0x68]) },
    }),
  ).toEqual([
    "Invalid type for parameter UserContextData, value: b'hi', type: <class 'bytes'>, valid types: <class 'dict'>",
    "Invalid type for parameter ClientMetadata.a, value: b'h', type: <class 'bytes'>, valid types: <class 'str'>",
  ]);
});
