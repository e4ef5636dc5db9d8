// The guestbook's backend: GET /entries lists the entries, POST /entries adds one. State lives in S3
// (one JSON object), through the AWS SDK the Node.js runtime provides, at the endpoint Cumulo gives
// functions (AWS_ENDPOINT_URL).
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';

const s3 = new S3Client({ forcePathStyle: true });
const Bucket = process.env.BUCKET;
const Key = 'guestbook.json';

async function load() {
  try {
    const out = await s3.send(new GetObjectCommand({ Bucket, Key }));
    return JSON.parse(await out.Body.transformToString());
  } catch (e) {
    if (e.name === 'NoSuchKey') return [];
    throw e;
  }
}

export const handler = async (event) => {
  if (event.requestContext.http.method === 'GET') return { entries: await load() };
  const text = event.isBase64Encoded
    ? Buffer.from(event.body ?? '', 'base64').toString()
    : (event.body ?? '');
  let input;
  try {
    input = JSON.parse(text);
  } catch {
    input = {};
  }
  const name = String(input.name ?? '').trim();
  const message = String(input.message ?? '').trim();
  if (!name || !message) {
    return {
      statusCode: 400,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ error: 'Name and message are required.' }),
    };
  }
  const entries = await load();
  entries.push({ name, message, at: event.requestContext.timeEpoch });
  await s3.send(
    new PutObjectCommand({ Bucket, Key, Body: JSON.stringify(entries), ContentType: 'application/json' }),
  );
  return {
    statusCode: 201,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ entries }),
  };
};
