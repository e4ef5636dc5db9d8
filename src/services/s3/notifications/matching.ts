// Which configurations an object event fires. Event types are "s3:<Family>:<Detail>", and
// "s3:<Family>:*" subscribes to every detail of the family
// (https://docs.aws.amazon.com/AmazonS3/latest/userguide/notification-how-to-event-types-and-destinations.html).
// Key filters compare the object key (not encoded) with the decoded prefix and suffix.

/** Whether a subscribed event type (possibly a wildcard) covers a concrete or wildcard type. */
export function eventCovers(subscribed: string, event: string): boolean {
  if (subscribed === event) return true;
  return subscribed.endsWith(':*') && event.startsWith(subscribed.slice(0, -1));
}

/** Whether two event lists share an event type. */
export function eventsOverlap(a: string[], b: string[]): boolean {
  return a.some((x) => b.some((y) => eventCovers(x, y) || eventCovers(y, x)));
}

/** Whether a destination fires for an event ('ObjectCreated:Put', without `s3:`) on a key. */
export function destinationFires(
  d: { events: string[]; prefix: string; suffix: string },
  eventName: string,
  key: string,
): boolean {
  const event = `s3:${eventName}`;
  return d.events.some((e) => eventCovers(e, event)) && key.startsWith(d.prefix) && key.endsWith(d.suffix);
}
