// The photo app's function, as in the AWS Lambda tutorial "Using an Amazon S3 trigger to create
// thumbnail images": for each uploaded image, read it, resize it to THUMB_WIDTH pixels wide (keeping
// the aspect ratio) and write it to "<bucket>-resized" as "resized-<key>".
// https://docs.aws.amazon.com/lambda/latest/dg/with-s3-tutorial.html
// Runs unchanged on AWS: the SDK comes with the runtime, jimp is bundled into the zip.
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { Jimp } from 'jimp';

// Path-style requests work on AWS and on a local endpoint (AWS_ENDPOINT_URL) alike.
const s3 = new S3Client({ forcePathStyle: true });
const WIDTH = Number(process.env.THUMB_WIDTH ?? 100);
const TYPES = { jpg: 'image/jpeg', jpeg: 'image/jpeg', png: 'image/png', bmp: 'image/bmp', gif: 'image/gif' };

export const handler = async (event) => {
  const results = [];
  for (const record of event.Records) {
    const bucket = record.s3.bucket.name;
    // Keys arrive URL-encoded, spaces as '+'.
    const key = decodeURIComponent(record.s3.object.key.replace(/\+/g, ' '));
    const type = TYPES[key.split('.').pop().toLowerCase()];
    if (!type) {
      console.log(`skipping ${key}: not an image type this function resizes`);
      continue;
    }
    const original = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    const image = await Jimp.read(Buffer.from(await original.Body.transformToByteArray()));
    image.resize({ w: WIDTH });
    const body = await image.getBuffer(type === 'image/gif' ? 'image/png' : type);
    const target = { Bucket: `${bucket}-resized`, Key: `resized-${key}` };
    await s3.send(new PutObjectCommand({ ...target, Body: body, ContentType: type }));
    console.log(
      `resized s3://${bucket}/${key} to s3://${target.Bucket}/${target.Key} (${image.width}x${image.height})`,
    );
    results.push({ ...target, width: image.width, height: image.height });
  }
  return results;
};
