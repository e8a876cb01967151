// Skeletons come from the schema: every member, in the model's order.
import { load } from "js-yaml";
import { expect, test } from "vitest";
import { inputSkeletonJson, inputSkeletonYaml, outputSkeleton } from "../src/input/skeleton";
import { loadSchema } from "../src/input/schema";

test("the JSON input skeleton has every member in model order with empty strings", () => {
  const skeleton = JSON.parse(inputSkeletonJson());
  expect(Object.keys(skeleton)).toEqual(Object.keys(loadSchema("input").properties ?? {}));
  expect(skeleton.UserContextData).toEqual({ IpAddress: "", EncodedData: "" });
  expect(skeleton.ClientMetadata).toEqual({ KeyName: "" });
  expect(inputSkeletonJson()).toMatch(/^\{\n {4}"ClientId": "",\n/);
});

test("the YAML input skeleton is the same document, with comments and [REQUIRED] marks", () => {
  const yaml = inputSkeletonYaml();
  expect(load(yaml)).toEqual(JSON.parse(inputSkeletonJson()));
  expect(yaml).toContain("ClientId: ''  # [REQUIRED] The ID of the user pool app client where the user signed up.\n");
  expect(yaml).toContain("Username: '' # [REQUIRED] ");
  expect(yaml).toContain(
    "UserContextData: # Contextual data about your user session like the device fingerprint, IP address, or location.\n",
  );
});

test("the output skeleton holds each field's own name", () => {
  expect(outputSkeleton()).toEqual({
    CodeDeliveryDetails: {
      Destination: "Destination",
      DeliveryMedium: "DeliveryMedium",
      AttributeName: "AttributeName",
    },
  });
});
