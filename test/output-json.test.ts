// JSON output as the AWS CLI prints it.
import { expect, test } from "vitest";
import { renderJson } from "../src/output-json";

test("members follow the model's order and unknown ones are dropped", () => {
  const text = renderJson({ $metadata: { httpStatusCode: 200 }, Extra: 1, CodeDeliveryDetails: { AttributeName: "email", Unknown: 2, DeliveryMedium: "EMAIL", Destination: "j***@e***" } });
  expect(text).toBe('{\n    "CodeDeliveryDetails": {\n        "Destination": "j***@e***",\n        "DeliveryMedium": "EMAIL",\n        "AttributeName": "email"\n    }\n}\n');
});

test("non-ASCII text is kept as it is", () => {
  expect(renderJson({ CodeDeliveryDetails: { Destination: "z***@ë***" } })).toContain('"Destination": "z***@ë***"');
});

test("an empty response prints nothing", () => {
  expect(renderJson({ $metadata: {} })).toBe("");
  expect(renderJson({})).toBe("");
});

test("an empty structure prints as {}", () => {
  expect(renderJson({ CodeDeliveryDetails: {} })).toBe('{\n    "CodeDeliveryDetails": {}\n}\n');
});
