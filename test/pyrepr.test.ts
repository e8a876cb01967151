// Values in messages print as the AWS CLI prints them (Python's repr and str).
import { expect, test } from "vitest";
import { PySet, pyRepr, pyStr, pyType } from "../src/common/pyrepr";

test.each([
  [null, "None", "<class 'NoneType'>"],
  [true, "True", "<class 'bool'>"],
  [1, "1", "<class 'int'>"],
  [1.5, "1.5", "<class 'float'>"],
  ["x", "'x'", "<class 'str'>"],
  ["it's", '"it\'s"', "<class 'str'>"],
  ["a\nb\\", "'a\\nb\\\\'", "<class 'str'>"],
  [["1", "2"], "['1', '2']", "<class 'list'>"],
  [{ k: "v", n: [1] }, "{'k': 'v', 'n': [1]}", "<class 'dict'>"],
  [new Uint8Array([0x78, 0xff, 0x27, 0x0a]), 'b"x\\xff\'\\n"', "<class 'bytes'>"],
  [new Date("2020-01-01T00:00:00Z"), "2020-01-01", "<class 'datetime.date'>"],
  [new PySet(["a"]), "{'a'}", "<class 'set'>"],
  [new PySet([]), "set()", "<class 'set'>"],
])("%j", (value, repr, type) => {
  expect(pyRepr(value)).toBe(repr);
  expect(pyType(value)).toBe(type);
});

test("str() of a string is the string itself", () => {
  expect(pyStr("plain")).toBe("plain");
  expect(pyStr(["plain"])).toBe("['plain']");
});
