// The floor of a call: the same request as the command sends, by node:http
// alone, with its answer printed. Nothing can send it for less.
//   node http.cjs ENDPOINT_URL
"use strict";
const { request } = require("node:http");

const url = new URL(process.argv[2]);
const body = JSON.stringify({ ClientId: "1example23456789", Username: "jane" });
const req = request(
  {
    host: url.hostname,
    port: url.port,
    method: "POST",
    path: "/",
    headers: {
      "content-type": "application/x-amz-json-1.1",
      "x-amz-target": "AWSCognitoIdentityProviderService.ResendConfirmationCode",
      "content-length": Buffer.byteLength(body),
    },
  },
  (res) => {
    const chunks = [];
    res.on("data", (chunk) => chunks.push(chunk));
    res.on("end", () =>
      process.stdout.write(`${JSON.stringify(JSON.parse(Buffer.concat(chunks).toString()), null, 4)}\n`),
    );
  },
);
req.end(body);
